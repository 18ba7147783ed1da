// Unit tests for the quote scanner: mark styles, nesting, apostrophes, paragraphs, bad input.
#include <catch2/catch.hpp>

#include <string>

#include "quote/quote_scanner.h"

using namespace quoth;

namespace {

std::vector<std::string> quotes_of(const std::string& text) {
  std::vector<QuoteSpan> spans;
  scan_quotes(text, spans);
  std::vector<std::string> out;
  for (const auto& q : spans) out.push_back(text.substr(q.span.start, q.span.size()));
  return out;
}

}  // namespace

TEST_CASE("every mark style pairs", "[quote]") {
  CHECK(quotes_of("He said “we will win” today.") == std::vector<std::string>{"“we will win”"});
  CHECK(quotes_of("He said \"we will win\" today.") == std::vector<std::string>{"\"we will win\""});
  CHECK(quotes_of("She said ‘not now’ twice.") == std::vector<std::string>{"‘not now’"});
  CHECK(quotes_of("She said 'not now' twice.") == std::vector<std::string>{"'not now'"});
  CHECK(quotes_of("Il a dit « non » hier.") == std::vector<std::string>{"« non »"});
  CHECK(quotes_of("Er sagte „nein“ gestern.") == std::vector<std::string>{"„nein“"});
  CHECK(quotes_of("Er sagte »nein« gestern.") == std::vector<std::string>{"»nein«"});
  CHECK(quotes_of("Il a dit ‹ non › hier.") == std::vector<std::string>{"‹ non ›"});
  CHECK(quotes_of("彼は「はい」と言った。") == std::vector<std::string>{"「はい」"});
  CHECK(quotes_of("''We are ready,'' Mr. Lee said.") == std::vector<std::string>{"''We are ready,''"});
  CHECK(quotes_of("“We are ready,’’ Mr. Lee said.") == std::vector<std::string>{"“We are ready,’’"});
  CHECK(quotes_of("‘‘We are ready,’’ Mr. Lee said.") == std::vector<std::string>{"‘‘We are ready,’’"});
}

TEST_CASE("a quotation tells whether single marks opened it", "[quote]") {
  auto single = [](const std::string& text) {
    std::vector<QuoteSpan> spans;
    scan_quotes(text, spans);
    REQUIRE(spans.size() == 1);
    return spans[0].single_marks;
  };
  CHECK(single("She said ‘not now’ twice."));
  CHECK(single("She said 'not now' twice."));
  CHECK(single("Il a dit ‹ non › hier."));
  CHECK_FALSE(single("He said “we will win” today."));
  CHECK_FALSE(single("He said ''we will win'' today."));
  CHECK_FALSE(single("Il a dit « non » hier."));
}

TEST_CASE("nested quotes are inside the outer one", "[quote]") {
  CHECK(quotes_of("“He told me ‘go home’ and left,” she said.") ==
        std::vector<std::string>{"“He told me ‘go home’ and left,”"});
  CHECK(quotes_of("\"He told me 'go home' and left,\" she said.") ==
        std::vector<std::string>{"\"He told me 'go home' and left,\""});
}

TEST_CASE("apostrophes are not quotes", "[quote]") {
  CHECK(quotes_of("I don’t know what Artsakh’s leaders want.").empty());
  CHECK(quotes_of("Music from the ’90s and rock ’n’ roll.").empty());
  CHECK(quotes_of("Music from the '90s and rock 'n' roll.").empty());
  CHECK(quotes_of("Protests outside the peacekeepers’ headquarters grew.").empty());
  CHECK(quotes_of("“We don’t see the peacekeepers’ role changing,” he said.") ==
        std::vector<std::string>{"“We don’t see the peacekeepers’ role changing,”"});
  CHECK(quotes_of("‘The drivers’ union won’t agree,’ she said.") ==
        std::vector<std::string>{"‘The drivers’ union won’t agree,’"});
  // An elision typed with an opening mark.
  CHECK(quotes_of("And how ‘bout this headline: “Crime falls,” the paper wrote.") ==
        std::vector<std::string>{"“Crime falls,”"});
  CHECK(quotes_of("Show ‘em the door, and rock ‘n’ roll.").empty());
}

TEST_CASE("split quotes give one span per part", "[quote]") {
  CHECK(quotes_of("“First part,” she said. “Second part.”") ==
        std::vector<std::string>{"“First part,”", "“Second part.”"});
}

TEST_CASE("a quote running over paragraphs reopens without closing", "[quote]") {
  const std::string text = "“The first paragraph of the quote.\n\n“The second one ends here,” he said.";
  std::vector<QuoteSpan> spans;
  scan_quotes(text, spans);
  REQUIRE(spans.size() == 2);
  CHECK(text.substr(spans[0].span.start, spans[0].span.size()) == "“The first paragraph of the quote.");
  CHECK_FALSE(spans[0].closed);
  CHECK(spans[0].continues_next_paragraph);
  CHECK(spans[1].continues_previous_paragraph);
  CHECK(text.substr(spans[1].span.start, spans[1].span.size()) == "“The second one ends here,”");
}

TEST_CASE("an opener after a sentence end inside an open quote of its kind starts a new quote", "[quote]") {
  // Paragraphs run together: each quote paragraph left its mark open, as news style does.
  CHECK(quotes_of("He said: \"We have led. \"We will go on leading.\" Then he left.") ==
        std::vector<std::string>{"\"We have led.", "\"We will go on leading.\""});
  CHECK(quotes_of("He said: “We have led. “We will go on.” Then he left.") ==
        std::vector<std::string>{"“We have led.", "“We will go on.”"});
  // Not inside a sentence.
  CHECK(quotes_of("He said \"we \"won\" it\" today.").size() == 1);
}

TEST_CASE("an unbalanced mark stops at the paragraph end", "[quote]") {
  const std::string text = "He said “this never closes.\nA new paragraph with “a real quote” here.";
  std::vector<QuoteSpan> spans;
  scan_quotes(text, spans);
  REQUIRE(spans.size() == 2);
  CHECK(text.substr(spans[0].span.start, spans[0].span.size()) == "“this never closes.");
  CHECK_FALSE(spans[0].closed);
  CHECK_FALSE(spans[0].continues_next_paragraph);
  CHECK(text.substr(spans[1].span.start, spans[1].span.size()) == "“a real quote”");
}

TEST_CASE("a stray opener does not hide the complete quotes after it", "[quote]") {
  CHECK(quotes_of("He said 'no. “We will win,” she said.") == std::vector<std::string>{"“We will win,”"});
}

TEST_CASE("bad input never crashes and stays linear", "[quote]") {
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "“";
  std::vector<QuoteSpan> spans;
  scan_quotes(many, spans);
  CHECK(spans.size() <= 1);
  std::string mixed;
  for (int i = 0; i < 100000; ++i) mixed += "‘";
  for (int i = 0; i < 100000; ++i) mixed += "”";
  spans.clear();
  scan_quotes(mixed, spans);
  for (const auto& q : spans) CHECK(q.span.end <= mixed.size());
  spans.clear();
  scan_quotes(std::string("\"\xE2\x80\"\xC2\n\"\xE3\x80", 10), spans);
  spans.clear();
  scan_quotes("", spans);
  CHECK(spans.empty());
}
