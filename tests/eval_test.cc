// Unit tests for the scoring of `quoth eval` (the port of score.py): rounding, trimming, greedy
// matching and its tie order, split quotes, speakers, sentence boundaries, entity types.
#include <catch2/catch.hpp>

#include "eval/eval_data.h"
#include "eval/score.h"
#include "quoth/quoth.h"

using namespace quoth;
using namespace quoth::eval;

namespace {

GoldDoc gold(std::string_view json) {
  GoldDoc g;
  std::string error;
  INFO(error);
  REQUIRE(parse_gold(json, g, error));
  return g;
}

PredDoc pred(std::string_view json) {
  PredDoc p;
  std::string error;
  REQUIRE(parse_pred(json, p, error));
  return p;
}

EvalInput input(std::vector<GoldDoc> g, std::vector<PredDoc> p) {
  EvalInput in;
  in.gold = std::move(g);
  for (auto& d : p) in.pred[d.id] = std::move(d);
  return in;
}

}  // namespace

TEST_CASE("round4 rounds like Python's round(x, 4)", "[eval]") {
  CHECK(round4(0.03125) == 0.0312);  // an exact tie rounds to even
  CHECK(round4(2.0 / 3) == 0.6667);
  CHECK(round4(0.00005) == 0.0001);  // 0.00005 is stored a little above the tie
  CHECK(round4(1.0) == 1.0);
}

TEST_CASE("quotes: trimming, one-to-one matching, exact spans", "[eval]") {
  auto g = gold(R"({"id": "a", "text": "\u201cYes,\u201d he said that the plan failed.",
                    "quotes": [{"start": 0, "end": 6, "type": "direct"}, {"start": 15, "end": 36, "type": "indirect"}]})");
  // Prediction 1 covers the marks differently (same trimmed span: exact); prediction 2 keeps the
  // leading "that " (trimmed away: exact too); prediction 3 duplicates 1 (one-to-one: unmatched).
  auto p = pred(R"({"id": "a", "quotes": [{"start": 1, "end": 4, "type": "direct"},
                    {"start": 15, "end": 35, "type": "indirect"}, {"start": 0, "end": 5, "type": "direct"}]})");
  Malformed m;
  auto r = score_quotes(input({g}, {p}), ScoreOptions{}, m);
  CHECK(r["all_overlap"]["tp"] == 2);
  CHECK(r["all_overlap"]["pred"] == 3);
  CHECK(r["all_exact"]["tp"] == 2);
  CHECK(r["all_overlap"]["precision"] == 0.6667);
  // Direct precision: the unmatched duplicate lies inside the gold direct unit, but that unit's
  // room is taken by the matched prediction.
  CHECK(r["direct"]["precision"] == 0.5);
  CHECK(r["direct"]["recall"] == 1.0);
  CHECK(r["direct"]["f1"] == 0.6667);
  CHECK(m.count == 0);
}

TEST_CASE("quotes: a split gold quote is one unit per part, white space joins parts", "[eval]") {
  auto g = gold(R"({"id": "a", "text": "\u201cOne,\u201d he said, \u201ctwo.\u201d \u201cThree.\u201d",
                    "quotes": [{"start": 0, "end": 35, "type": "direct", "speaker_span": {"start": 7, "end": 9},
                                "parts": [{"start": 0, "end": 6}, {"start": 16, "end": 22}, {"start": 23, "end": 31}]}]})");
  auto p = pred(R"({"id": "a", "quotes": [{"start": 0, "end": 6, "type": "direct", "speaker": {"start": 7, "end": 9}},
                    {"start": 16, "end": 31, "type": "direct", "speaker": null}]})");
  Malformed m;
  auto r = score_quotes(input({g}, {p}), ScoreOptions{}, m);
  CHECK(r["all_overlap"]["gold"] == 2);  // "One," and "two." "Three." joined
  CHECK(r["all_overlap"]["tp"] == 2);
  CHECK(r["speaker_counts"]["matched_with_gold_speaker"] == 2);
  CHECK(r["speaker_counts"]["correct"] == 1);
  CHECK(r["speaker_accuracy_on_matched"] == 0.5);
  CHECK(r["direct"]["speaker_end_to_end"] == 0.5);
}

TEST_CASE("quotes: ties go to the higher gold index, then the higher prediction index", "[eval]") {
  // Two gold units [0,10) and [10,20); one prediction [5,15) overlaps both at 1/3: under 0.5,
  // so lower the threshold to see the tie order.
  auto g = gold(R"({"id": "a", "text": "aaaaaaaaaabbbbbbbbbbcccccccccc",
                    "quotes": [{"start": 0, "end": 10}, {"start": 10, "end": 20}]})");
  auto p = pred(R"({"id": "a", "quotes": [{"start": 5, "end": 15}]})");
  Malformed m;
  ScoreOptions o;
  o.threshold = 0.3;
  auto r = score_quotes(input({g}, {p}), o, m);
  CHECK(r["all_overlap"]["tp"] == 1);
  CHECK_FALSE(r.contains("direct"));  // the gold has no types
}

TEST_CASE("quotes: out-of-range and malformed predicted spans are clamped and counted", "[eval]") {
  auto g = gold(R"({"id": "a", "text": "abc def", "quotes": [{"start": 4, "end": 7}]})");
  auto p = pred(R"({"id": "a", "quotes": [{"start": 4, "end": 99}, {"start": "x", "end": 3}, {"end": 2}]})");
  Malformed m;
  auto r = score_quotes(input({g}, {p}), ScoreOptions{}, m);
  CHECK(r["all_overlap"]["tp"] == 1);
  CHECK(r["all_overlap"]["pred"] == 1);
  CHECK(m.count == 3);
}

TEST_CASE("sentences: boundaries past white space, exact documents, Python strip", "[eval]") {
  auto g = gold(R"({"id": "s", "text": "One.\u00a0 Two. Three.", "sentences": ["One.", "Two.", " Three. "]})");
  auto p = pred(R"({"id": "s", "sentences": [{"start": 0, "end": 5}, {"start": 5, "end": 11}, {"start": 11, "end": 17}]})");
  Malformed m;
  auto r = score_sentences(input({g}, {p}), m);
  CHECK(r["boundaries"]["tp"] == 2);
  CHECK(r["boundaries"]["f1"] == 1.0);
  CHECK(r["documents_exact"] == 1);
}

TEST_CASE("entities: type mapping, given types, mentions of clusters", "[eval]") {
  auto g = gold(R"({"id": "e", "text": "Ann went to Paris with IBM.",
                    "entities": [{"start": 0, "end": 3, "type": "PER"}, {"start": 12, "end": 17, "type": "LOC"},
                                 {"start": 23, "end": 26, "type": "ORG"}]})");
  auto p = pred(R"({"id": "e", "entities": [{"type": "PERSON", "mentions": [{"start": 0, "end": 3}]},
                    {"type": "GPE", "mentions": [{"start": 12, "end": 17}]}, {"start": 23, "end": 26, "type": "PERSON"}]})");
  Malformed m;
  auto r = score_entities(input({g}, {p}), ScoreOptions{}, m);
  CHECK(r["types"] == nlohmann::json::array({"LOC", "ORG", "PERSON"}));
  CHECK(r["micro"]["tp"] == 2);
  CHECK(r["micro"]["pred"] == 3);
  CHECK(r["span_only"]["tp"] == 3);
  ScoreOptions only_org;
  only_org.types = {"ORG"};
  auto r2 = score_entities(input({g}, {p}), only_org, m);
  CHECK(r2["micro"]["gold"] == 1);
  CHECK(r2["micro"]["pred"] == 0);
}

TEST_CASE("predictions from the pipeline's byte spans become code points", "[eval]") {
  const std::string text = "\u00C9l dijo \u201Cs\u00ED\u201D.";
  Analysis a;
  Quote q;
  q.span = {static_cast<uint32_t>(text.find("\u201C")), static_cast<uint32_t>(text.size() - 1)};
  a.quotes.push_back(q);
  a.sentences.push_back({0, static_cast<uint32_t>(text.size())});
  PredDoc p;
  pred_from_analysis("x", text, a, p);
  REQUIRE(p.quotes.size() == 1);
  CHECK(p.quotes[0].span.start == 8);
  CHECK(p.quotes[0].span.end == 12);
  CHECK(p.quotes[0].type == "direct");
  CHECK(p.sentences[0].end == 13);
}

TEST_CASE("gold and prediction records that are not usable are errors", "[eval]") {
  GoldDoc g;
  PredDoc p;
  std::string error;
  CHECK_FALSE(parse_gold("[1]", g, error));
  CHECK_FALSE(parse_gold(R"({"id": 1})", g, error));
  CHECK_FALSE(parse_gold(R"({"id": 1, "text": "a", "quotes": [{"start": 0}]})", g, error));
  CHECK_FALSE(parse_pred("{", p, error));
  CHECK(parse_pred(R"({"id": 5})", p, error));
  CHECK(p.id == "5");
}
