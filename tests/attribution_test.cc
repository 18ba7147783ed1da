// Unit tests for the RE2 attributor, one section per pattern family, and for the rules format.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <string>

#include "attribution/attributor.h"
#include "attribution/rules_file.h"
#include "temp_dir.h"

using namespace quoth;
using quoth::testing::TempDir;

namespace {

struct Found {
  std::string type, text, speaker, cue;
};

const Attributor& default_attributor() {
  static std::unique_ptr<Attributor> a = [] {
    std::string error;
    auto p = Attributor::create(PipelineOptions{}, error);
    INFO(error);
    REQUIRE(p);
    return p;
  }();
  return *a;
}

std::vector<Found> attribute(const std::string& text, const Attributor& a = default_attributor()) {
  std::vector<QuoteSpan> spans;
  scan_quotes(text, spans);
  std::vector<Quote> quotes;
  a.attribute(text, {}, spans, quotes);
  std::vector<Found> out;
  for (const auto& q : quotes) {
    Found f;
    f.type = std::string(to_string(q.type));
    f.text = text.substr(q.span.start, q.span.size());
    if (q.speaker) f.speaker = text.substr(q.speaker->span.start, q.speaker->span.size());
    if (q.cue) f.cue = text.substr(q.cue->start, q.cue->size());
    out.push_back(f);
  }
  return out;
}

}  // namespace

TEST_CASE("speaker after the quote", "[attribution]") {
  auto r = attribute("“The bridge will open in May,” the mayor said on Monday.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "direct");
  CHECK(r[0].text == "“The bridge will open in May,”");
  CHECK(r[0].speaker == "the mayor");
  CHECK(r[0].cue == "said");
  r = attribute("“We are not leaving,” said Jane Doe, a union organizer.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker.starts_with("Jane Doe"));
  r = attribute("“Prices will fall,” county chief economist Ann Lee told reporters.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker.find("Ann Lee") != std::string::npos);
  CHECK(r[0].cue == "told");
}

TEST_CASE("a label before a colon is no speaker", "[attribution]") {
  auto r = attribute("NOTE: Results include a gain of 1.2 mln dlrs.\n\nSmith: the plan will work.\n\n"
                     "NOTE: Full name Northfield Telephone Co.\n");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Smith");
  CHECK(r[0].text == "the plan will work");
}

TEST_CASE("a name in angle brackets is read without them, a ticker in them is left out", "[attribution]") {
  auto r = attribute("<Hawley Group Ltd> said it has agreed to buy <Crime Control Inc> for 30 mln dlrs.\n\n"
                     "CSR Ltd <CSRA.S> said it will offer 2.20 dlrs cash for each share.\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].speaker == "Hawley Group Ltd");
  CHECK(r[0].text == "it has agreed to buy <Crime Control Inc> for 30 mln dlrs");
  CHECK(r[1].speaker == "CSR Ltd");
  CHECK(r[1].text == "it will offer 2.20 dlrs cash for each share");
}

TEST_CASE("speaker before the quote", "[attribution]") {
  auto r = attribute("The governor wrote on Twitter: “The storm has passed.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "direct");
  CHECK(r[0].speaker == "The governor");
  CHECK(r[0].cue == "wrote");
  r = attribute("Brown, a longtime ally of the mayor, insisted, “Nothing was hidden.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Brown");
  CHECK(r[0].cue == "insisted");
}

TEST_CASE("split quote gives one record per part with the speaker", "[attribution]") {
  auto r = attribute("“We tried,” Smith said. “It was not enough.”");
  REQUIRE(r.size() == 2);
  CHECK(r[0].speaker == "Smith");
  CHECK(r[1].speaker == "Smith");
  CHECK(r[1].text == "“It was not enough.”");
  r = attribute("“We tried,” Smith said, “but it was not enough.”");
  REQUIRE(r.size() == 2);
  CHECK(r[1].speaker == "Smith");
}

TEST_CASE("according to", "[attribution]") {
  auto r = attribute("The plant will close next year, according to two company officials.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "indirect");
  CHECK(r[0].text == "The plant will close next year");
  CHECK(r[0].speaker == "two company officials");
  CHECK(r[0].cue == "according to");
  r = attribute("According to the report, the river rose by two meters.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "the report");
  CHECK(r[0].text == "the river rose by two meters");
}

TEST_CASE("reported speech after the verb", "[attribution]") {
  auto r = attribute("The minister said that the talks had failed.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "indirect");
  CHECK(r[0].speaker == "The minister");
  CHECK(r[0].text == "the talks had failed");
  r = attribute("She told reporters the vote would be delayed.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "She");
  CHECK(r[0].cue == "told");
  CHECK(r[0].text == "the vote would be delayed");
  r = attribute("Officials warned that the water was unsafe, but residents kept drinking it.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Officials");
  CHECK(r[0].text == "the water was unsafe");
}

TEST_CASE("the paragraph gate finds a speech verb wherever it falls", "[attribution]") {
  // A paragraph with no quotation is passed over unless it holds a colon or a word that may be a
  // speech verb: the verb is moved through the paragraph a byte at a time, after a letter run that
  // grows past 64 letters.
  for (int k = 0; k <= 150; ++k) {
    const std::string filler = "Rain " + std::string(static_cast<size_t>(k), 'a') + " fell. ";
    INFO("filler of " << k << " letters");
    auto r = attribute(filler + "The minister said that the bridge would open.");
    REQUIRE(r.size() == 1);
    CHECK(r[0].speaker == "The minister");
    CHECK(r[0].text == "the bridge would open");
    CHECK(attribute(filler + "The minister sat while the bridge stood open.").empty());
    r = attribute(filler + "Minister Jane Smith: the bridge would open.");  // a colon, no verb
    REQUIRE(r.size() == 1);
    CHECK(r[0].speaker == "Minister Jane Smith");
  }
}

TEST_CASE("a one-sentence paragraph whose gate passed is attributed however it is spaced", "[attribution]") {
  // The sentence gate is not run again on a paragraph that is one sentence: masking must keep its
  // letter runs and colons, whatever white space, control bytes or Unicode spaces stand between.
  for (const std::string sep : {" ", "  ", "\t", "\x01", "\xC2\xA0", "\xE2\x80\x89", " \t "}) {
    INFO("separator bytes: " << sep.size());
    auto r = attribute("The" + sep + "minister" + sep + "said" + sep + "that the bridge would open.");
    REQUIRE(r.size() == 1);
    CHECK(r[0].cue == "said");
    CHECK(r[0].text == "the bridge would open");
    r = attribute("Minister" + sep + "Jane" + sep + "Smith:" + sep + "the bridge would open.");
    REQUIRE(r.size() == 1);
    CHECK(r[0].speaker.starts_with("Minister"));
    CHECK(attribute("The" + sep + "minister" + sep + "sat" + sep + "while the bridge stood open.").empty());
  }
}

TEST_CASE("masking reads long runs of ordinary bytes up to any white space that is no single space",
          "[attribution]") {
  // Masking copies runs of ordinary bytes and single spaces many bytes at a time. Each space of
  // a long sentence in turn is replaced by other white space, a control byte or a Unicode space:
  // wherever it falls in a run, masking must see it, and the sentence reads as before.
  const std::string sentence = "The senior minister for public works said that the new harbour bridge would open.";
  const auto plain = attribute(sentence);
  REQUIRE(plain.size() == 1);
  REQUIRE(plain[0].speaker == "The senior minister for public works");
  REQUIRE(plain[0].cue == "said");
  for (const std::string sep : {"  ", "\t", "\x01", "\xC2\xA0", "\xE2\x80\x89"}) {
    for (size_t at = sentence.find(' '); at != std::string::npos; at = sentence.find(' ', at + 1)) {
      std::string text = sentence;
      text.replace(at, 1, sep);
      // `part` of the sentence as it stands in `text`.
      auto moved = [&](const std::string& part) {
        const size_t s = sentence.find(part), e = s + part.size();
        const size_t grow = sep.size() - 1;
        return text.substr(s + (s > at ? grow : 0), e - s + (e > at && s <= at ? grow : 0));
      };
      INFO("separator bytes: " << sep.size() << ", in place of the space at byte " << at);
      const auto r = attribute(text);
      REQUIRE(r.size() == 1);
      CHECK(r[0].type == plain[0].type);
      CHECK(r[0].speaker == moved(plain[0].speaker));
      CHECK(r[0].cue == moved(plain[0].cue));
      CHECK(r[0].text == moved(plain[0].text));
    }
  }
}

TEST_CASE("reported speech before the verb", "[attribution]") {
  auto r = attribute("The budget will be cut again, the senator argued.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "indirect");
  CHECK(r[0].text == "The budget will be cut again");
  CHECK(r[0].speaker == "the senator");
  CHECK(r[0].cue == "argued");
}

TEST_CASE("participle: X, saying ...", "[attribution]") {
  auto r = attribute("The company denied the claims, saying it had followed every rule.");
  bool found = false;
  for (const auto& f : r)
    if (f.cue == "saying") {
      found = true;
      CHECK(f.speaker.starts_with("The company"));
      CHECK(f.text == "it had followed every rule");
    }
  CHECK(found);
}

TEST_CASE("mixed quote: reported speech holding a quoted fragment", "[attribution]") {
  auto r = attribute("The mayor described the plan as “a good start” and said more would follow.");
  REQUIRE(!r.empty());
  CHECK(r[0].type == "mixed");
  CHECK(r[0].speaker == "The mayor");
  CHECK(r[0].cue == "described");
  CHECK(r[0].text == "the plan as “a good start”");  // a second verb starts a new attribution
}

TEST_CASE("a speaker announced at a paragraph end", "[attribution]") {
  auto r = attribute("The judge wrote:\n“The motion is denied.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "The judge");
}

TEST_CASE("speaker words that are not speakers", "[attribution]") {
  auto r = attribute("When asked about the vote, Garcia said he had no comment.");
  REQUIRE(!r.empty());
  CHECK(r.back().speaker == "Garcia");
}

TEST_CASE("rules format: inflections, errors with file and line", "[attribution]") {
  auto forms = inflect_regular_verb("argue");
  CHECK(forms == std::vector<std::string>{"argue", "argues", "argued", "arguing"});
  forms = inflect_regular_verb("testify");
  CHECK(forms == std::vector<std::string>{"testify", "testifies", "testified", "testifying"});
  forms = inflect_regular_verb("stress");
  CHECK(forms == std::vector<std::string>{"stress", "stresses", "stressed", "stressing"});

  RuleSet set;
  std::string error;
  CHECK_FALSE(parse_rules("# ok\nbogus directive\n", "x.rules", set, error));
  CHECK(error.starts_with("x.rules:2: "));

  TempDir dir;
  const std::string path = dir.write("bad.rules", "# a bad pattern\n\nrule broken (?P<cue>said (\n");
  PipelineOptions options;
  options.rules_files = {path};
  error.clear();
  CHECK_FALSE(Attributor::create(options, error));
  CHECK(error.starts_with(path + ":3: "));
  CHECK(error.find("missing )") != std::string::npos);
}

TEST_CASE("rules files: a drop naming no rule, an unknown group and non-UTF-8 bytes are errors", "[attribution]") {
  struct Case {
    const char* text;
    const char* where;
    const char* what;
  } cases[] = {
      {"# typo\ndrop no-such-rule\n", ":2: ", "no rule has that name"},
      {"rule mine (?P<speeker>C)(?P<cue>{CUE})(?P<rest>)\n", ":1: ", "(?P<speeker>"},
      {"# ok\nverb caf\xE9\n", ":2: ", "not UTF-8"},
  };
  TempDir dir;
  for (const Case& c : cases) {
    const std::string path = dir.write("checks.rules", c.text);
    PipelineOptions options;
    options.rules_files = {path};
    std::string error;
    CHECK_FALSE(Attributor::create(options, error));
    INFO(error);
    CHECK(error.starts_with(path + c.where));
    CHECK(error.find(c.what) != std::string::npos);
  }
  // Dropping a default rule by its name is fine.
  PipelineOptions options;
  options.rules_files = {dir.write("drop.rules", "drop quote-verb-speaker\n")};
  std::string error;
  CHECK(Attributor::create(options, error));
  CHECK(error.empty());
}

namespace {
// An attributor with only the rules of `rules` (written to a scratch file for the while).
std::unique_ptr<Attributor> attributor_with_rules(const std::string& rules) {
  TempDir dir;
  PipelineOptions options;
  options.rules_files = {dir.write("user.rules", rules)};
  options.replace_default_rules = true;
  std::string error;
  auto a = Attributor::create(options, error);
  INFO(error);
  REQUIRE(a);
  return a;
}
}  // namespace

TEST_CASE("user rules replace the default", "[attribution]") {
  auto a = attributor_with_rules("regular-verbs grumble\nrule grumble (?P<speaker>C)(?P<cue>{CUE})(?P<rest>)\n");
  auto r = attribute("Lee grumbled the coffee was cold.", *a);
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Lee");
  CHECK(r[0].cue == "grumbled");
  CHECK(r[0].text == "the coffee was cold");
  CHECK(a->describe().find("searched by ShapeRegex") != std::string::npos);
}

TEST_CASE("a word list is a macro of its words, and a define of the same name wins", "[attribution]") {
  // The class letter C as a one-word list: {WHO} stands for (?:C).
  for (const char* macros : {"words WHO C\n", "words WHO Z\ndefine WHO C\n", "define WHO C\nwords WHO Z\n"}) {
    INFO(macros);
    auto a = attributor_with_rules(std::string("regular-verbs grumble\n") + macros +
                                   "rule grumble (?P<speaker>{WHO})(?P<cue>{CUE})(?P<rest>)\n");
    auto r = attribute("Lee grumbled the coffee was cold.", *a);
    REQUIRE(r.size() == 1);
    CHECK(r[0].speaker == "Lee");
  }
  // A list whose words are no class letter matches nothing; a name no macro has is an error.
  auto none = attributor_with_rules("regular-verbs grumble\nwords WHO Z\nrule grumble (?P<speaker>{WHO})(?P<cue>{CUE})(?P<rest>)\n");
  CHECK(attribute("Lee grumbled the coffee was cold.", *none).empty());
  TempDir dir;
  PipelineOptions options;
  options.rules_files = {dir.write("user.rules", "rule grumble (?P<speaker>{NOBODY})(?P<cue>{CUE})(?P<rest>)\n")};
  options.replace_default_rules = true;
  std::string error;
  CHECK_FALSE(Attributor::create(options, error));
  CHECK(error.find("unknown macro {NOBODY}") != std::string::npos);
}

TEST_CASE("the earliest CONTENT_END word ends the content, with few distinct first bytes or many",
          "[attribution]") {
  // Four distinct anchor bytes or fewer are looked for sixteen bytes at a time, more one by one.
  const char* lists[] = {"words CONTENT_END ,_but_ ;_ _and_then_\n",
                         "words CONTENT_END _while_ ,_but_ ;_ _and_then_ _--_ ( x\n"};
  for (const char* words : lists) {
    INFO(words);
    auto a = attributor_with_rules(
        std::string("regular-verbs grumble\nrule grumble (?P<speaker>C)(?P<cue>{CUE})(?P<rest>)\n") + words);
    auto r = attribute("Lee grumbled the coffee in the canteen was cold and then left, but nobody cared.", *a);
    REQUIRE(r.size() == 1);
    CHECK(r[0].text == "the coffee in the canteen was cold");
    r = attribute("Lee grumbled the coffee in the canteen was cold; and then, but only then, left.", *a);
    REQUIRE(r.size() == 1);
    CHECK(r[0].text == "the coffee in the canteen was cold");
    // A word the content opens with does not end it.
    r = attribute("Lee grumbled and then the coffee in the canteen was cold, but nobody cared.", *a);
    REQUIRE(r.size() == 1);
    CHECK(r[0].text == "and then the coffee in the canteen was cold");
  }
}

TEST_CASE("a rule outside ShapeRegex's subset is searched by RE2, with the same quotes", "[attribution]") {
  // \b is RE2-only syntax; the rule still works, on RE2.
  auto a = attributor_with_rules("regular-verbs grumble\nrule grumble \\b(?P<speaker>C)(?P<cue>{CUE})(?P<rest>)\n");
  CHECK(a->describe().find("searched by RE2") != std::string::npos);
  CHECK(a->describe().find("searched by ShapeRegex") == std::string::npos);
  auto r = attribute("Lee grumbled the coffee was cold.", *a);
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Lee");
  CHECK(r[0].text == "the coffee was cold");
}

namespace {

// The default rules as any user rules file makes them compile (here a file without rules): every
// RE2 program at once, and ShapeRegex only where it reads a rule with RE2's groups. Null with
// `error` set when a default rule does not compile.
std::unique_ptr<Attributor> eager_default_attributor(std::string& error) {
  unsetenv("QUOTH_RULE_ENGINE");
  TempDir dir;
  PipelineOptions options;
  options.rules_files = {dir.write("no-rules.rules", "# no rules\n")};
  return Attributor::create(options, error);
}

}  // namespace

TEST_CASE("every default rule compiles with RE2 and ShapeRegex reads it with RE2's groups", "[attribution]") {
  // The default rules alone compile their RE2 programs only on first use and take their groups
  // from ShapeRegex: that is safe because of what this test checks. With a user rules file (here
  // one without rules) every pattern compiles with RE2 at once, create() fails on the first that
  // does not, and a rule is searched by ShapeRegex only when ShapeRegex read it with RE2's number
  // of groups and RE2's named groups.
  std::string error;
  const auto checked = eager_default_attributor(error);
  INFO(error);
  REQUIRE(checked);
  const std::string listing = checked->describe();
  INFO(listing);
  const size_t at = listing.find("\nrules: ");
  REQUIRE(at != std::string::npos);
  const int rules = std::atoi(listing.c_str() + at + 8);
  CHECK(rules >= 30);
  int by_shape_regex = 0;
  for (size_t p = 0; (p = listing.find("(rules.txt:", p)) != std::string::npos; ++p) {
    const size_t eol = listing.find('\n', p);
    const std::string line = listing.substr(p, eol - p);
    INFO(line);
    CHECK(line.ends_with(", searched by ShapeRegex)"));
    by_shape_regex += line.ends_with(", searched by ShapeRegex)");
  }
  CHECK(by_shape_regex == rules);

  // The default rules alone, their RE2 programs compiled on first use and their ShapeRegex
  // programs read from the rules image the build embeds: the same rules, the same programs (`rules
  // show` compiles them), the same engines, and every rule from the image.
  std::string lazy = default_attributor().describe();
  const std::string image_line = fmt::format("rules read precompiled from the binary: {}\n", rules);
  const size_t image_at = lazy.find(image_line);
  INFO(lazy);
  REQUIRE(image_at != std::string::npos);
  lazy.erase(image_at, image_line.size());
  CHECK(lazy == listing);
}

TEST_CASE("the default rules give the same quotes with RE2 compiled on first use as compiled at once",
          "[attribution]") {
  std::string error;
  const auto eager = eager_default_attributor(error);
  REQUIRE(eager);
  const auto lazy = Attributor::create(PipelineOptions{}, error);  // no RE2 program compiled yet
  REQUIRE(lazy);
  // A match of thousands of bytes, whose groups ShapeRegex leaves to RE2 (compiled here, on the
  // lazy attributor's first such match), and a few short ones.
  std::string longest = "Smith";
  for (int k = 0; k < 300; ++k) longest += " went to the market and bought some bread";
  longest += ", saying the prices were too high.";
  const std::string texts[] = {
      longest,
      "“We will resume the talks,” Prime Minister Nikol Pashinyan told reporters on Monday. He said that the two "
      "sides had agreed, according to a statement.",
      "Lee said the coffee was cold.\n\n“Why?” asked Smith.",
  };
  for (const std::string& text : texts) {
    const auto found = attribute(text, *lazy);
    const auto reference = attribute(text, *eager);
    INFO(text.substr(0, 80));
    REQUIRE(found.size() == reference.size());
    REQUIRE_FALSE(found.empty());
    for (size_t k = 0; k < found.size(); ++k) {
      CHECK(found[k].type == reference[k].type);
      CHECK(found[k].text == reference[k].text);
      CHECK(found[k].speaker == reference[k].speaker);
      CHECK(found[k].cue == reference[k].cue);
    }
  }
  const auto r = attribute(longest, *lazy);
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Smith");
  CHECK(r[0].cue == "saying");
  CHECK(r[0].text == "the prices were too high");
}

TEST_CASE("a speaker-and-verb sentence attributes the quote before or after it", "[attribution]") {
  auto r = attribute("“Is the plan ready?” Lopez, a retired teacher, asked.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Lopez");
  r = attribute("The mayor agreed. “We cannot wait another year.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "The mayor");
  CHECK(r[0].cue == "agreed");
}

TEST_CASE("an unattributed quote inherits across a quoted fragment", "[attribution]") {
  auto r = attribute("“It is over,” Kim told the council after hinting that “changes” were coming. "
                     "“Nothing is off the table.”");
  REQUIRE(r.size() >= 2);
  CHECK(r.front().speaker == "Kim");
  CHECK(r.back().text == "“Nothing is off the table.”");
  CHECK(r.back().speaker == "Kim");
}

TEST_CASE("titles, possessives and appositives in speaker mentions", "[attribution]") {
  auto r = attribute("“We are ready,” State Department spokesman Ned Ray told reporters.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "State Department spokesman Ned Ray");
  r = attribute("“The numbers moved,” the county’s chief economist Li Wen said.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker.find("Li Wen") != std::string::npos);
  r = attribute("“The numbers moved,” said one official familiar with the talks.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "one official familiar with the talks");
  r = attribute("Forty percent of voters said the economy mattered most.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Forty percent of voters");
  CHECK(r[0].text == "the economy mattered most");
}

TEST_CASE("lower-case title words open a speaker named after the verb at a clause's end", "[attribution]") {
  auto r = attribute("The fund is $9 million short, said former state governor Ed Varga, who chairs the committee.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "indirect");
  CHECK(r[0].text == "The fund is $9 million short");
  CHECK(r[0].speaker == "former state governor Ed Varga");
  // Not where the name goes on into more of the sentence: there the words are what was said.
  r = attribute("The mayor said improving Main Street was her goal.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "The mayor");
}

TEST_CASE("speak and talk report a topic only through about, of or out, the topic is what was said", "[attribution]") {
  auto r = attribute("Senator Lee spoke about the need for new bridges.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "the need for new bridges");
  CHECK(r[0].speaker == "Senator Lee");
  CHECK(attribute("Senator Lee spoke warmly of her rival.").size() == 1);
  CHECK(attribute("Senator Lee spoke to reporters on Tuesday.").empty());
  CHECK(attribute("Senator Lee spoke for more than 45 minutes.").empty());
  CHECK(attribute("Trade talks between the two countries broke down in May.").empty());
}

TEST_CASE("appearing somewhere is no attribution", "[attribution]") {
  CHECK(attribute("The senator appeared on MSNBC on Sunday.").empty());
  CHECK(attribute("The actor appeared in seven films by the director.").empty());
  CHECK(attribute("Later the governor appeared with the candidate at a rally.").empty());
}

TEST_CASE("a verb's base form that is also a noun is no cue after a singular word, a verb or an article", "[attribution]") {
  CHECK(attribute("Revolving credit in February rose 1.04 billion dlrs.").empty());
  CHECK(attribute("The tender offer will expire on Friday.").empty());
  CHECK(attribute("The annual report for the year has not been filed.").empty());
  CHECK(attribute("The plan is set to go into effect in April.").empty());
  CHECK(attribute("Growth in domestic demand will fuel imports.").empty());
  // The noun phrase then stands as the subject of a verb of its own.
  auto r = attribute("The plan “strikes me as a very pragmatic thing to do,” analyst Jim Doak commented.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "analyst Jim Doak");
  // After a plural, a pronoun or an auxiliary the word is a verb.
  r = attribute("Analysts report that sales fell in March.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Analysts");
  CHECK(r[0].text == "sales fell in March");
  r = attribute("They plan to sell the unit by June.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "They");
  r = attribute("The bank would offer new terms to its lenders, the chairman said.");
  REQUIRE(!r.empty());
  CHECK(r[0].speaker == "the chairman");
}

TEST_CASE("the subject of a passive is no source, but who was quoted as saying is", "[attribution]") {
  CHECK(attribute("Results will be announced on Tuesday.").empty());
  CHECK(attribute("Prices were said to have been very attractive.").empty());
  CHECK(attribute("The senator was told that the vote had been moved.").empty());
  CHECK(attribute("The merger is also expected to close in May.").empty());
  auto r = attribute("“I demand better transparency,” he is quoted as saying.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "he");
  // An active verb after an auxiliary that is no form of "be" keeps its subject.
  r = attribute("The senator has said that the vote had been moved.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "The senator");
  CHECK(r[0].text == "the vote had been moved");
}

TEST_CASE("reported content without that starts after the medium and after out", "[attribution]") {
  auto r = attribute("Acme Corp said in a statement it had bought 9.4 mln shares.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "it had bought 9.4 mln shares");
  r = attribute("The ministry said in its quarterly market report, the surplus had doubled.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "the surplus had doubled");
  r = attribute("The minister told reporters in a briefing the talks had failed.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "the talks had failed");
  r = attribute("Baker pointed out that the loans were paid on time.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "the loans were paid on time");
  CHECK(r[0].cue == "pointed out");
  // A medium that ends the sentence is no content.
  CHECK(attribute("Smith told Reuters in an interview.").empty());
  // Other words after the preposition stay in the content.
  r = attribute("Analysts said in the first quarter sales fell.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "in the first quarter sales fell");
}

TEST_CASE("a speaker that ran over its own verb gives that verb back as the cue", "[attribution]") {
  // The longest speaker ends at a passive participle, which is no cue: "said" is.
  auto r = attribute("The Department said significant increases were shown in orders.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "The Department");
  CHECK(r[0].cue == "said");
  CHECK(r[0].text == "significant increases were shown in orders");
}

TEST_CASE("a speaker's prepositional tail may be a name, and an Arabic article is part of one", "[attribution]") {
  auto r = attribute("Prices will rise again next year, a spokesman for the Federal Banking Supervisory Office said.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "a spokesman for the Federal Banking Supervisory Office");
  r = attribute("Oil revenues fell sharply last year, Commerce Minister Suleiman al-Salim said.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Commerce Minister Suleiman al-Salim");
}

TEST_CASE("a capitalised auxiliary before a capitalised word after a quotation is a first name", "[attribution]") {
  auto r = attribute("“It was an attempt to mislead voters,” Will Moy, chief executive of Full Fact, told the BBC.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Will Moy");
  CHECK(r[0].type == "direct");
}

TEST_CASE("a speaker does not end with its own speech verb", "[attribution]") {
  auto r = attribute("The company said it would close the plant, adding that 200 jobs would go.");
  REQUIRE(r.size() == 2);
  CHECK(r[0].speaker == "The company");
  CHECK(r[1].speaker == "The company");
  CHECK(r[1].text == "200 jobs would go");
}

TEST_CASE("reported content stops where a new clause begins", "[attribution]") {
  auto r = attribute("The senator said the bill would pass, adding that the vote was set for May.");
  REQUIRE(!r.empty());
  CHECK(r[0].text == "the bill would pass");
  r = attribute("Police said the suspect fled on foot, and the search went on overnight.");
  REQUIRE(!r.empty());
  CHECK(r[0].text == "the suspect fled on foot");
  r = attribute("Reed called the ruling “a disgrace” and said she would appeal.");
  REQUIRE(r.size() == 2);
  CHECK(r[0].type == "mixed");
  CHECK(r[0].text == "the ruling “a disgrace”");
  CHECK(r[1].cue == "said");
  CHECK(r[1].text == "she would appeal");
}

TEST_CASE("headline and question attributions", "[attribution]") {
  auto r = attribute("Mayor Ortiz: The Budget Will Balance");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Mayor Ortiz");
  CHECK(r[0].text == "The Budget Will Balance");
  r = attribute("Asked whether the plant would reopen, the manager shrugged.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].cue == "Asked");
  CHECK(r[0].text == "whether the plant would reopen");
}

TEST_CASE("no speaker after a preposition", "[attribution]") {
  auto r = attribute("In a blog post on Friday, Lee wrote: “The data are clear.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Lee");
  CHECK(r[0].cue == "wrote");
}

TEST_CASE("a bare quote paragraph continues the previous paragraph's speaker", "[attribution]") {
  auto r = attribute("“We will rebuild,” the mayor said.\n\n“It will take years, but we will do it.”");
  REQUIRE(r.size() == 2);
  CHECK(r[1].speaker == "the mayor");
  r = attribute("“We will rebuild,” the mayor said.\n\nThe council voted later.\n\n“It will take years.”");
  REQUIRE(r.size() == 2);
  CHECK(r[1].speaker.empty());
}

TEST_CASE("a long quotation no rule attributes still counts, with the sentence's opening mention", "[attribution]") {
  auto r = attribute("Garcia stood at the podium and, to loud cheers, promised “we will rebuild every school and every "
                     "clinic in this county before the next winter comes”.");
  bool found = false;
  for (const auto& f : r)
    if (f.type == "direct") {
      found = true;
      CHECK(f.speaker == "Garcia");
    }
  CHECK(found);
  r = attribute("The so-called “reform” passed.");
  for (const auto& f : r) CHECK(f.type != "direct");
}

TEST_CASE("an attribution line under a pull quote names its speaker", "[attribution]") {
  auto r = attribute("The tax code is complex.\n\n“Most big companies pay nothing at all.”\n\n- Senator Ada Moss.\n\n"
                     "That claim needs context.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Senator Ada Moss");
  r = attribute("“Great speech. She is ready.”\n\n—Ada Moss, writing after the debate.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Ada Moss");
  // A dash line under a paragraph that is not a quotation attributes nothing.
  r = attribute("The tax code is complex.\n\n- Senator Ada Moss.");
  CHECK(r.empty());
}

TEST_CASE("a sentence ending in a colon announces the next paragraph's quote", "[attribution]") {
  auto r = attribute("The council issued a statement:\n\n“We will rebuild the bridge before winter.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "The council");
  r = attribute("Said Moss:\n\n“We will rebuild the bridge before winter.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Moss");
}

TEST_CASE("speaker phrases between the quote and its verb", "[attribution]") {
  auto r = attribute("“It was a hard year for everyone,” a narrator in the new ad says.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "a narrator in the new ad");
  r = attribute("“We need more buses,” said one of the organizers.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "one of the organizers");
  r = attribute("“The numbers are bad,” the Ohio senator and presidential candidate said.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "the Ohio senator and presidential candidate");
}

TEST_CASE("an adverb after the verb of a speaker sentence", "[attribution]") {
  auto r = attribute("“Is the plan ready?” Lopez, a retired teacher, said quietly into the phone. "
                     "“We have waited long enough.”");
  REQUIRE(r.size() == 2);  // and no reported speech made of "quietly into the phone"
  CHECK(r[0].speaker == "Lopez");
  CHECK(r[1].speaker == "Lopez");
}

TEST_CASE("plural nouns for people are sources, noun-like verb forms are not cues", "[attribution]") {
  auto r = attribute("Security specialists say the attack was routine.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Security specialists");
  CHECK(r[0].text == "the attack was routine");
  CHECK(attribute("He signed the bill into law on Friday.").empty());
  CHECK(attribute("Officials in the state provide free meals to every pupil.").empty());
  CHECK(attribute("The governor resigned in order to run for the Senate.").empty());
  CHECK(attribute("By late summer, the candidate looked increasingly vulnerable.").empty());
  r = attribute("The judge ordered the agency to release the records.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].cue == "ordered");
}

TEST_CASE("a long name or an unlisted verb in -ed after a question keeps the quote's sentence", "[attribution]") {
  auto r = attribute("“Is this the end?” US Senator Jane Roe said after the vote.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "US Senator Jane Roe");
  r = attribute("“Would the wall be negotiable?” Hannity pressed. “Maybe some could stay?”");
  REQUIRE(r.size() == 2);
  CHECK(r[0].speaker == "Hannity");
  CHECK(r[1].speaker == "Hannity");
}

TEST_CASE("a bare quote paragraph continues the reported speech that closed the paragraph before", "[attribution]") {
  auto r = attribute("Kim said the plan would fail.\n\n“It is doomed from the start.”");
  REQUIRE(r.size() == 2);
  CHECK(r[1].type == "direct");
  CHECK(r[1].speaker == "Kim");
  // Not past a quotation that came in between.
  r = attribute("Kim said the plan would fail. “Nobody listens,” a voter added.\n\n“It is doomed from the start.”");
  REQUIRE(r.size() == 3);
  CHECK(r[2].speaker == "a voter");
}

TEST_CASE("a short adverbial between the speaker and the verb", "[attribution]") {
  auto r = attribute("The mayor on Tuesday said the bridge would reopen in May.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "The mayor");
  CHECK(r[0].text == "the bridge would reopen in May");
}

TEST_CASE("headlines in title case have verbs", "[attribution]") {
  auto r = attribute("Bellwether County Says Rivera Should Win the Nomination.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Bellwether County");
  CHECK(r[0].cue == "Says");
  CHECK(r[0].text == "Rivera Should Win the Nomination");
  // In running text a capitalised verb is part of a name.
  r = attribute("“We won,” State Department official Lee Warns said.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].cue == "said");
}

TEST_CASE("reported content stops before a new subject with its own verb", "[attribution]") {
  auto r = attribute("While Comey has said that he makes recommendations, Lewandowski said he does not do them.");
  REQUIRE(r.size() == 2);
  CHECK(r[0].speaker == "Comey");
  CHECK(r[0].text == "he makes recommendations");
  CHECK(r[1].speaker == "Lewandowski");
  CHECK(r[1].text == "he does not do them");
}

TEST_CASE("a sentence adverb is not a speaker", "[attribution]") {
  auto r = attribute("Moreover, the report said the river had risen by two meters.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "the report");
  r = attribute("Likewise, a long quotation follows: “we will rebuild every school and every clinic in this county "
                "before the next winter comes and nobody will stop us”.");
  for (const auto& f : r) CHECK(f.speaker != "Likewise");
}

TEST_CASE("a quote signed with a dash on its own line", "[attribution]") {
  auto r = attribute("Reactions poured in.\n\n“We will win this state.” — Sen. John Smith\n\n"
                     "“This is a sad day.” - Mayor Ann Lee, on Twitter");
  REQUIRE(r.size() == 2);
  CHECK(r[0].speaker == "Sen. John Smith");
  CHECK(r[1].speaker == "Mayor Ann Lee");
}

TEST_CASE("every dash of the quotation-dash family signs a quote", "[attribution]") {
  // figure dash, en dash, em dash, horizontal bar
  for (const char* dash : {"\u2012", "\u2013", "\u2014", "\u2015", "--"}) {
    auto r = attribute(std::string("Readers wrote in.\n\n“The plant must stay open for all of us.” ") + dash +
                       " Ann Lee, Dayton\n\n“Nobody in this town listens to workers anymore.” " + dash + "Tom Ruiz");
    REQUIRE(r.size() == 2);
    CHECK(r[0].speaker == "Ann Lee");
    CHECK(r[1].speaker == "Tom Ruiz");
    CHECK(r[1].cue == std::string(dash));
  }
}

TEST_CASE("a signature wins over a speaker the paragraph before announced", "[attribution]") {
  auto r = attribute("The figures were released on Tuesday.\n\n“We expected far worse numbers than these.” — Ann Lee");
  const Found* q = nullptr;
  for (const auto& f : r)
    if (f.type == "direct") q = &f;
  REQUIRE(q != nullptr);
  CHECK(q->speaker == "Ann Lee");
}

TEST_CASE("a quote signed in parentheses or with a place names its speaker", "[attribution]") {
  auto r = attribute("Voters spoke.\n\n“The plant must stay open for all of us.” (Ann Lee, Dayton)\n\n"
                     "“Nobody in this town listens to workers anymore.” — Tom Ruiz on Facebook");
  REQUIRE(r.size() >= 2);
  CHECK(r[r.size() - 2].speaker == "Ann Lee");
  CHECK(r[r.size() - 2].cue == "(");
  CHECK(r.back().speaker == "Tom Ruiz");
  // A closing parenthetical credit that is no name signs nothing.
  r = attribute("“The plant must stay open for all of us, and for our children.” (Reporting by Tom Ruiz)");
  for (const auto& f : r) CHECK(f.speaker != "Reporting");
}

TEST_CASE("a participle after a quoted word still introduces the quote", "[attribution]") {
  auto r = attribute("Kerpen needled the “reporter,” saying, “A reporter who tweets on request!”");
  REQUIRE(r.size() >= 1);
  CHECK(r.back().type == "direct");
  CHECK(r.back().speaker == "Kerpen");
  CHECK(r.back().cue == "saying");
}

TEST_CASE("an irregular past tense ends no speaker mention", "[attribution]") {
  auto r = attribute("The senator left no doubt of her support, saying that the bill would pass.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "The senator");

}

TEST_CASE("a quoted title is not a quotation of speech", "[attribution]") {
  // Without the title test, the title would inherit the speaker of the quote before it.
  auto r = attribute("“I am waiting for the results,” Ms. Vale said. The heroine of “Opening Belle” resembles her.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "“I am waiting for the results,”");
  r = attribute("“We are ready,” the mayor said.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "direct");
}

TEST_CASE("as someone put it", "[attribution]") {
  auto r = attribute("The vote was close. As the columnist Ann Lee put it, “Nobody won tonight.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "direct");
  CHECK(r[0].speaker == "the columnist Ann Lee");
  CHECK(r[0].cue == "put");
}

TEST_CASE("a name particle opens a speaker at a sentence start", "[attribution]") {
  auto r = attribute("“We will win the runoff,” Le Roux told the radio station on Friday.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Le Roux");
  r = attribute("Van Dyke said, “The budget is balanced.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Van Dyke");
}

TEST_CASE("a digest line signs its quote with the name before the colon", "[attribution]") {
  auto r = attribute("Turnout matters more than polls - Anna Berg: “The late deciders broke for the challenger.” [Gazette.]");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "direct");
  CHECK(r[0].speaker == "Anna Berg");
  r = attribute("Why the model missed - Ruth Kim and Omar Ali: “Our weights were too old.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Ruth Kim and Omar Ali");
}

TEST_CASE("a participle introduces the quote after a connective", "[attribution]") {
  auto r = attribute("And then Novak went on the attack, saying, “Is the council going to resign?”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Novak");
  CHECK(r[0].cue == "saying");
}

TEST_CASE("a subject and any verb phrase before a colon, after an opening phrase", "[attribution]") {
  auto r = attribute("In a radio interview on Friday, Moreau went further: “The plan is dead.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Moreau");
}

TEST_CASE("less common speech verbs", "[attribution]") {
  for (const char* verb : {"barked", "confessed", "boomed", "surmised", "demurred", "fumed"}) {
    auto r = attribute(std::string("“Not today,” the coach ") + verb + ".");
    INFO(verb);
    REQUIRE(r.size() == 1);
    CHECK(r[0].speaker == "the coach");
    CHECK(r[0].cue == verb);
  }
}

TEST_CASE("a bare quotation of three words or fewer is no quote of speech", "[attribution]") {
  auto r = attribute("The council met on Monday.\n\n\"See also:\"\n\n“We will rebuild the bridge by spring.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "“We will rebuild the bridge by spring.”");
  r = attribute("“Not today,” Smith said.");
  REQUIRE(r.size() == 1);  // attributed, so kept however short
}

TEST_CASE("a title with the sentence's comma inside its marks", "[attribution]") {
  auto r = attribute("The new drama opens on Friday.\n\n“The Harbor Lights of Old Maine.”\n\n“We start filming in May,” the producer said.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "“We start filming in May,”");
  // Attributed by its own verb, a short capitalised quote is speech.
  r = attribute("“Growing Party,” he declared in a post.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "he");
}

TEST_CASE("a verb in a subordinate clause announces no speaker", "[attribution]") {
  auto r = attribute("“I am satisfied with the answer,” Hooton said after Reyes spoke. “My concern is the schools.”");
  REQUIRE(r.size() == 2);
  CHECK(r[0].speaker == "Hooton");
  CHECK(r[1].speaker == "Hooton");
}

TEST_CASE("a day name inside a determiner phrase and 'could only' before the verb", "[attribution]") {
  auto r = attribute("“The council has lost its way,” reads a Sunday editorial in the local paper.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker.starts_with("a Sunday editorial"));
  r = attribute("The schedule was so odd that a spokesman for the campaign could only quip: “Christmas Eve was booked.”");
  REQUIRE(!r.empty());
  CHECK(r[0].speaker == "a spokesman for the campaign");
}

TEST_CASE("a determiner stands for a source already named", "[attribution]") {
  auto r = attribute("Banners lined the road. “Go home, mayor,” read one.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "one");
  r = attribute("Another tweeted, “The council never listens to us.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Another");
}

TEST_CASE("an appositive holding a quoted word still links the quote to its speaker", "[attribution]") {
  auto r = attribute("“We have had better weeks than this one,” delegate Ann Lee, wearing “Vote Lee” pins, said calmly.");
  REQUIRE(r.size() >= 1);
  CHECK(r[0].type == "direct");
  CHECK(r[0].speaker == "delegate Ann Lee");
}

TEST_CASE("a title after the noun of a work is no quotation, punctuated or not", "[attribution]") {
  auto r = attribute("“It was a hard year for everyone,” said Ann Lee, the author of “Winter Harbor Days,” a memoir.");
  for (const auto& f : r) CHECK(f.text.find("Winter Harbor") == std::string::npos);
  r = attribute("He starred in the show “Morning Desk.” Then he left.");
  for (const auto& f : r) CHECK((f.type != "direct" || f.text.find("Morning Desk") == std::string::npos));
  // Speech in title case after other words is still speech.
  r = attribute("“Vote For Change,” Ann Lee said.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Ann Lee");
}

TEST_CASE("a short single-marked paragraph among double-marked speech is a subheading", "[attribution]") {
  const std::string text =
      "“We will keep the plant open,” the mayor said.\n\n'A very long winter.'\n\n"
      "“Nobody here wants to move away,” said Ann Lee.";
  auto r = attribute(text);
  REQUIRE(r.size() == 2);
  for (const auto& f : r) CHECK(f.text.find("long winter") == std::string::npos);
  // Where speech itself is in single marks, such a paragraph is a quotation.
  r = attribute("'We will keep the plant open,' the mayor said.\n\n'A very long winter.'\n\n"
                "'Nobody here wants to move away,' said Ann Lee.");
  CHECK(r.size() == 3);
}

TEST_CASE("a quote ending in an exclamation or question mark mid-sentence is still introduced", "[attribution]") {
  auto r = attribute("As the mayor spoke, the crowd chanted, “Close the plant!” as it had all week.");
  const Found* q = nullptr;
  for (const auto& f : r)
    if (f.type == "direct") q = &f;
  REQUIRE(q != nullptr);
  CHECK(q->speaker == "the crowd");
  CHECK(q->cue == "chanted");
}

TEST_CASE("a one-word paragraph does not take the previous quote's speaker", "[attribution]") {
  auto r = attribute("“We will keep the plant open for as long as we can,” said the mayor.\n\n“Related:”\n\n"
                     "“Nobody here wants to move away from this town,” said Ann Lee.");
  for (const auto& f : r) CHECK(f.text.find("Related") == std::string::npos);
  // A paragraph of several words still continues the speaker.
  r = attribute("“We will keep the plant open for as long as we can,” said the mayor.\n\n“And we mean it.”");
  REQUIRE(r.size() == 2);
  CHECK(r[1].speaker == "the mayor");
}

TEST_CASE("reported content runs on past an aside opened right after that", "[attribution]") {
  auto r = attribute("Her allies say it is only fitting that, having lost twice, she runs again.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "indirect");
  CHECK(r[0].text == "it is only fitting that, having lost twice, she runs again");
}

TEST_CASE("a share of a group with a participle adjective is a speaker, a comparison ends the content",
          "[attribution]") {
  auto r = attribute("Seventy percent of registered voters say they like the plan, compared with 40 percent last year.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Seventy percent of registered voters");
  CHECK(r[0].text == "they like the plan");
}

TEST_CASE("a second predicate of the speaker ends a content that has no verb of its own", "[attribution]") {
  auto r = attribute("Smith called the merger “a terrible deal” and ranked the chief executive among the worst.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "mixed");
  CHECK(r[0].text == "the merger “a terrible deal”");
  // A content with a verb of its own keeps its coordinated predicate.
  r = attribute("Smith said the company expanded and hired more workers.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "the company expanded and hired more workers");
}

TEST_CASE("a truncated UTF-8 sequence puts no token boundary inside the next character", "[attribution]") {
  // E2 80 opens a General Punctuation mark but is cut off; the bytes after it are a character
  // of their own (U+FEFF, then É), and no span may start inside them.
  for (const std::string text : {"Rain fell \xE2\x80\xEF\xBB\xBF" "Ann Lee said the road is closed.",
                                 "Rain fell \xE2\x80\xC3\x89mile Zola said the road is closed."}) {
    std::vector<QuoteSpan> spans;
    scan_quotes(text, spans);
    std::vector<Quote> quotes;
    default_attributor().attribute(text, {}, spans, quotes);
    REQUIRE(quotes.size() == 1);
    REQUIRE(quotes[0].speaker);
    const unsigned char first = static_cast<unsigned char>(text[quotes[0].speaker->span.start]);
    CHECK((first & 0xC0) != 0x80);
    CHECK(text.substr(quotes[0].speaker->span.start, quotes[0].speaker->span.size()).ends_with(text.find("Ann") != std::string::npos ? "Ann Lee" : "mile Zola"));
  }
}

TEST_CASE("an amount is no speaker", "[attribution]") {
  for (const char* text : {"The council approved a $40 million plan to rebuild the terminal.",
                           "The firm said 300 mln dlrs offered for immediate sale were taken."}) {
    for (const auto& f : attribute(text)) {
      INFO(f.speaker);
      CHECK(f.speaker.find("million") == std::string::npos);
      CHECK(f.speaker.find("dlrs") == std::string::npos);
    }
  }
}

TEST_CASE("a dateline opening the story is not part of what was said", "[attribution]") {
  struct Case {
    const char* text;
    const char* content;
  } cases[] = {
      {"GENEVA (Reuters) - Ministers agreed on Thursday to create a fund, the agency said.",
       "Ministers agreed on Thursday to create a fund"},
      {"PORTSMOUTH, Maine \xE2\x80\x94 The council approved the plan on Monday, officials said.",
       "The council approved the plan on Monday"},
      {"LONDON, March 4 - Midland Bank will report a profit, analysts said.", "Midland Bank will report a profit"},
  };
  for (const Case& c : cases) {
    auto r = attribute(c.text);
    REQUIRE(r.size() == 1);
    CHECK(r[0].text == c.content);
  }
  // Not at a paragraph's start, capitals before a dash are words of the content.
  auto r = attribute("Talks went on. NATO - the alliance - will grow, officials said.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text.starts_with("NATO"));
}

TEST_CASE("a verb after a plural noun or a name ends the speaker mention", "[attribution]") {
  auto r = attribute("Several large Acme shareholders expressed anger, saying the deal was unfair.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Several large Acme shareholders");
  CHECK(r[0].cue == "saying");
  r = attribute("The Bank raised interest rates to 5%, citing rising inflation.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "The Bank");
  // An adjective in -ed before the noun stays in the mention.
  r = attribute("The embattled leader said the plan would fail.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "The embattled leader");
}

TEST_CASE("the rules image the binary embeds is what the default rules compile to", "[attribution]") {
  // The build writes the image with this code (quoth_make_tables); start-up reads it instead of
  // compiling the default rules, so it must hold exactly what compiling them gives.
  const std::string fresh = Attributor::default_rules_image();
  REQUIRE_FALSE(fresh.empty());
  const std::string_view embedded = Attributor::embedded_rules_image();
  REQUIRE(embedded.size() == fresh.size());
  CHECK(embedded == fresh);
}

TEST_CASE("a quotation inside reported speech whose subject names no one is the reporter's", "[attribution]") {
  auto r = attribute("The festival director Jan Berg says this strong showing suggests “a new start for films”.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "mixed");
  CHECK(r[0].speaker == "The festival director Jan Berg");
  CHECK(r[0].text == "this strong showing suggests “a new start for films”");
  // A subject that names a source keeps the quotation, and so does one a colon gives it to.
  r = attribute("Smith said officials told him “we are ready”.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "direct");
  CHECK(r[0].speaker == "officials");
  r = attribute("He said the man shouted: “You have offended me.”");
  REQUIRE(r.size() == 1);
  CHECK(r[0].type == "direct");
  CHECK(r[0].speaker == "the man");
}

TEST_CASE("a short clause with its verb before a sentence-ending attribution is content", "[attribution]") {
  auto r = attribute("Profits rose, the company said.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "Profits rose");
  CHECK(r[0].speaker == "the company");
  r = attribute("It was hard, John Smith said.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "It was hard");
  // An introductory phrase is none, nor is a short clause the sentence goes on after.
  r = attribute("Last week, the company said it would sell the unit.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "it would sell the unit");
  r = attribute("Most importantly, he said, the plan would work.");
  for (const auto& f : r) CHECK(f.text != "Most importantly");
}

TEST_CASE("reported speech that opens another speaker's report is part of it", "[attribution]") {
  auto r = attribute("Finance Minister Tom Hockin said he has asked the banks to act.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Finance Minister Tom Hockin");
  CHECK(r[0].text == "he has asked the banks to act");
}

TEST_CASE("a bare quote right after reported speech that ends with a quotation goes on with its speaker", "[attribution]") {
  auto r = attribute("Mr Howard told his party that Labour would “do anything to cling on”. “So far this year they "
                     "have compared me to a flying pig. “I think someone is rattled.” Ms Beckett disagreed.");
  int direct = 0;
  for (const auto& f : r)
    if (f.type == "direct") {
      ++direct;
      CHECK(f.speaker == "Mr Howard");
    }
  CHECK(direct == 2);
  // Not when other reported speech stands between.
  r = attribute("IBM said it would join what it called a “patent commons”. Adam Jollans said the move was a "
                "genuine attempt to encourage innovation. “We believe that releasing these patents will help,” he added.");
  for (const auto& f : r)
    if (f.type == "direct") CHECK(f.speaker != "IBM");
}

TEST_CASE("the comma closing an apposition is no part of the speaker", "[attribution]") {
  auto r = attribute("“The rise is real,” Kirsten Pfeifer from the Consumer Electronics Association, told the BBC.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Kirsten Pfeifer from the Consumer Electronics Association");
}
