// Unit tests for pattern_needs(): the byte sets every match of a rule pattern draws from.
#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <random>
#include <string>

#include "attribution/pattern_needs.h"

using namespace quoth;

namespace {

// The clauses as strings of their bytes, in byte order.
std::vector<std::string> clauses_of(std::string_view pattern) {
  std::vector<std::string> out;
  for (const auto& c : pattern_needs(pattern)) {
    std::string s;
    for (size_t b = 0; b < c.size(); ++b)
      if (c.test(b)) s.push_back(static_cast<char>(b));
    out.push_back(s);
  }
  return out;
}

ByteSet bytes_of(std::string_view text) {
  ByteSet s;
  for (const char c : text) s.set(static_cast<unsigned char>(c));
  return s;
}

}  // namespace

TEST_CASE("pattern_needs: literals, classes and groups") {
  CHECK(clauses_of("PV") == std::vector<std::string>{"P", "V"});
  CHECK(clauses_of("[VW]Q") == std::vector<std::string>{"VW", "Q"});
  CHECK(clauses_of("(?P<cue>[A-C])") == std::vector<std::string>{"ABC"});
  CHECK(clauses_of("(?:a|bc)") == std::vector<std::string>{"ab", "ac"});
  CHECK(clauses_of("\\(x\\)") == std::vector<std::string>{"(", "x", ")"});
}

TEST_CASE("pattern_needs: what may be absent requires nothing") {
  CHECK(clauses_of("Q?").empty());
  CHECK(clauses_of("Q*V").size() == 1);
  CHECK(clauses_of("Q{0,3}").empty());
  CHECK(clauses_of("(?:Q,){1,2}") == std::vector<std::string>{"Q", ","});
  CHECK(clauses_of("[^Q]").empty());
  CHECK(clauses_of("(?:Q|)").empty());
  CHECK(clauses_of("^$").empty());
  CHECK(clauses_of("\\d").empty());
  CHECK(clauses_of("\xE2\x80\x94?x") == std::vector<std::string>{"x"});  // an optional dash, all its bytes
}

TEST_CASE("pattern_needs: syntax it does not know requires nothing") {
  CHECK(clauses_of("(?i)Q").empty());
  CHECK(clauses_of("(Q").empty());
  CHECK(clauses_of("[[:alpha:]]Q").size() == 1);
  CHECK(clauses_of("\\QV\\E").empty());
}

TEST_CASE("pattern_needs: every RE2 match meets the clauses") {
  const char* patterns[] = {
      "(?:^|[:;,])(?P<content>Q[,.?!:;]?)(?P<cue>[VW])(?P<speaker>C(?:J?D?C)*|P)",
      "(?P<speaker>(?:C|D[lCE]*)S[lCE]{0,5}[lCVWGB]|P)(?:(?:,[^,Q;:]+){1,2},|,9,)?X{0,3}(?P<cue>V)",
      "^(?:[^Q]*?,)?(?P<speaker>C|P)[^Q]*?[NR]X{0,3}(?P<cue>[VW])(?:[:,]?)(?P<content>Q(?:[.?!:;]?$|,))",
      "(?P<lead>,?)(?P<cue>Ao)(?P<speaker>C+|[^,Q.]+)",
      "a|b(?:c|d)+e?",
  };
  const std::string alphabet = "QVWCPDlSEXNR,;:.AoJab9cde";
  std::mt19937 rng(7);
  for (const char* p : patterns) {
    RE2 re(p);
    REQUIRE(re.ok());
    const auto clauses = pattern_needs(p);
    CHECK(!clauses.empty());
    for (int n = 0; n < 4000; ++n) {
      std::string text;
      const int len = static_cast<int>(rng() % 14);
      for (int k = 0; k < len; ++k) text.push_back(alphabet[rng() % alphabet.size()]);
      re2::StringPiece match;
      if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, &match, 1)) continue;
      INFO(p << " on " << text);
      CHECK(needs_met(clauses, bytes_of(std::string_view(match.data(), match.size()))));
    }
  }
}

namespace {

// The order as strings of their bytes, in byte order.
std::vector<std::string> order_of(std::string_view pattern) {
  std::vector<std::string> out;
  for (const auto& c : pattern_order(pattern)) {
    std::string s;
    for (size_t b = 0; b < c.size(); ++b)
      if (c.test(b)) s.push_back(static_cast<char>(b));
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("pattern_order: the sets a match meets in order") {
  CHECK(order_of("PVQ") == std::vector<std::string>{"P", "V", "Q"});
  CHECK(order_of("QQ") == std::vector<std::string>{"Q", "Q"});
  CHECK(order_of("(?:AB|C)D") == std::vector<std::string>{"AC", "D"});  // up to the shortest branch
  CHECK(order_of("(?:^|[:;])Q,?V") == std::vector<std::string>{"Q", "V"});
  CHECK(order_of("C(?:N{1,2}C)?V+") == std::vector<std::string>{"C", "V"});
  CHECK(order_of("(?i)QV").empty());
  CHECK(order_met(pattern_order("PVQ"), "xPyVQ"));
  CHECK(!order_met(pattern_order("PVQ"), "QPV"));
}

TEST_CASE("pattern_order: every RE2 match meets the order") {
  const char* patterns[] = {
      "(?P<speaker>(?:C|D[lCE]*)S[lCE]{0,5}[lCVWGB]|P)(?:(?:,[^,Q;:]+){1,2},|,9,)?X{0,3}(?P<cue>V)(?:,?[^Q:;.VWG]{1,8}[:,]|[:,]?)(?P<content>Q(?:[.?!:;]?$|,))",
      "^(?:[^Q]*?,)?(?P<speaker>C|P)[^Q]*?[NR]X{0,3}(?P<cue>[VW])(?:[:,]?)(?P<content>Q(?:[.?!:;]?$|,))",
      "(?:^|[:;])(?P<content>Q[,!?])(?P<speaker>C+|P|D[lC]{0,4}l)(?:,[^,Q;:]+,)?X{0,3}(?P<cue>E)",
      "a|b(?:c|d)+e?",
      "(?:ab|c){2}d",
  };
  const std::string alphabet = "QVWCPDlSEXNR,;:.AoJab9cde!?";
  std::mt19937 rng(11);
  for (const char* p : patterns) {
    RE2 re(p);
    REQUIRE(re.ok());
    const auto order = pattern_order(p);
    for (int n = 0; n < 4000; ++n) {
      std::string text;
      const int len = static_cast<int>(rng() % 16);
      for (int k = 0; k < len; ++k) text.push_back(alphabet[rng() % alphabet.size()]);
      re2::StringPiece match;
      if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, &match, 1)) continue;
      INFO(p << " on " << text);
      CHECK(order_met(order, std::string_view(match.data(), match.size())));
    }
  }
}

TEST_CASE("one reading gives both the clauses and the order", "[pattern_needs]") {
  for (const char* p : {"(?P<speaker>C+|P)(?:,[^,]*,)?V(?P<content>Q)", "a|b(?:c|d)+e?", "(?:ab|c){2}d", "(?i)x"}) {
    const PatternNeeds both = pattern_needs_and_order(p);
    INFO(p);
    CHECK(both.clauses == pattern_needs(p));
    CHECK(both.order == pattern_order(p));
  }
  CHECK_FALSE(pattern_needs_and_order("(?P<speaker>C+|P)V").clauses.empty());
}
