// Unit tests for RuleGates: the packed clause and order tests give what the byte sets say.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "attribution/rule_gates.h"

using namespace quoth;

namespace {

ByteSet bytes_of(std::string_view text) {
  ByteSet s;
  for (const char c : text) s.set(static_cast<unsigned char>(c));
  return s;
}

// What the gate of `needs` must answer on text[pos, end), from the sets themselves.
bool exact(const PatternNeeds& needs, std::string_view text, size_t pos) {
  const std::string_view rest = text.substr(pos);
  return needs_met(needs.clauses, bytes_of(rest)) && (needs.order.size() < 2 || order_met(needs.order, rest));
}

}  // namespace

TEST_CASE("RuleGates: each rule's gate answers as its clauses and order sets") {
  const char* patterns[] = {
      "(?:^|[:;,])(?P<content>Q[,.?!:;]?)(?P<cue>[VW])(?P<speaker>C(?:J?D?C)*|P)",
      "(?P<speaker>(?:C|D[lCE]*)S[lCE]{0,5}[lCVWGB]|P)(?:(?:,[^,Q;:]+){1,2},|,9,)?X{0,3}(?P<cue>V)",
      "^(?:[^Q]*?,)?(?P<speaker>C|P)[^Q]*?[NR]X{0,3}(?P<cue>[VW])(?:[:,]?)(?P<content>Q(?:[.?!:;]?$|,))",
      "(?P<lead>,?)(?P<cue>Ao)(?P<speaker>C+|[^,Q.]+)",
      "PVQ",
      "Q?",  // no clauses: passes everywhere
  };
  std::vector<PatternNeeds> rules;
  for (const char* p : patterns) rules.push_back(pattern_needs_and_order(p));
  const RuleGates gates(rules);
  CHECK(gates.classes() < 64);
  const std::string alphabet = "QVWCPDlSEXNR,;:.AoJab9cde!?";
  std::mt19937 rng(5);
  RuleGates::Presence from;
  for (int n = 0; n < 3000; ++n) {
    // Texts of up to 64 bytes are gated through per-class position masks, longer ones by a scan.
    std::string text;
    const int len = static_cast<int>(n % 3 == 0 ? 56 + rng() % 16 : rng() % 16);
    for (int k = 0; k < len; ++k) text.push_back(alphabet[rng() % alphabet.size()]);
    gates.present_from(text, from);
    for (size_t r = 0; r < rules.size(); ++r)
      for (size_t pos = 0; pos <= text.size(); ++pos) {
        INFO(patterns[r] << " on " << text << " from " << pos);
        CHECK(gates.may_match(r, text, pos, from) == exact(rules[r], text, pos));
      }
  }
  gates.present_from("xPyVQ", from);
  CHECK(gates.may_match(4, "xPyVQ", 0, from));
  CHECK_FALSE(gates.may_match(4, "xPyVQ", 2, from));  // no P from offset 2 on
  gates.present_from("QPV", from);
  CHECK_FALSE(gates.may_match(4, "QPV", 0, from));  // every byte, out of order
}

TEST_CASE("RuleGates: past 64 byte classes the gates only pass more often") {
  // 100 one-byte clauses tell 101 classes apart; the 64th and later share one.
  std::vector<PatternNeeds> rules;
  for (int b = 0; b < 100; ++b) {
    PatternNeeds needs;
    ByteSet one;
    one.set(static_cast<size_t>(b + 1));
    needs.clauses.push_back(one);
    rules.push_back(needs);
  }
  const RuleGates gates(rules);
  CHECK(gates.classes() == 64);
  RuleGates::Presence from;
  for (int b = 0; b < 100; ++b) {
    const std::string text(1, static_cast<char>(b + 1));
    gates.present_from(text, from);
    for (int r = 0; r < 100; ++r) {
      INFO("rule " << r << " on byte " << b + 1);
      if (r == b) CHECK(gates.may_match(static_cast<size_t>(r), text, 0, from));
      // Exact among the first 62 rules' bytes; a merged byte may pass any gate.
      else if (b < 62 && r < 62) CHECK_FALSE(gates.may_match(static_cast<size_t>(r), text, 0, from));
    }
  }
}
