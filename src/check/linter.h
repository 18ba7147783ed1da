// The corpus linter of `quoth check`: one linear pass over a document's bytes (encoding, control
// characters, quotation marks) plus what the pipeline's analysis says (quotes with no speaker).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "check/rules.h"
#include "quoth/quoth.h"

namespace quoth::check {

struct LintConfig {
  // Severity of each rule, indexed by Rule; Severity::Off disables it.
  std::array<Severity, kRuleCount> severity{};
  uint64_t max_doc_bytes = 64ull << 20;
  // Per document and rule, findings past this many are folded into one "N more" finding.
  size_t max_findings_per_rule = 20;

  // Every rule at its default severity.
  static LintConfig defaults();
  bool enabled(Rule rule) const { return severity[static_cast<size_t>(rule)] != Severity::Off; }
};

struct Finding {
  Rule rule = Rule::ReadError;
  Severity severity = Severity::Error;
  uint32_t offset = 0;  // BYTE offset into Document::text where the finding is
  std::string message;
};

// Line and column of a finding, both 1-based. For a whole-file document (Document::line == 0):
// the line in the file (LF, CRLF or CR ends a line) and the column in code points within it. For a
// JSONL record: the line of the record in the file, and 1 + the code point offset inside its text.
struct Location {
  uint64_t line = 1;
  uint64_t column = 1;
};

class Linter {
 public:
  explicit Linter(LintConfig config) : config_(config) {}

  const LintConfig& config() const { return config_; }

  // True when a rule needs the pipeline's analysis (quote-without-speaker is enabled).
  bool needs_analysis() const { return config_.enabled(Rule::QuoteWithoutSpeaker); }

  // Appends the findings of `doc` to `out`, sorted by offset. `analysis` may be null (rules that
  // need it are then skipped); when it carries an error, that error is reported as a finding.
  // A document with a read error yields only its read-error finding. Linear in the text size.
  void lint(const Document& doc, const Analysis* analysis, std::vector<Finding>& out) const;

 private:
  LintConfig config_;
};

// Fills `out` (cleared first) with the location of each of `findings` (sorted by offset) in `doc`.
// Linear in the text size.
void locate(const Document& doc, const std::vector<Finding>& findings, std::vector<Location>& out);

}  // namespace quoth::check
