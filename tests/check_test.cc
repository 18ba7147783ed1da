// Unit tests for the corpus linter of `quoth check`: rules, locations, configuration, reports.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "check/config.h"
#include "check/linter.h"
#include "check/report.h"

using namespace quoth;
using namespace quoth::check;
using namespace std::literals;

namespace {

std::vector<Finding> lint(std::string_view text, const LintConfig& config = LintConfig::defaults(),
                          const Analysis* analysis = nullptr) {
  Document doc;
  doc.id = "t";
  doc.text = std::string(text);
  std::vector<Finding> out;
  Linter(config).lint(doc, analysis, out);
  return out;
}

std::vector<std::string> rules_of(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.emplace_back(rule_info(f.rule).id);
  return out;
}

using Rules = std::vector<std::string>;

}  // namespace

TEST_CASE("well-formed quotations of every style give no finding", "[check]") {
  CHECK(lint("\u201CWe will go,\u201D she said. \u201CHe said \u2018no\u2019 twice.\u201D").empty());
  CHECK(lint("Er sagte: \u201Eja\u201C und \u201Enein\u201D.").empty());
  CHECK(lint("Il a dit \u00AB oui \u00BB. Han sa \u00BBja\u00BB. Hun sagde \u00BBja\u00AB.").empty());
  CHECK(lint("\"Straight,\" he said, \"and 'single' inside.\"").empty());
  CHECK(lint("The girls\u2019 team won in the \u201990s; don\u2019t, O\u2018Neill and the \u201890s.").empty());
  CHECK(lint("He is 5' 10\" tall; a 3.5\" disk.").empty());
  CHECK(lint("\u300C\u306F\u3044\u300D\u3068\u8A00\u3063\u305F").empty());
}

TEST_CASE("an opening mark never closed in its paragraph is unbalanced", "[check]") {
  auto f = lint("He said \u201Cno.\nThen he left.");
  REQUIRE(rules_of(f) == Rules{"unbalanced-quotes"});
  CHECK(f[0].offset == 8);
  CHECK(f[0].severity == Severity::Warning);
  CHECK(f[0].message == "opening \u201C is not closed in its paragraph");
  // One unbalanced mark does not swallow the rest: the next paragraph is paired afresh.
  CHECK(rules_of(lint("\u201CA.\n\nB said \u201Cc\u201D.")) == Rules{"unbalanced-quotes"});
}

TEST_CASE("a stray closing mark is unbalanced", "[check]") {
  auto f = lint("It was over.\u201D Then silence.");
  REQUIRE(rules_of(f) == Rules{"unbalanced-quotes"});
  CHECK(f[0].message == "closing \u201D has no opening mark");
  CHECK(f[0].offset == 12);
}

TEST_CASE("a quote running over paragraphs is not unbalanced (news convention)", "[check]") {
  CHECK(lint("\u201CFirst paragraph of the quote.\n\u201CSecond one, closed.\u201D she said.").empty());
  CHECK(lint("\u201CFirst.\n\n\u201CSecond.\n\n\u201CThird.\u201D").empty());
  // ...but only when the next paragraph reopens it with the same style.
  CHECK(rules_of(lint("\u201CFirst.\n\"Second.\"")) == Rules{"unbalanced-quotes", "mixed-quote-styles"});
}

TEST_CASE("with blank lines, a single line end does not end a paragraph", "[check]") {
  CHECK(lint("\u201CA quote that is\nhard-wrapped,\u201D she said.\n\nNext paragraph.").empty());
  CHECK(rules_of(lint("\u201CA quote that is\nhard-wrapped, she said.\n\nNext.")) == Rules{"unbalanced-quotes"});
}

TEST_CASE("straight marks: opening and closing told by their neighbours", "[check]") {
  // A new quotation opening mid-sentence while one is open: the open one was never closed.
  auto f = lint("He said \"we will and then \"they came\" home.");
  REQUIRE(rules_of(f) == Rules{"unbalanced-quotes"});
  CHECK(f[0].offset == 8);
  CHECK(f[0].message == "opening \" is not closed before the next opening mark");
  // After a sentence end it is a quote running on over a paragraph break lost on one line.
  CHECK(lint("\"We won. \"And we will win again.\" she said.").empty());
  // A straight closing mark after a curly opening one.
  CHECK(rules_of(lint("It was \u201Cthe end\" of it.")) == Rules{"mismatched-quotes"});
}

TEST_CASE("a closing mark of another style is mismatched", "[check]") {
  auto f = lint("He said \u201Cnothing\u00BB else.");
  REQUIRE(rules_of(f) == Rules{"mismatched-quotes"});
  CHECK(f[0].offset == 18);
  CHECK(f[0].message == "closing \u00BB does not match the opening \u201C");
  CHECK(rules_of(lint("A \u00ABword\u201D b.")) == Rules{"mismatched-quotes"});
  // An inner quotation left open when the outer one closes is unbalanced.
  CHECK(rules_of(lint("\u201CHe said \u2018no.\u201D")) == Rules{"unbalanced-quotes"});
}

TEST_CASE("mixed quotation styles are reported once, at the first mark of the second style", "[check]") {
  auto f = lint("\u201COne,\u201D she said. \"Two,\" he said. \u00ABThree\u00BB.");
  REQUIRE(rules_of(f) == Rules{"mixed-quote-styles"});
  CHECK(f[0].severity == Severity::Info);
  CHECK(f[0].offset == std::string_view("\u201COne,\u201D she said. ").size());
  // Single marks nested in double ones are not another style.
  CHECK(lint("\u201CHe said \u2018no\u2019.\u201D").empty());
}

TEST_CASE("encoding rules: invalid UTF-8, control characters, U+FFFD", "[check]") {
  auto f = lint("ok \xFF\xFE bad \x01 and\x00 nul \xC2\x85 next\xEF\xBF\xBD."sv);
  REQUIRE(rules_of(f) == Rules{"invalid-utf8", "control-character", "control-character", "control-character",
                               "replacement-character"});
  CHECK(f[0].message == "2 invalid UTF-8 bytes, the first 0xFF");
  CHECK(f[0].severity == Severity::Error);
  CHECK(f[1].message == "control character U+0001");
  CHECK(f[2].message == "NUL byte");
  CHECK(f[3].message == "control character U+0085");
  CHECK(f[4].severity == Severity::Warning);
  CHECK(lint("tab\tCR\r\nLF\n").empty());
}

TEST_CASE("empty and white-space-only documents", "[check]") {
  CHECK(rules_of(lint("")) == Rules{"empty-document"});
  CHECK(rules_of(lint(" \n\t\u00A0 ")) == Rules{"empty-document"});
  CHECK(lint("x").empty());
}

TEST_CASE("a document over max_doc_bytes is one error and nothing else", "[check]") {
  auto config = LintConfig::defaults();
  config.max_doc_bytes = 4;
  auto f = lint("\xFF\xFF \u201C open", config);
  REQUIRE(rules_of(f) == Rules{"document-too-large"});
  CHECK(f[0].severity == Severity::Error);
}

TEST_CASE("a read error is the only finding of its document", "[check]") {
  Document doc;
  doc.read_error_code = "bad_jsonl";
  doc.read_error_message = "f.jsonl:3: not JSON";
  std::vector<Finding> out;
  Linter(LintConfig::defaults()).lint(doc, nullptr, out);
  REQUIRE(rules_of(out) == Rules{"read-error"});
  CHECK(out[0].message == "f.jsonl:3: not JSON");  // no source and line known: kept whole
  // With the document's source and line known, the finding's location says them; the message
  // does not repeat them.
  doc.source = "f.jsonl";
  doc.line = 3;
  out.clear();
  Linter(LintConfig::defaults()).lint(doc, nullptr, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].message == "not JSON");
}

TEST_CASE("direct quotes without a speaker come from the analysis", "[check]") {
  const std::string text = "\u201CWe won,\u201D she said. \u201CAnd now?\u201D";
  Analysis a;
  Quote with;
  with.span = {0, 13};
  with.speaker = Speaker{{14, 17}, "she", -1};
  Quote without;
  without.span = {static_cast<uint32_t>(text.find("\u201CAnd")), static_cast<uint32_t>(text.size())};
  Quote indirect;
  indirect.type = QuoteType::Indirect;
  indirect.span = {0, 5};
  a.quotes = {with, without, indirect};
  auto f = lint(text, LintConfig::defaults(), &a);
  REQUIRE(rules_of(f) == Rules{"quote-without-speaker"});
  CHECK(f[0].offset == without.span.start);
  CHECK(f[0].severity == Severity::Info);
  CHECK(f[0].message == "direct quotation with no speaker: \u201CAnd now?\u201D");
  CHECK(lint(text).empty());  // no analysis, no such finding
}

TEST_CASE("findings past the per-rule cap fold into one", "[check]") {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "x\x01";
  auto config = LintConfig::defaults();
  config.max_findings_per_rule = 5;
  auto f = lint(text, config);
  REQUIRE(f.size() == 6);
  CHECK(f[5].message == "25 more control-character findings in this document (not shown)");
  CHECK(f[5].offset == 11);
}

TEST_CASE("disabled rules and changed severities", "[check]") {
  auto config = LintConfig::defaults();
  config.severity[static_cast<size_t>(Rule::UnbalancedQuotes)] = Severity::Off;
  config.severity[static_cast<size_t>(Rule::ControlCharacter)] = Severity::Info;
  auto f = lint("\u201Copen \x01", config);
  REQUIRE(rules_of(f) == Rules{"control-character"});
  CHECK(f[0].severity == Severity::Info);
}

TEST_CASE("the quote-mark pass is linear on 100,000 unmatched marks", "[check]") {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "\u201C";
  auto f = lint(text);
  CHECK(f.size() == 21);  // 20 + the "more" finding
}

TEST_CASE("locations: file line and code point column, JSONL record line and text column", "[check]") {
  Document doc;
  doc.text = "ab\n\u00E9\u201Cx\r\ny\rz";
  std::vector<Finding> findings = {{Rule::ReadError, Severity::Error, 0, ""},
                                   {Rule::ReadError, Severity::Error, 5, ""},   // the “ after é
                                   {Rule::ReadError, Severity::Error, 11, ""},  // y
                                   {Rule::ReadError, Severity::Error, 13, ""}}; // z
  std::vector<Location> loc;
  locate(doc, findings, loc);
  REQUIRE(loc.size() == 4);
  CHECK((loc[0].line == 1 && loc[0].column == 1));
  CHECK((loc[1].line == 2 && loc[1].column == 2));
  CHECK((loc[2].line == 3 && loc[2].column == 1));
  CHECK((loc[3].line == 4 && loc[3].column == 1));
  doc.line = 7;  // a JSONL record
  locate(doc, findings, loc);
  CHECK((loc[1].line == 7 && loc[1].column == 5));
  CHECK((loc[3].line == 7 && loc[3].column == 11));
}

TEST_CASE("configuration: severities, off, fail-on, limits, errors", "[check]") {
  CheckConfig c;
  std::string error;
  REQUIRE(apply_config(R"({"rules": {"mixed-quote-styles": "off", "empty-document": {"severity": "error"}},
                           "fail-on": "never", "max-doc-bytes": 100, "max-findings-per-rule": 3})",
                       "cfg", c, error));
  CHECK(!c.lint.enabled(Rule::MixedQuoteStyles));
  CHECK(c.lint.severity[static_cast<size_t>(Rule::EmptyDocument)] == Severity::Error);
  CHECK(c.fail_on == Severity::Off);
  CHECK(c.max_doc_bytes == 100u);
  CHECK(c.max_findings_per_rule == 3u);
  CheckConfig d;
  CHECK_FALSE(apply_config("{", "cfg", d, error));
  CHECK(error == "cfg:1:2: not valid JSON");
  CHECK_FALSE(apply_config("{\n  \"fail_on\": \"warning\",\n  \"rules\": [1,\n}\n", "cfg", d, error));
  CHECK(error == "cfg:4:1: not valid JSON");
  CHECK_FALSE(apply_config("[]", "cfg", d, error));
  CHECK_FALSE(apply_config(R"({"rules": {"nope": "off"}})", "cfg", d, error));
  CHECK(error.find("unknown rule \"nope\"") != std::string::npos);
  CHECK_FALSE(apply_config(R"({"rules": {"read-error": "off"}})", "cfg", d, error));
  CHECK_FALSE(apply_config(R"({"rules": {"empty-document": "loud"}})", "cfg", d, error));
  CHECK_FALSE(apply_config(R"({"fail-on": "off"})", "cfg", d, error));
  CHECK_FALSE(apply_config(R"({"max-doc-bytes": -1})", "cfg", d, error));
  CHECK_FALSE(apply_config(R"({"colour": 1})", "cfg", d, error));
  CHECK(apply_config("// a comment\n{}", "cfg", d, error));
}

namespace {

std::string report(std::string_view format, const Document& doc, Severity fail_on = Severity::Error) {
  std::string error, out;
  auto r = Reporter::create(format, fail_on, error);
  REQUIRE(r);
  std::vector<Finding> f;
  Linter(LintConfig::defaults()).lint(doc, nullptr, f);
  std::vector<Location> loc;
  locate(doc, f, loc);
  r->begin(out);
  r->document({doc.source, doc.id, f, loc}, out);
  Summary s;
  r->end(s, out);
  return out;
}

}  // namespace

TEST_CASE("report formats", "[check]") {
  Document doc;
  doc.source = "dir/a file.txt";
  doc.id = "dir/a file.txt";
  doc.text = "x\n\"open, with <xml> & stuff\x01";
  const std::string text = report("text", doc);
  CHECK(text.find("dir/a file.txt:2:1: warning: opening \" is not closed in its paragraph [unbalanced-quotes]\n") == 0);
  CHECK(text.find("dir/a file.txt:2:26: error: control character U+0001 [control-character]\n") != std::string::npos);

  const std::string gh = report("github", doc);
  CHECK(gh.find("::warning file=dir/a file.txt,line=2,col=1,title=quoth unbalanced-quotes::opening \" is not closed") == 0);

  auto sarif = nlohmann::json::parse(report("sarif", doc));
  CHECK(sarif["version"] == "2.1.0");
  auto& results = sarif["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[1]["ruleId"] == "control-character");
  CHECK(results[1]["level"] == "error");
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir/a%20file.txt");
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2);

  const std::string junit = report("junit", doc, Severity::Warning);
  CHECK(junit.find("<testsuites name=\"quoth check\" tests=\"1\" failures=\"1\" errors=\"0\">") != std::string::npos);
  CHECK(junit.find("&lt;xml&gt; &amp; stuff") == std::string::npos);  // messages hold no document text
  CHECK(junit.find("type=\"error\">dir/a file.txt:2:1: warning: opening &quot; is not closed") != std::string::npos);
  CHECK(junit.find('\x01') == std::string::npos);

  auto line = nlohmann::json::parse(report("jsonl", doc).substr(0, report("jsonl", doc).find('\n')));
  CHECK(line["rule"] == "unbalanced-quotes");
  CHECK(line["column"] == 1);

  std::string error;
  CHECK_FALSE(Reporter::create("xml", Severity::Error, error));
}
