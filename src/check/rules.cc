// Rule table of `quoth check` (see rules.h).
#include "check/rules.h"

namespace quoth::check {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::Off: return "off";
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "off";
}

bool parse_severity(std::string_view name, Severity& severity) {
  if (name == "off") severity = Severity::Off;
  else if (name == "info") severity = Severity::Info;
  else if (name == "warning") severity = Severity::Warning;
  else if (name == "error") severity = Severity::Error;
  else return false;
  return true;
}

const std::array<RuleInfo, kRuleCount>& all_rules() {
  static const std::array<RuleInfo, kRuleCount> rules = {{
      {Rule::InvalidUtf8, "invalid-utf8", Severity::Error, "The text holds bytes that are not valid UTF-8."},
      {Rule::ControlCharacter, "control-character", Severity::Error,
       "The text holds a NUL or another control character (other than tab, line feed, carriage return)."},
      {Rule::ReplacementCharacter, "replacement-character", Severity::Warning,
       "The text holds U+FFFD, the mark of text damaged by an earlier decoding."},
      {Rule::DocumentTooLarge, "document-too-large", Severity::Error,
       "The document is larger than --max-doc-bytes and would not be analysed."},
      {Rule::EmptyDocument, "empty-document", Severity::Warning, "The document is empty or only white space."},
      {Rule::UnbalancedQuotes, "unbalanced-quotes", Severity::Warning,
       "An opening quotation mark is not closed in its paragraph, or a closing mark has no opening one."},
      {Rule::MismatchedQuotes, "mismatched-quotes", Severity::Warning,
       "A quotation is closed with a mark of another style than the one that opened it."},
      {Rule::MixedQuoteStyles, "mixed-quote-styles", Severity::Info,
       "The document opens quotations with marks of more than one style (straight, curly, low-9, guillemets)."},
      {Rule::QuoteWithoutSpeaker, "quote-without-speaker", Severity::Info,
       "A direct quotation for which no speaker was found."},
      {Rule::ReadError, "read-error", Severity::Error, "The input could not be read or is not a valid JSONL record."},
  }};
  return rules;
}

const RuleInfo& rule_info(Rule rule) { return all_rules()[static_cast<size_t>(rule)]; }

bool find_rule(std::string_view id, Rule& rule) {
  for (const auto& info : all_rules()) {
    if (info.id == id) {
      rule = info.rule;
      return true;
    }
  }
  return false;
}

}  // namespace quoth::check
