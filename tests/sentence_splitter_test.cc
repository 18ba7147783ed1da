// Unit tests for the rule-based sentence splitter: one test per rule, on sentences written for
// these tests.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "data/embedded.h"
#include "sentence/sentence_splitter.h"

using namespace quoth;

namespace {

std::vector<std::string> split(std::string_view text) {
  std::vector<ByteSpan> spans;
  SentenceSplitter::default_splitter().split(text, spans);
  std::vector<std::string> out;
  for (const ByteSpan& s : spans) out.emplace_back(text.substr(s.start, s.size()));
  return out;
}

using Sentences = std::vector<std::string>;

}  // namespace

TEST_CASE("the embedded abbreviation data loads", "[sentence]") {
  std::string error;
  auto splitter = SentenceSplitter::from_data(embedded::find("abbreviations.tsv"), "abbreviations.tsv", error);
  REQUIRE(splitter != nullptr);
  CHECK(error.empty());
}

TEST_CASE("periods, question marks and exclamation marks end sentences", "[sentence]") {
  CHECK(split("The rain stopped. We went out.") == Sentences{"The rain stopped.", "We went out."});
  CHECK(split("Is it late? Nobody knows.") == Sentences{"Is it late?", "Nobody knows."});
  CHECK(split("Stop that! Then sit down.") == Sentences{"Stop that!", "Then sit down."});
  CHECK(split("Really?! Yes, really.") == Sentences{"Really?!", "Yes, really."});
  CHECK(split("No final mark here") == Sentences{"No final mark here"});
}

TEST_CASE("a sentence never begins with a lower-case word after . ! or ?", "[sentence]") {
  CHECK(split("He joined Acme Co. last spring.") == Sentences{"He joined Acme Co. last spring."});
  CHECK(split("She writes for Wow! magazine now.") == Sentences{"She writes for Wow! magazine now."});
}

TEST_CASE("titles never end a sentence", "[sentence]") {
  CHECK(split("Yesterday Gov. Ada Brown signed the bill.") == Sentences{"Yesterday Gov. Ada Brown signed the bill."});
  CHECK(split("The letter reached Mr. The Duke of Nowhere.") ==
        Sentences{"The letter reached Mr. The Duke of Nowhere."});
  CHECK(split("They climbed Mt. Ararat in June.") == Sentences{"They climbed Mt. Ararat in June."});
  CHECK(split("Dr. Lee and Prof. Hart disagreed.") == Sentences{"Dr. Lee and Prof. Hart disagreed."});
}

TEST_CASE("abbreviations like U.S., Inc. and etc. end a sentence only before a sentence starter",
          "[sentence]") {
  CHECK(split("The company moved to the U.S. It grew fast there.") ==
        Sentences{"The company moved to the U.S.", "It grew fast there."});
  CHECK(split("The U.S. Senate voted late on Friday.") == Sentences{"The U.S. Senate voted late on Friday."});
  CHECK(split("Shares of Widget Inc. They fell ten percent.") ==
        Sentences{"Shares of Widget Inc.", "They fell ten percent."});
  CHECK(split("He sold the shares to Widget Corp. Holdings last year.") ==
        Sentences{"He sold the shares to Widget Corp. Holdings last year."});
  CHECK(split("We bought pens, pencils, paper etc. The bill was small.") ==
        Sentences{"We bought pens, pencils, paper etc.", "The bill was small."});
}

TEST_CASE("a fragment of fewer than four words does not end at an abbreviation", "[sentence]") {
  CHECK(split("By 9 p.m. The station was empty.") == Sentences{"By 9 p.m. The station was empty."});
  CHECK(split("The train left the station at 9 p.m. The platform was empty.") ==
        Sentences{"The train left the station at 9 p.m.", "The platform was empty."});
}

TEST_CASE("initials do not end a sentence, the pronoun I can", "[sentence]") {
  CHECK(split("The trilogy by J. R. R. Tolkien sold well.") ==
        Sentences{"The trilogy by J. R. R. Tolkien sold well."});
  CHECK(split("Rosa T. Vance will chair the panel.") == Sentences{"Rosa T. Vance will chair the panel."});
  CHECK(split("The prize went to Maria and I. Then the bus came.") ==
        Sentences{"The prize went to Maria and I.", "Then the bus came."});
  CHECK(split("The poems of E. A. Poe are dark.") == Sentences{"The poems of E. A. Poe are dark."});
  CHECK(split("Oranges are rich in vitamin C. They are cheap too.") ==
        Sentences{"Oranges are rich in vitamin C.", "They are cheap too."});
}

TEST_CASE("months, numbers and pages before a number do not end a sentence", "[sentence]") {
  CHECK(split("The talks began on Sept. 14 in Geneva.") == Sentences{"The talks began on Sept. 14 in Geneva."});
  CHECK(split("He wore No. 23 for a decade.") == Sentences{"He wore No. 23 for a decade."});
  CHECK(split("The chart is on p. 7 of the report.") == Sentences{"The chart is on p. 7 of the report."});
  CHECK(split("Prices rose in 2019. 2020 was worse.") == Sentences{"Prices rose in 2019.", "2020 was worse."});
}

TEST_CASE("units inside a sentence", "[sentence]") {
  CHECK(split("The fence stands 6 ft. high near the road.") ==
        Sentences{"The fence stands 6 ft. high near the road."});
  CHECK(split("Output reached 40 mln. The target was higher.") ==
        Sentences{"Output reached 40 mln.", "The target was higher."});
}

TEST_CASE("decimals and prices", "[sentence]") {
  CHECK(split("Inflation hit 3.75 percent. Bonds fell.") == Sentences{"Inflation hit 3.75 percent.", "Bonds fell."});
  CHECK(split("A coffee costs $4.50. That is steep.") == Sentences{"A coffee costs $4.50.", "That is steep."});
  CHECK(split("Version 2.0.1 shipped today.") == Sentences{"Version 2.0.1 shipped today."});
}

TEST_CASE("numbered, lettered and bulleted lists", "[sentence]") {
  CHECK(split("1. Buy bread 2. Call the bank 3. Pay rent") ==
        Sentences{"1. Buy bread", "2. Call the bank", "3. Pay rent"});
  CHECK(split("1. Buy bread. 2. Call the bank.") == Sentences{"1. Buy bread.", "2. Call the bank."});
  CHECK(split("a) Red paint b) Blue paint") == Sentences{"a) Red paint", "b) Blue paint"});
  // A capital letter and a period open with an initial, not a list.
  CHECK(split("A. Smith met B. Jones in May.") == Sentences{"A. Smith met B. Jones in May."});
  CHECK(split("• Cheap rent • Quiet street") == Sentences{"• Cheap rent", "• Quiet street"});
  // A marker that does not continue the list stays inside the item.
  CHECK(split("1) Buy eggs 3) and milk") == Sentences{"1) Buy eggs 3) and milk"});
}

TEST_CASE("ellipses", "[sentence]") {
  CHECK(split("We waited... and waited.") == Sentences{"We waited... and waited."});
  CHECK(split("He paused \xE2\x80\xA6 Then he spoke again.") == Sentences{"He paused \xE2\x80\xA6 Then he spoke again."});
  CHECK(split("It was over.... Nobody cried.") == Sentences{"It was over....", "Nobody cried."});
  CHECK(split("The old ways faded. . . . Later the town grew.") ==
        Sentences{"The old ways faded.", ". . . Later the town grew."});
  CHECK(split("The text says [...] More follows.") == Sentences{"The text says [...]", "More follows."});
}

TEST_CASE("question and exclamation marks inside quotations", "[sentence]") {
  CHECK(split("\"Are you sure?\" she asked.") == Sentences{"\"Are you sure?\" she asked."});
  CHECK(split("\xE2\x80\x9CWhy now?\xE2\x80\x9D Maria Lopez asked.") ==
        Sentences{"\xE2\x80\x9CWhy now?\xE2\x80\x9D Maria Lopez asked."});
  CHECK(split("\"Run!\" he shouted. They ran.") == Sentences{"\"Run!\" he shouted.", "They ran."});
  CHECK(split("\"Run!\" The crowd scattered.") == Sentences{"\"Run!\"", "The crowd scattered."});
}

TEST_CASE("a closing quotation mark or bracket after the end belongs to the sentence", "[sentence]") {
  CHECK(split("She called the result \xE2\x80\x9C" "a triumph.\xE2\x80\x9D\nThe next day was quiet.") ==
        Sentences{"She called the result \xE2\x80\x9C" "a triumph.\xE2\x80\x9D", "The next day was quiet."});
  CHECK(split("\xE2\x80\x9CWe won,\xE2\x80\x9D he said. \xE2\x80\x9CIt was close.\xE2\x80\x9D Fans cheered.") ==
        Sentences{"\xE2\x80\x9CWe won,\xE2\x80\x9D he said.", "\xE2\x80\x9CIt was close.\xE2\x80\x9D",
                  "Fans cheered."});
  CHECK(split("(The vote was close.) Results came later.") ==
        Sentences{"(The vote was close.)", "Results came later."});
  CHECK(split("The mayor (who had resigned.) spoke.") == Sentences{"The mayor (who had resigned.) spoke."});
  CHECK(split("That is Ben Sr.'s car.") == Sentences{"That is Ben Sr.'s car."});
}

TEST_CASE("a short quotation run into a sentence keeps its inner sentences", "[sentence]") {
  CHECK(split("He called it \"a mess. A real mess.\" and left.") ==
        Sentences{"He called it \"a mess. A real mess.\" and left."});
  // Introduced by a comma, the quotation holds sentences of its own.
  CHECK(split("She said, \"We came. We saw.\"") == Sentences{"She said, \"We came.", "We saw.\""});
  // An unclosed mark does not swallow what follows.
  CHECK(split("He called it \"a mess. A real mess.\n\nNext paragraph.").size() == 3);
}

TEST_CASE("line breaks between paragraphs end sentences", "[sentence]") {
  CHECK(split("Storm hits the coast\nTuesday, March 3, 2020\nHeavy rain fell all night.") ==
        Sentences{"Storm hits the coast", "Tuesday, March 3, 2020", "Heavy rain fell all night."});
  CHECK(split("He met Dr.\n\nThe end came soon.") == Sentences{"He met Dr.", "The end came soon."});
  CHECK(split("One line\r\nAnother line\rA third line") ==
        Sentences{"One line", "Another line", "A third line"});
}

TEST_CASE("hard-wrapped paragraphs keep sentences across single line ends", "[sentence]") {
  const std::string text =
      "The committee met on Tuesday morning and after a long debate it\n"
      "agreed to a plan that would cut spending by a tenth over three\n"
      "years. Members said the vote was close.\n"
      "\n"
      "A second paragraph follows here with more words to fill the line\n"
      "and it ends here.\n";
  CHECK(split(text) == Sentences{
                           "The committee met on Tuesday morning and after a long debate it\n"
                           "agreed to a plan that would cut spending by a tenth over three\n"
                           "years.",
                           "Members said the vote was close.",
                           "A second paragraph follows here with more words to fill the line\n"
                           "and it ends here."});
}

TEST_CASE("datelines and dates without final punctuation", "[sentence]") {
  CHECK(split("Springfield, Ohio \xE2\x80\x94 Voters went to the polls.") ==
        Sentences{"Springfield, Ohio \xE2\x80\x94", "Voters went to the polls."});
  CHECK(split("Monday, June 1, 2020 Officials said the road would reopen.") ==
        Sentences{"Monday, June 1, 2020", "Officials said the road would reopen."});
  // A dash inside an ordinary sentence is no dateline.
  CHECK(split("The team lost - Again.") == Sentences{"The team lost - Again."});
}

TEST_CASE("a credit line after a caption starts a sentence", "[sentence]") {
  CHECK(split("Crowds gather in the square Photo: Jane Roe.") ==
        Sentences{"Crowds gather in the square", "Photo: Jane Roe."});
}

TEST_CASE("e-mail addresses and URLs", "[sentence]") {
  CHECK(split("Write to ana.lima@example.org. She answers quickly.") ==
        Sentences{"Write to ana.lima@example.org.", "She answers quickly."});
  CHECK(split("Visit www.example.net/news.html today.") == Sentences{"Visit www.example.net/news.html today."});
  CHECK(split("The form is at https://forms.example.com/a.b. Then press send.") ==
        Sentences{"The form is at https://forms.example.com/a.b.", "Then press send."});
  CHECK(split("Details are on www.example.co.nz. Names will be listed.") ==
        Sentences{"Details are on www.example.co.nz.", "Names will be listed."});
}

TEST_CASE("all-caps text", "[sentence]") {
  CHECK(split("THE MARKET FELL SHARPLY. TRADERS WERE WORRIED.") ==
        Sentences{"THE MARKET FELL SHARPLY.", "TRADERS WERE WORRIED."});
  CHECK(split("MR. JONES SPOKE FIRST.") == Sentences{"MR. JONES SPOKE FIRST."});
  CHECK(split("TROOPS LEFT THE U.S. THE WAR WAS OVER.") ==
        Sentences{"TROOPS LEFT THE U.S.", "THE WAR WAS OVER."});
}

TEST_CASE("spans are byte ranges trimmed of white space", "[sentence]") {
  std::vector<ByteSpan> spans;
  SentenceSplitter::default_splitter().split("  Hi there.  \xC2\xA0" "Bye.  ", spans);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0] == ByteSpan{2, 11});
  CHECK(spans[1] == ByteSpan{15, 19});
  spans.clear();
  SentenceSplitter::default_splitter().split(" \n\t \r\n ", spans);
  CHECK(spans.empty());
  SentenceSplitter::default_splitter().split("", spans);
  CHECK(spans.empty());
}

TEST_CASE("abbreviation data can be replaced and is validated", "[sentence]") {
  std::string error;
  auto custom = SentenceSplitter::from_data("# test list\nzork\tnever\n", "custom.tsv", error);
  REQUIRE(custom != nullptr);
  std::vector<ByteSpan> spans;
  custom->split("See zork. Bar is next.", spans);
  CHECK(spans.size() == 1);
  spans.clear();
  SentenceSplitter::default_splitter().split("See zork. Bar is next.", spans);
  CHECK(spans.size() == 2);

  CHECK(SentenceSplitter::from_data("mr\ttitle\nzork\tsometimes\n", "bad.tsv", error) == nullptr);
  CHECK(error.rfind("bad.tsv:2: ", 0) == 0);
}

TEST_CASE("any input yields ordered, non-empty, trimmed spans", "[sentence]") {
  const char* pieces[] = {"Mr.", " ", "\n", "\n\n", "\"", "\xE2\x80\x9D", "\xE2\x80\x9C", "...", "?", "!",
                          "U.S.", "1.", "a)", "\xE2\x80\xA2", "\xFF", "\xE2\x80", "word", "The", "(", ")",
                          "\r", "-", ". . .", "Sept.", "I."};
  const size_t count = sizeof(pieces) / sizeof(pieces[0]);
  uint32_t seed = 12345;
  for (int round = 0; round < 500; ++round) {
    std::string text;
    const int len = 1 + round % 40;
    for (int k = 0; k < len; ++k) {
      seed = seed * 1103515245u + 12345u;
      text += pieces[(seed >> 16) % count];
    }
    std::vector<ByteSpan> spans;
    SentenceSplitter::default_splitter().split(text, spans);
    uint32_t prev_end = 0;
    for (const ByteSpan& s : spans) {
      REQUIRE(s.start < s.end);
      REQUIRE(s.start >= prev_end);
      REQUIRE(s.end <= text.size());
      const auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
      REQUIRE_FALSE(space(text[s.start]));
      REQUIRE_FALSE(space(text[s.end - 1]));
      prev_end = s.end;
    }
  }
}
