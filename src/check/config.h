// The configuration file of `quoth check` (.quoth.json): severities per rule, rules turned off,
// the --fail-on level and --max-doc-bytes. See docs/check.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "check/linter.h"

namespace quoth::check {

struct CheckConfig {
  LintConfig lint = LintConfig::defaults();
  std::optional<Severity> fail_on;          // "fail-on"; Off stands for "never"
  std::optional<uint64_t> max_doc_bytes;    // "max-doc-bytes"
  std::optional<size_t> max_findings_per_rule;  // "max-findings-per-rule"
};

// Applies the JSON configuration in `json` (from file `name`, for messages) to `config`. False
// and `error` ("NAME: message") when it is not valid JSON, names an unknown rule or key, or has a
// value of the wrong kind.
bool apply_config(std::string_view json, std::string_view name, CheckConfig& config, std::string& error);

// Reads the file at `path` and applies it as above; false and `error` when it cannot be read.
bool load_config_file(const std::string& path, CheckConfig& config, std::string& error);

}  // namespace quoth::check
