// The rules of `quoth check`: their ids, default severities and descriptions, and the severity
// scale findings are gated on.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace quoth::check {

// Ordered: a finding is "at or above" a level when its severity compares >= to it.
enum class Severity : uint8_t { Off = 0, Info = 1, Warning = 2, Error = 3 };

// "off", "info", "warning", "error".
std::string_view to_string(Severity severity);
// Parses one of the names above; false when unknown.
bool parse_severity(std::string_view name, Severity& severity);

enum class Rule : uint8_t {
  InvalidUtf8,           // bytes that are not UTF-8
  ControlCharacter,      // NUL and other C0/C1 control characters (tab, LF, CR excepted)
  ReplacementCharacter,  // U+FFFD in the text: damage from an earlier decoding
  DocumentTooLarge,      // over --max-doc-bytes
  EmptyDocument,         // empty or white space only
  UnbalancedQuotes,      // an opening mark never closed in its paragraph, or a stray closing mark
  MismatchedQuotes,      // a closing mark of another style than the opening one
  MixedQuoteStyles,      // straight, curly, low-9 and guillemet quotations in one document
  QuoteWithoutSpeaker,   // a direct quotation the pipeline found no speaker for
  ReadError,             // the input could not be read (always an error, cannot be disabled)
};
constexpr size_t kRuleCount = 10;

struct RuleInfo {
  Rule rule;
  std::string_view id;  // stable, kebab-case: what configs, reports and SARIF use
  Severity default_severity;
  std::string_view description;
};

// Every rule, in the order of the enum.
const std::array<RuleInfo, kRuleCount>& all_rules();
const RuleInfo& rule_info(Rule rule);
// Finds a rule by id; false when unknown.
bool find_rule(std::string_view id, Rule& rule);

}  // namespace quoth::check
