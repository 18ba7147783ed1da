// Tests of the entity linker: clusters of mentions with canonical names, and speakers resolved to
// full names through surnames, pronouns and titles.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "entity/entity_linker.h"
#include "entity/entity_recognizer.h"

using namespace quoth;

namespace {

const EntityRecognizer& recognizer() {
  static const auto r = [] {
    PipelineOptions options;
    std::string error;
    return EntityRecognizer::create(options, error);
  }();
  return *r;
}

// A quote whose speaker is the first occurrence of `speaker` at or after `from`.
Quote quote_with_speaker(std::string_view text, std::string_view speaker, size_t from = 0) {
  Quote q;
  size_t at = text.find(speaker, from);
  REQUIRE(at != std::string_view::npos);
  Speaker s;
  s.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + speaker.size())};
  s.name = std::string(speaker);
  q.speaker = s;
  return q;
}

void link(std::string_view text, std::vector<Quote>& quotes, std::vector<Entity>& entities) {
  std::vector<EntityMention> mentions;
  recognizer().recognize(text, {}, mentions);
  link_entities(text, {}, mentions, quotes, entities);
}

// link() with the recognizer's word lists at hand (common words, legal forms, first names' sex,
// person suffixes), as the pipeline links.
void link_with_word_lists(std::string_view text, std::vector<Quote>& quotes, std::vector<Entity>& entities) {
  std::vector<EntityMention> mentions;
  recognizer().recognize(text, {}, mentions);
  link_entities(text, {}, mentions, quotes, entities, &recognizer());
}

// link() with one sentence per ". ", as the splitter would give (every sentence ends in ".").
void link_sentences(std::string_view text, std::vector<Quote>& quotes, std::vector<Entity>& entities) {
  std::vector<ByteSpan> sentences;
  for (size_t b = 0, e; b < text.size(); b = e + 2) {
    e = text.find('.', b);
    sentences.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e + 1)});
  }
  std::vector<EntityMention> mentions;
  recognizer().recognize(text, sentences, mentions);
  link_entities(text, sentences, mentions, quotes, entities);
}

const Entity* entity_named(const std::vector<Entity>& entities, std::string_view name) {
  for (const auto& e : entities)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("surnames and possessives join the full name", "[linker]") {
  std::string text =
      "Nikol Pashinyan spoke in Yerevan. Later Pashinyan said more, and Pashinyan\xE2\x80\x99s aides agreed.";
  std::vector<Quote> quotes;
  std::vector<Entity> entities;
  link(text, quotes, entities);
  const Entity* p = entity_named(entities, "Nikol Pashinyan");
  REQUIRE(p);
  CHECK(p->type == EntityType::Person);
  CHECK(p->mentions.size() == 3);
  CHECK(p->id == 0);
  CHECK(entities[1].name == "Yerevan");
  for (size_t i = 0; i < entities.size(); ++i) CHECK(entities[i].id == static_cast<int>(i));
  for (size_t i = 1; i < p->mentions.size(); ++i) CHECK(p->mentions[i - 1].start < p->mentions[i].start);
}

TEST_CASE("a surname of any length joins the full name, with either apostrophe", "[linker]") {
  // Names are compared by a hash of their folded bytes, read several at a time: surnames of 2 to
  // 24 bytes, followed by different bytes each time they occur, must still hash alike, and
  // surnames that differ in one byte must not.
  for (size_t len = 2; len <= 20; ++len) {
    const std::string tail(len - 1, 'a');
    for (const std::string apostrophe : {"", "'", "\xE2\x80\x99"}) {
      const std::string full = apostrophe.empty() ? "B" + tail : "O" + apostrophe + "B" + tail;
      const std::string plain = apostrophe.empty() ? full : "O'B" + tail;
      const std::string text = "Jane " + full + " spoke in Paris. Later " + plain + " said more.";
      INFO(text);
      std::vector<Quote> quotes;
      std::vector<Entity> entities;
      link(text, quotes, entities);
      const Entity* p = entity_named(entities, "Jane " + full);
      REQUIRE(p);
      CHECK(p->mentions.size() == 2);
    }
    // Two surnames that differ in their last byte only are two names.
    const std::string text = "Jane B" + tail + "e spoke in Paris. Tom B" + tail + "o spoke in Rome. Later B" + tail +
                             "e said more.";
    INFO(text);
    std::vector<Quote> quotes;
    std::vector<Entity> entities;
    link(text, quotes, entities);
    const Entity* jane = entity_named(entities, "Jane B" + tail + "e");
    const Entity* tom = entity_named(entities, "Tom B" + tail + "o");
    REQUIRE(jane);
    REQUIRE(tom);
    CHECK(jane->mentions.size() == 2);
    CHECK(tom->mentions.size() == 1);
  }
}

TEST_CASE("an acronym and its full form are one entity", "[linker]") {
  std::string text =
      "The Collective Security Treaty Organization met. Members of the CSTO disagreed, and the CSTO paused.";
  std::vector<Quote> quotes;
  std::vector<Entity> entities;
  link(text, quotes, entities);
  REQUIRE(entities.size() == 1);
  CHECK(entities[0].name == "Collective Security Treaty Organization");
  CHECK(entities[0].mentions.size() == 3);
}

TEST_CASE("an acronym first and its definition later name the entity by the full form", "[linker]") {
  std::string text = "The NRWB said prices rise. The Northern Region Water Board later denied it.";
  std::vector<Quote> quotes;
  std::vector<Entity> entities;
  link(text, quotes, entities);
  REQUIRE(entities.size() == 1);
  CHECK(entities[0].name == "Northern Region Water Board");
}

TEST_CASE("a surname seen alone takes the gazetteer's full name", "[linker]") {
  std::string text = "Putin spoke to reporters, and Putin\xE2\x80\x99s spokesman agreed.";
  std::vector<Quote> quotes;
  std::vector<Entity> entities;
  link(text, quotes, entities);
  REQUIRE(entities.size() == 1);
  CHECK(entities[0].name == "Vladimir Putin");
  CHECK(entities[0].mentions.size() == 2);
}

TEST_CASE("speakers resolve through surnames, titles and pronouns", "[linker]") {
  std::string text =
      "Prime Minister Nikol Pashinyan met Vladimir Putin. \"We agree,\" Pashinyan said. "
      "\"It is fine,\" the prime minister added. \"Good,\" he said. \"Not so,\" Putin replied.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Pashinyan", 40), quote_with_speaker(text, "the prime minister"),
                               quote_with_speaker(text, "he"), quote_with_speaker(text, "Putin", 60)};
  std::vector<Entity> entities;
  link(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Nikol Pashinyan");
  CHECK(quotes[1].speaker->name == "Nikol Pashinyan");
  CHECK(quotes[2].speaker->name == "Nikol Pashinyan");
  CHECK(quotes[3].speaker->name == "Vladimir Putin");
  const Entity* p = entity_named(entities, "Nikol Pashinyan");
  REQUIRE(p);
  CHECK(quotes[0].speaker->entity == p->id);
  CHECK(quotes[2].speaker->entity == p->id);
}

TEST_CASE("a speaker with a title resolves to the name", "[linker]") {
  std::string text = "\"We stay,\" said Prime Minister Nikol Pashinyan.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Prime Minister Nikol Pashinyan")};
  std::vector<Entity> entities;
  link(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Nikol Pashinyan");
  CHECK(quotes[0].speaker->entity == 0);
}

TEST_CASE("a speaker with a party tag resolves to the name, not the tag", "[linker]") {
  std::string text = "\"We stay,\" said Sen. Sherwood Bell (D-Ohio).";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Sen. Sherwood Bell (D-Ohio)")};
  std::vector<Entity> entities;
  link(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Sherwood Bell");
}

TEST_CASE("a speaker name that is no mention becomes a person", "[linker]") {
  std::string text = "\"It works,\" said moderator zed Harlowe-kin.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Harlowe-kin")};
  std::vector<Entity> entities;
  std::vector<EntityMention> none;
  link_entities(text, {}, none, quotes, entities);
  REQUIRE(entities.size() == 1);
  CHECK(entities[0].type == EntityType::Person);
  CHECK(quotes[0].speaker->entity == 0);
  CHECK(quotes[0].speaker->name == "Harlowe-kin");
}

TEST_CASE("a speaker's title words are passed over whatever white space separates the words", "[linker]") {
  for (const std::string title : {"President", "Senator", "Foreign Minister", "Deputy Prime Minister"}) {
    for (const std::string sep : {" ", "\t", "\n", " \t"}) {
      std::string words = title;
      for (size_t at = words.find(' '); at != std::string::npos; at = words.find(' ', at + sep.size()))
        words.replace(at, 1, sep);
      const std::string speaker = words + sep + "Jane" + sep + "Roe";
      const std::string text = "\"It works,\" said " + speaker + ".";
      INFO(text);
      std::vector<Quote> quotes = {quote_with_speaker(text, speaker)};
      std::vector<Entity> entities;
      std::vector<EntityMention> none;
      link_entities(text, {}, none, quotes, entities);
      REQUIRE(entities.size() == 1);
      CHECK(entities[0].type == EntityType::Person);
      CHECK(entities[0].name == "Jane" + sep + "Roe");
      CHECK(quotes[0].speaker->entity == 0);
    }
  }
}

TEST_CASE("a lone plural or a lone letter as speaker is no person, a word of a name in the text is", "[linker]") {
  std::string text =
      "Traders said prices fell. Q: Why now? Bernie Sanders spoke. Sanders said he would run. Some of the "
      "Gunners said little. The Hollins said they would stay.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Traders"), quote_with_speaker(text, "Q"),
                               quote_with_speaker(text, "Sanders", text.find("Sanders said")),
                               quote_with_speaker(text, "the Gunners"), quote_with_speaker(text, "The Hollins")};
  std::vector<Entity> entities;
  std::vector<EntityMention> none;
  link_entities(text, {}, none, quotes, entities);  // no recognizer: the speakers alone
  CHECK(quotes[0].speaker->entity == -1);
  CHECK(quotes[0].speaker->name == "Traders");
  CHECK(quotes[1].speaker->entity == -1);
  CHECK(quotes[2].speaker->entity == -1);  // nothing named Sanders among the mentions
  REQUIRE(quotes[3].speaker->entity >= 0);  // after "the": a team, an organisation
  CHECK(entities[static_cast<size_t>(quotes[3].speaker->entity)].type == EntityType::Org);
  CHECK(quotes[4].speaker->entity >= 0);
  CHECK_FALSE(entity_named(entities, "Traders"));

  std::vector<Quote> with_names = {quote_with_speaker(text, "Sanders", text.find("Sanders said"))};
  link(text, with_names, entities);  // the recognizer finds "Bernie Sanders"
  CHECK(with_names[0].speaker->name == "Bernie Sanders");
  CHECK(with_names[0].speaker->entity >= 0);
}

TEST_CASE("a lone common word as speaker is no person, given the recognizer's word lists", "[linker]") {
  std::string text = "Research shows prices fell. Tim Cook spoke. Cook said he would stay.";
  auto run = [&](const EntityRecognizer* words) {
    std::vector<Quote> quotes = {quote_with_speaker(text, "Research"), quote_with_speaker(text, "Cook", text.find("Cook said"))};
    std::vector<Entity> entities;
    std::vector<EntityMention> mentions;
    recognizer().recognize(text, {}, mentions);
    link_entities(text, {}, mentions, quotes, entities, words);
    return std::make_pair(quotes, entities);
  };
  auto [quotes, entities] = run(&recognizer());
  CHECK_FALSE(entity_named(entities, "Research"));
  CHECK(quotes[0].speaker->entity == -1);
  CHECK(quotes[0].speaker->name == "Research");
  CHECK(quotes[1].speaker->name == "Tim Cook");  // a common word that is a word of a name stays
  auto [quotes_without, entities_without] = run(nullptr);
  CHECK(entity_named(entities_without, "Research"));  // without the word lists it is taken for a name
}

TEST_CASE("a lone legal form as speaker is no person, and one ending a company's name takes the company", "[linker]") {
  std::string text = "Note: Co says results will follow. Sony (U.K.) Ltd said it would grow.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Co"), quote_with_speaker(text, "Ltd")};
  std::vector<Entity> entities;
  link_with_word_lists(text, quotes, entities);
  CHECK_FALSE(entity_named(entities, "Co"));
  CHECK(quotes[0].speaker->entity == -1);
  CHECK(quotes[1].speaker->name == "Sony (U.K.) Ltd");
  const Entity* sony = entity_named(entities, "Sony (U.K.) Ltd");
  REQUIRE(sony);
  CHECK(sony->type == EntityType::Org);
}

TEST_CASE("a described organisation takes the one named last whose name holds the head noun", "[linker]") {
  std::string text = "The Bank of Japan held rates and the Ministry of Finance agreed. The ministry said growth was "
                     "slow. The central bank said prices were stable. The committee said nothing.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "The ministry"), quote_with_speaker(text, "The central bank"),
                               quote_with_speaker(text, "The committee")};
  std::vector<Entity> entities;
  link_sentences(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Ministry of Finance");
  CHECK(quotes[1].speaker->name == "Bank of Japan");
  // No organisation named with "committee": the description stays as written.
  CHECK(quotes[2].speaker->name == "The committee");
  CHECK(quotes[2].speaker->entity == -1);
}

TEST_CASE("a surname of several words joins the full name", "[linker]") {
  std::string text = "Planning Minister Julio De Vido spoke. Mr De Vido said no. De Vido later said yes.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Mr De Vido"), quote_with_speaker(text, "De Vido", text.find("later") - 8)};
  std::vector<Entity> entities;
  link(text, quotes, entities);
  const Entity* p = entity_named(entities, "Julio De Vido");
  REQUIRE(p);
  CHECK(p->mentions.size() == 3);
  CHECK(quotes[0].speaker->name == "Julio De Vido");
  CHECK(quotes[1].speaker->name == "Julio De Vido");
  CHECK_FALSE(entity_named(entities, "De Vido"));
}

TEST_CASE("a surname with an Arabic article is one name, known without the article too", "[linker]") {
  std::string text = "The cleric Hamid al-Tawari spoke on Friday. Tawari said the talks would go on.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Tawari", text.find("Friday"))};
  std::vector<Entity> entities;
  link(text, quotes, entities);
  const Entity* p = entity_named(entities, "Hamid al-Tawari");
  REQUIRE(p);
  CHECK(p->type == EntityType::Person);
  CHECK(p->mentions.size() == 2);
  CHECK(quotes[0].speaker->name == "Hamid al-Tawari");
  CHECK_FALSE(entity_named(entities, "Hamid"));
}

TEST_CASE("a name typed PERSON in one place and ORG in another is the organisation", "[linker]") {
  std::string text = "Talks with Aguas Velhas went on.";
  std::vector<EntityMention> mentions(2);
  mentions[0].span = {11, 23};  // "Aguas Velhas", typed by an organisation cue
  mentions[0].type = EntityType::Org;
  text += " Later Aguas Velhas said it would stay.";
  mentions[1].span = {static_cast<uint32_t>(text.find("Aguas", 20)), static_cast<uint32_t>(text.find("Aguas", 20) + 12)};
  mentions[1].type = EntityType::Person;  // the recognizer's guess
  std::vector<Quote> quotes = {quote_with_speaker(text, "it", text.find("said"))};
  std::vector<Entity> entities;
  link_entities(text, {}, mentions, quotes, entities);
  REQUIRE(entities.size() == 1);
  CHECK(entities[0].type == EntityType::Org);
  CHECK(entities[0].mentions.size() == 2);
}

TEST_CASE("the word \"who\" resolves to the person named right before its comma", "[linker]") {
  std::string text = "Scott Sullivan, who said he was sorry, wept. The four owners of Rover, who said they "
                     "were innocent, left.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "who"), quote_with_speaker(text, "who", text.find("Rover"))};
  std::vector<Entity> entities;
  link(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Scott Sullivan");
  CHECK(quotes[0].speaker->entity >= 0);
  CHECK(quotes[1].speaker->name == "who");  // owners, not the organisation before the comma
  CHECK(quotes[1].speaker->entity == -1);
}

TEST_CASE("unsupported pronouns and titles keep the mention text", "[linker]") {
  std::string text = "\"No,\" she said. \"Yes,\" the minister said.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "she"), quote_with_speaker(text, "the minister")};
  std::vector<Entity> entities;
  link(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "she");
  CHECK(quotes[0].speaker->entity == -1);
  CHECK(quotes[1].speaker->name == "the minister");
  CHECK(quotes[1].speaker->entity == -1);
}

TEST_CASE("a place modifying a speaker mention is not its name, an organisation in apposition is", "[linker]") {
  std::string text = "A Pittsburgh robotics company, Lumen Robotics Inc., said it had raised money. "
                     "Japanese officials said the talks went well.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "A Pittsburgh robotics company"),
                               quote_with_speaker(text, "Japanese officials")};
  std::vector<Entity> entities;
  link(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Lumen Robotics Inc.");
  REQUIRE(quotes[0].speaker->entity >= 0);
  CHECK(entities[static_cast<size_t>(quotes[0].speaker->entity)].type == EntityType::Org);
  CHECK(quotes[1].speaker->name == "Japanese officials");
  CHECK(quotes[1].speaker->entity == -1);
  // A place after "in" locates the speaker; it does not name it (nor does the state after it).
  std::string located = "A ministry official in Tokyo said the talks would go on. "
                        "An investment firm in Naples, Fla., said the fund would close.";
  std::vector<Quote> more = {quote_with_speaker(located, "A ministry official in Tokyo"),
                             quote_with_speaker(located, "An investment firm in Naples")};
  link(located, more, entities);
  CHECK(more[0].speaker->name == "A ministry official in Tokyo");
  CHECK(more[1].speaker->name == "An investment firm in Naples");
  // Nor does a nationality before capitalised words; a person in apposition does.
  std::string titled = "The Argentine Economic Minister, Roberto Lavagna, told the paper that prices would fall. "
                       "The Kyrgyz President said talks would go on.";
  std::vector<Quote> minister = {quote_with_speaker(titled, "The Argentine Economic Minister"),
                                 quote_with_speaker(titled, "The Kyrgyz President")};
  link(titled, minister, entities);
  CHECK(minister[0].speaker->name == "Roberto Lavagna");
  CHECK(minister[1].speaker->name == "The Kyrgyz President");
  CHECK(minister[1].speaker->entity == -1);
}

TEST_CASE("the words \"it\" and \"the company\" resolve to the organisation that spoke or was named last", "[linker]") {
  std::string text = "Noranda Inc said profits rose. It said costs fell. "
                     "Shares of <MTX> rose. The company said more was to come.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Noranda Inc"), quote_with_speaker(text, "It"),
                               quote_with_speaker(text, "The company")};
  std::vector<Entity> entities;
  link_sentences(text, quotes, entities);
  CHECK(quotes[1].speaker->name == "Noranda Inc");
  CHECK(quotes[2].speaker->name == "Noranda Inc");  // the speaker before, not the ticker
  // Named (not speaking) three sentences before, the organisation is too far: "It" stays.
  std::string far = "Noranda Inc opened a mine. Rain fell. Snow fell. Wind rose. It said little.";
  std::vector<Quote> lone = {quote_with_speaker(far, "It")};
  link_sentences(far, lone, entities);
  CHECK(lone[0].speaker->name == "It");
  CHECK(lone[0].speaker->entity == -1);
  std::string near = "Noranda Inc opened a mine. It said little.";
  std::vector<Quote> close = {quote_with_speaker(near, "It")};
  link_sentences(near, close, entities);
  CHECK(close[0].speaker->name == "Noranda Inc");
}

TEST_CASE("a surname the gazetteer lists as itself still joins the full name in the text", "[linker]") {
  // "Kennedy" is a gazetteer person with no fuller canonical name.
  std::string text = "Charles Kennedy has said the plan is wrong. Mr Kennedy told reporters it would fail.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Kennedy", text.find("Mr Kennedy"))};
  std::vector<Entity> entities;
  link(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Charles Kennedy");
  const Entity* e = entity_named(entities, "Charles Kennedy");
  REQUIRE(e);
  CHECK(e->mentions.size() == 2);
  CHECK_FALSE(entity_named(entities, "Kennedy"));
}

TEST_CASE("names joined by \"and\" in a speaker are the speakers as written, no one entity", "[linker]") {
  std::string text = "Acme Robotics Inc and Borel Systems Ltd said on Monday they would merge their research units. "
                     "Ana Mendez and Paul Hartley met in Lisbon. Both Hartley and Mendez said the talks had gone well.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Acme Robotics Inc and Borel Systems Ltd"),
                               quote_with_speaker(text, "Both Hartley and Mendez")};
  std::vector<Entity> entities;
  link(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Acme Robotics Inc and Borel Systems Ltd");
  CHECK(quotes[0].speaker->entity == -1);
  CHECK(quotes[1].speaker->name == "Hartley and Mendez");  // "Both" is no name
  CHECK(quotes[1].speaker->entity == -1);
  // Each company is still an entity of its own.
  CHECK(entity_named(entities, "Acme Robotics Inc"));
  CHECK(entity_named(entities, "Borel Systems Ltd"));
}

TEST_CASE("a name with \"and\" inside is one speaker, and \"it\" takes it", "[linker]") {
  std::string text = "The Institute for Water and Soil Research said rainfall had fallen by a third. "
                     "Pennville Power and Light Co said it would raise prices. It said demand had grown.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "The Institute for Water and Soil Research"),
                               quote_with_speaker(text, "Pennville Power and Light Co"),
                               quote_with_speaker(text, "It")};
  std::vector<Entity> entities;
  link_sentences(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Institute for Water and Soil Research");  // not "Institute for Water"
  CHECK(quotes[1].speaker->name == "Pennville Power and Light Co");
  CHECK(quotes[2].speaker->name == "Pennville Power and Light Co");
  // The recognizer finds the company whole: both speakers are that one entity.
  REQUIRE(quotes[1].speaker->entity >= 0);
  CHECK(quotes[2].speaker->entity == quotes[1].speaker->entity);
  CHECK(entities[static_cast<size_t>(quotes[1].speaker->entity)].name == "Pennville Power and Light Co");
}

TEST_CASE("a title's \"and\" joins no names, a person before \"of\" is the speaker", "[linker]") {
  std::string text = "Energy Minister Tomas Varga and Finance Minister Sara Lind met. "
                     "Mining and Energy Minister Tomas Varga said output would rise. "
                     "Analyst Dana Whitfield of Crane and Lowell said the shares were cheap.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Mining and Energy Minister Tomas Varga"),
                               quote_with_speaker(text, "Analyst Dana Whitfield of Crane and Lowell")};
  std::vector<Entity> entities;
  link(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Tomas Varga");
  CHECK(quotes[0].speaker->entity >= 0);
  CHECK(quotes[1].speaker->name == "Dana Whitfield");  // not "Lowell", nor "Crane and Lowell"
  CHECK(quotes[1].speaker->entity >= 0);
}

TEST_CASE("a pronoun speaker is the person named last outside quotations, not one the quote names", "[linker]") {
  std::string text = "Julian White is in form. \"They are strong. Gethin Jenkins is good for them,\" he added.";
  const size_t open = text.find('"'), close = text.find('"', open + 1);
  Quote q = quote_with_speaker(text, "he", close);
  q.type = QuoteType::Direct;
  q.span = {static_cast<uint32_t>(open), static_cast<uint32_t>(close + 1)};
  std::vector<Quote> quotes = {q};
  std::vector<Entity> entities;
  link_sentences(text, quotes, entities);
  REQUIRE(entity_named(entities, "Gethin Jenkins"));
  CHECK(quotes[0].speaker->name == "Julian White");
}

TEST_CASE("one word after the that is a word of an organisation named before is that organisation", "[linker]") {
  std::string text = "The Bank of England said rates rose. Later the Bank said it was calm.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "the Bank")};
  std::vector<Entity> entities;
  link_sentences(text, quotes, entities);
  const Entity* boe = entity_named(entities, "Bank of England");
  REQUIRE(boe);
  CHECK(boe->mentions.size() == 2);
  CHECK(quotes[0].speaker->name == "Bank of England");
  CHECK_FALSE(entity_named(entities, "Bank"));
}

TEST_CASE("a pronoun after a person described, not named, is that description", "[linker]") {
  std::string text = "Senator Jane Roe spoke. The deal will hold, a ministry official said. He added that talks went on.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "a ministry official"), quote_with_speaker(text, "He")};
  std::vector<Entity> entities;
  link_sentences(text, quotes, entities);
  CHECK(quotes[1].speaker->name == "a ministry official");
  CHECK(quotes[1].speaker->entity == -1);
  // A person named after the description is who "he" is.
  text = "The deal will hold, a ministry official said. Analyst John Doe was there. He added that talks went on.";
  quotes = {quote_with_speaker(text, "a ministry official"), quote_with_speaker(text, "He")};
  link_sentences(text, quotes, entities);
  CHECK(quotes[1].speaker->name == "John Doe");
}

TEST_CASE("he or she is not a person whose first name is of the other sex", "[linker]") {
  std::string text = "Anna Berg met James Reed. The talks went well, he said. The deal is done, she said.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "he", text.find("he said")), quote_with_speaker(text, "she")};
  std::vector<Entity> entities;
  link_with_word_lists(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "James Reed");
  CHECK(quotes[1].speaker->name == "Anna Berg");
}

TEST_CASE("a speaker that is the first word of an organisation named before is that organisation", "[linker]") {
  std::string text = "Dome Petroleum Ltd sold assets. The sale will close soon, Dome said.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "Dome", 40)};
  std::vector<Entity> entities;
  link_with_word_lists(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Dome Petroleum Ltd");
  const Entity* dome = entity_named(entities, "Dome Petroleum Ltd");
  REQUIRE(dome);
  CHECK(dome->type == EntityType::Org);
  CHECK(dome->mentions.size() == 2);
}

TEST_CASE("a full name with and without a middle initial is one person", "[linker]") {
  std::string text = "Martin Sosnoff bought shares. Later Martin T. Sosnoff sold them.";
  std::vector<Quote> quotes;
  std::vector<Entity> entities;
  link(text, quotes, entities);
  const Entity* p = entity_named(entities, "Martin T. Sosnoff");
  REQUIRE(p);
  CHECK(p->mentions.size() == 2);
  CHECK_FALSE(entity_named(entities, "Martin Sosnoff"));
}

TEST_CASE("a surname alone joins a full name that ends in a suffix", "[linker]") {
  std::string text = "Ian MacDonald QC quit. Later MacDonald spoke, and Charles Evans Jr met Evans.";
  std::vector<Quote> quotes;
  std::vector<Entity> entities;
  link_with_word_lists(text, quotes, entities);
  const Entity* m = entity_named(entities, "Ian MacDonald QC");
  REQUIRE(m);
  CHECK(m->mentions.size() == 2);
  const Entity* e = entity_named(entities, "Charles Evans Jr");
  REQUIRE(e);
  CHECK(e->mentions.size() == 2);
}

TEST_CASE("a description such as the 30-year-old or the Arsenal boss is the person named before", "[linker]") {
  std::string text = "Arsene Wenger praised his side. It was a fine game, said the Arsenal boss.";
  std::vector<Quote> quotes = {quote_with_speaker(text, "the Arsenal boss")};
  std::vector<Entity> entities;
  link_sentences(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Arsene Wenger");
  text = "Paula Radcliffe ran well in the rain. I am happy, said the 30-year-old.";
  quotes = {quote_with_speaker(text, "the 30-year-old")};
  link_sentences(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "Paula Radcliffe");
  // A bare role may be someone else.
  text = "Arsene Wenger praised his side. It was a fine game, said the keeper.";
  quotes = {quote_with_speaker(text, "the keeper")};
  link_sentences(text, quotes, entities);
  CHECK(quotes[0].speaker->name == "the keeper");
}
