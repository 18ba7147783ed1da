// Report formats of `quoth check`, chosen by name: text (file:line:col: severity: message [rule]),
// jsonl (one finding per line), github (workflow annotations), sarif (SARIF 2.1.0) and junit
// (JUnit XML, one test case per document). Each appends to a caller's buffer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "check/linter.h"

namespace quoth::check {

// One document's findings (sorted by offset) with their locations (same order).
struct DocumentFindings {
  std::string_view file;  // the input path, "-" for standard input
  std::string_view id;    // the document id
  const std::vector<Finding>& findings;
  const std::vector<Location>& locations;
};

struct Summary {
  uint64_t documents = 0;
  uint64_t documents_with_findings = 0;
  uint64_t counts[4] = {0, 0, 0, 0};  // findings by Severity (index 0 unused)
};

class Reporter {
 public:
  // format: "text", "jsonl", "github", "sarif" or "junit". `fail_on` (Off = never) decides which
  // documents JUnit counts as failed. Null and `error` for an unknown format.
  static std::unique_ptr<Reporter> create(std::string_view format, Severity fail_on, std::string& error);
  virtual ~Reporter() = default;

  virtual void begin(std::string& out) { (void)out; }
  virtual void document(const DocumentFindings& doc, std::string& out) = 0;
  virtual void end(const Summary& summary, std::string& out) { (void)summary, (void)out; }
};

}  // namespace quoth::check
