// Fuzz target for `quoth check`: the linter on any bytes (as a text file and as a JSONL record),
// locations, every report format (the SARIF and JSONL reports must parse as JSON), and the
// configuration parser.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "check/config.h"
#include "check/linter.h"
#include "check/report.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quoth;
  using namespace quoth::check;
  if (size > fuzz::kMaxInput) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data), size);

  CheckConfig config;
  std::string error;
  apply_config(bytes, "fuzz", config, error);

  Document doc;
  doc.text = bytes;
  doc.id = bytes.substr(0, 16);      // ids and paths with any bytes reach the reports
  doc.source = bytes.substr(0, 8);
  LintConfig lint = LintConfig::defaults();
  lint.max_findings_per_rule = 4;
  const Linter linter(lint);
  std::vector<Finding> findings;
  std::vector<Location> locations;
  for (uint64_t line : {uint64_t{0}, uint64_t{3}}) {
    doc.line = line;
    findings.clear();
    linter.lint(doc, nullptr, findings);
    for (size_t k = 0; k < findings.size(); ++k) {
      QUOTH_FUZZ_CHECK(findings[k].offset <= size);
      QUOTH_FUZZ_CHECK(k == 0 || findings[k - 1].offset <= findings[k].offset);
    }
    locate(doc, findings, locations);
    QUOTH_FUZZ_CHECK(locations.size() == findings.size());
    for (const auto& l : locations) QUOTH_FUZZ_CHECK(l.line >= 1 && l.column >= 1 && l.column <= size + 1);
    for (const char* format : {"text", "jsonl", "github", "sarif", "junit"}) {
      auto reporter = Reporter::create(format, Severity::Warning, error);
      QUOTH_FUZZ_CHECK(reporter != nullptr);
      std::string out;
      reporter->begin(out);
      reporter->document({doc.source, doc.id, findings, locations}, out);
      reporter->end(Summary{}, out);
      if (std::string_view(format) == "sarif") {
        QUOTH_FUZZ_CHECK(!nlohmann::json::parse(out, nullptr, false).is_discarded());
      } else if (std::string_view(format) == "jsonl") {
        size_t start = 0;
        for (size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1)
          QUOTH_FUZZ_CHECK(!nlohmann::json::parse(out.substr(start, nl - start), nullptr, false).is_discarded());
      }
    }
  }
  return 0;
}
