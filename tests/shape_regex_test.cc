// ShapeRegex against RE2: the same matches and groups on random class strings, for patterns that
// use every construct of the subset; patterns outside the subset are refused; and the attributor
// gives the same quotes with either engine.
#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "attribution/attributor.h"
#include "attribution/shape_regex.h"
#include "data/image.h"

using namespace quoth;

namespace {

// Every difference between RE2 and ShapeRegex on `texts`, searching from each offset the
// attributor would (0, then past each match), as readable lines.
std::vector<std::string> differences(const std::string& pattern, const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  RE2 re(pattern);
  ShapeRegex fast(pattern);
  if (!re.ok() || !fast.ok()) return {"does not compile: " + pattern};
  if (fast.number_of_groups() != re.NumberOfCapturingGroups()) return {"group count differs: " + pattern};
  if (fast.named_groups() != re.NamedCapturingGroups()) return {"group names differ: " + pattern};
  const int ngroups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> g(static_cast<size_t>(ngroups));
  std::vector<int> spans(2 * static_cast<size_t>(ngroups));
  for (const std::string& text : texts) {
    for (size_t pos = 0; pos <= text.size();) {
      size_t start = 0, end = 0;
      const bool m1 = re.Match(text, pos, text.size(), RE2::UNANCHORED, g.data(), 1);
      const bool m2 = fast.search(text, pos, start, end);
      const size_t s1 = m1 ? static_cast<size_t>(g[0].data() - text.data()) : 0;
      if (m1 != m2 || (m1 && (s1 != start || s1 + g[0].size() != end))) {
        out.push_back(pattern + " on \"" + text + "\" from " + std::to_string(pos));
        break;
      }
      if (!m1) break;
      const bool a1 = re.Match(text, start, end, RE2::ANCHOR_BOTH, g.data(), ngroups);
      const bool a2 = fast.groups(text, start, end, spans.data());
      bool same = a1 && a2;
      for (int k = 1; same && k < ngroups; ++k) {
        const long x = g[k].data() ? g[k].data() - text.data() : -1;
        const long y = g[k].data() ? x + static_cast<long>(g[k].size()) : -1;
        same = x == spans[2 * k - 2] && y == spans[2 * k - 1];
      }
      if (!same) out.push_back(pattern + " groups on \"" + text + "\" [" + std::to_string(start) + ", " + std::to_string(end) + ")");
      pos = std::max(pos + 1, end);
    }
  }
  return out;
}

std::vector<std::string> random_texts(const std::string& alphabet, size_t count, size_t max_len, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> texts{""};
  for (size_t k = 0; k < count; ++k) {
    std::string t(rng() % (max_len + 1), ' ');
    for (char& c : t) c = alphabet[rng() % alphabet.size()];
    texts.push_back(std::move(t));
  }
  return texts;
}

// Searches each of `texts` from each offset in `froms` with ShapeRegex and with RE2 (quiet: on
// long texts RE2's DFA may run out of memory and fall back), requiring the same match; returns
// how many times the thread's DFAs started over meanwhile.
uint64_t resets_searching_like_re2(const std::string& pattern, const std::vector<std::string>& texts,
                                   std::initializer_list<size_t> froms) {
  ShapeRegex fast(pattern);
  RE2::Options quiet;
  quiet.set_log_errors(false);
  RE2 slow(pattern, quiet);
  REQUIRE(fast.ok());
  REQUIRE(slow.ok());
  const uint64_t resets_before = ShapeRegex::cache_resets();
  for (size_t k = 0; k < texts.size(); ++k) {
    const std::string& t = texts[k];
    for (const size_t from : froms) {
      size_t s = 0, e = 0;
      re2::StringPiece g;
      const bool m1 = slow.Match(t, from, t.size(), RE2::UNANCHORED, &g, 1);
      INFO("text " << k << " from " << from);
      REQUIRE(fast.search(t, from, s, e) == m1);
      if (m1) {
        CHECK(s == static_cast<size_t>(g.data() - t.data()));
        CHECK(e == s + g.size());
      }
    }
  }
  return ShapeRegex::cache_resets() - resets_before;
}

// Every search and groups() result in which `b` differs from `a` on `texts`, searching from each
// offset as differences() does, as readable lines.
std::vector<std::string> differences_between(const ShapeRegex& a, const ShapeRegex& b, const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  if (a.number_of_groups() != b.number_of_groups() || a.named_groups() != b.named_groups()) return {"groups differ"};
  std::vector<int> sa(2 * static_cast<size_t>(a.number_of_groups()) + 2), sb(sa.size());
  for (const std::string& text : texts) {
    for (size_t pos = 0; pos <= text.size();) {
      size_t s1 = 0, e1 = 0, s2 = 0, e2 = 0;
      const bool m1 = a.search(text, pos, s1, e1), m2 = b.search(text, pos, s2, e2);
      if (m1 != m2 || (m1 && (s1 != s2 || e1 != e2))) {
        out.push_back("\"" + text + "\" from " + std::to_string(pos));
        break;
      }
      if (!m1) break;
      if (a.groups(text, s1, e1, sa.data()) != b.groups(text, s1, e1, sb.data()) || sa != sb)
        out.push_back("groups on \"" + text + "\"");
      pos = std::max(pos + 1, e1);
    }
  }
  return out;
}

// Patterns that use every construct of the subset.
const std::vector<std::string>& subset_patterns() {
  static const std::vector<std::string> patterns = {
      "C",
      "CV",
      "",
      "^",
      "$",
      "^$",
      "C*",
      "C+?",
      "(?:^|[:;,])(?P<content>Q)(?P<cue>[VW])(?P<speaker>C(?:J?D?C)*)",
      "(?P<speaker>(?:D?[lE]{0,3}|C[lE]{1,3})?C(?:\\([^)Q]+\\))?(?:NC)?)(?P<cue>V)",
      "^(?:[^Q]*?,)?(?P<speaker>C+|P)[^Q]*?[NR]X{0,3}(?P<cue>[VW])(?:[:,]|[:,]?)(?P<content>Q(?:[.?!:;]?$|,|[!?]))",
      "(?P<lead>,?)(?P<cue>Ao)(?P<speaker>C+|[^,Q.]+)",
      "(?P<speaker>P)X?(?P<cue>V)(?:[IXR][^,:;T]*T|T|F)?,?(?P<rest>)",
      "(?:(?:,[^,Q;:][^,;:]*){1,2},|,9,)",
      "(C)|(V)|(CV)",
      "(?:(C)|V)*Q",
      "(C?)(V?\?)(Q{2,})",
      "(C{2}|V{1,}?)+$",
      "[^\\x00-\\x{10FFFF}]",
      "[]C]|[^]V]",
      "a{,3}b",
      "CV{00,}Q|V{01}",  // a bound with a leading zero is no bound: "{" is a literal
      "\\.\\(\\)\\-",
      "C.V",
      "(?:)+C",
      "(?P<x>(?P<y>C)*)",
      // Loops whose body can match empty (RE2 compiles them as (x+)?), found by fuzzing.
      "(?:()|   `-)*",
      "(?:(C*)|V)*Q",
      "(?:C?)*?V",
      "(C|)+(V|^)*$",
      "(?:(?:C?){2,}V){1,}",
      // Ending in $ on every path (searched from the end alone), and near misses that do not.
      "(?:^|[^R])(?P<speaker>C+|P)(?:,[^,Q]*,)?(?P<cue>V)X?(?:I[^,Q:;]*)?[.:!]?$",
      "(?:C$|V,$)",
      "(C(V$))",
      "(?:C$|V)",
      "(?:C$|)",
      "C$V?",
      // Opening with ^ (no attempt past the text's start), and near misses.
      "^C*V",
      "(?:^C|^V)Q",
      "(?:^|C)V",
      "(?:^C)?V",
  };
  return patterns;
}

// The alphabet of the random texts the subset's patterns are tried on.
constexpr const char* kAlphabet = "CVQWDlE,.:;PNRXTFAoI()9-#abx{}0";

}  // namespace

TEST_CASE("ShapeRegex finds RE2's matches and groups", "[shape_regex]") {
  const std::vector<std::string> texts = random_texts(kAlphabet, 4000, 24, 7);
  for (const std::string& p : subset_patterns()) {
    INFO(p);
    const auto diff = differences(p, texts);
    CHECK(diff.empty());
    for (size_t k = 0; k < diff.size() && k < 5; ++k) UNSCOPED_INFO(diff[k]);
  }
}

TEST_CASE("ShapeRegex finds RE2's matches and groups with more than 64 byte classes", "[shape_regex]") {
  // Each of the 70 letters, digits and marks below in a set of its own, and sets that group
  // them: more byte classes than one 64-bit mask per instruction holds, so the DFA reads the
  // class sets.
  const std::string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%&*;:=";
  std::string one_each;
  for (const char c : letters) {
    if (!one_each.empty()) one_each += '|';
    if (!std::isalnum(static_cast<unsigned char>(c))) one_each += '\\';  // a mark, escaped
    one_each += c;
  }
  const std::vector<std::string> patterns = {
      "(?:" + one_each + ")",
      "(?P<head>[A-Z]+)(?:" + one_each + "){2}(?P<tail>[0-9a-f]*?)[!#]",
      "(?:[A-M]|[n-z]|(?:" + one_each + ")Q)*?(?P<x>Z[0-9]+)$",
  };
  const std::vector<std::string> texts = random_texts(letters, 3000, 20, 13);
  for (const std::string& p : patterns) {
    INFO(p);
    const auto diff = differences(p, texts);
    CHECK(diff.empty());
    for (size_t k = 0; k < diff.size() && k < 5; ++k) UNSCOPED_INFO(diff[k]);
  }
}

TEST_CASE("ShapeRegex refuses what it does not read", "[shape_regex]") {
  for (const char* p : {"(?i)c", "\\d", "\\bC", "[[:alpha:]]", "\xc3\xa9", "\\pL", "C**", "(?<n>C)", "\\Q.\\E", "(C"}) {
    INFO(p);
    CHECK_FALSE(ShapeRegex(p).ok());
  }
  CHECK(ShapeRegex("(?P<content>Q)[^,]{1,8}?$").ok());
}

TEST_CASE("ShapeRegex leaves the groups of a very long match to the caller", "[shape_regex]") {
  ShapeRegex re("(C+)(V)");
  const std::string text = std::string(200000, 'C') + "V";
  size_t s = 0, e = 0;
  REQUIRE(re.search(text, 0, s, e));
  CHECK((s == 0 && e == text.size()));
  int spans[4];
  CHECK_FALSE(re.groups(text, s, e, spans));  // the bit-state would need millions of bits
  REQUIRE(re.groups("QCCV", 1, 4, spans));
  CHECK((spans[0] == 1 && spans[1] == 3 && spans[2] == 3 && spans[3] == 4));
}

TEST_CASE("ShapeRegex keeps one DFA per regex per thread", "[shape_regex]") {
  // Two regexes used in turn on one thread do not see each other's states.
  ShapeRegex a("CV"), b("VC");
  size_t s = 0, e = 0;
  for (int k = 0; k < 3; ++k) {
    REQUIRE(a.search("QCVQ", 0, s, e));
    CHECK((s == 1 && e == 3));
    REQUIRE(b.search("QCVC", 0, s, e));
    CHECK((s == 2 && e == 4));
    CHECK_FALSE(a.search("QCVQ", 2, s, e));
  }
}

TEST_CASE("ShapeRegex gives RE2's answers after its DFAs start over", "[shape_regex]") {
  // With a 64 KiB budget, sixty regexes needing hundreds of DFA states each make the caches start
  // over many times while the searches go on.
  ShapeRegex::set_cache_limit(64 << 10);
  const uint64_t resets_before = ShapeRegex::cache_resets();
  std::vector<std::unique_ptr<ShapeRegex>> fast;
  std::vector<std::unique_ptr<RE2>> slow;
  for (int k = 0; k < 60; ++k) {
    const std::string p = "(?:C|V)*?C[CV]{8}(Q|" + std::to_string(k % 10) + ")";
    fast.push_back(std::make_unique<ShapeRegex>(p));
    slow.push_back(std::make_unique<RE2>(p));
    REQUIRE(fast.back()->ok());
  }
  const std::vector<std::string> texts = random_texts("CCCCVVVQ5", 300, 60, 11);
  size_t checked = 0, matched = 0;
  for (int round = 0; round < 2; ++round)
    for (size_t k = 0; k < fast.size(); ++k)
      for (const std::string& t : texts) {
        size_t s = 0, e = 0;
        re2::StringPiece g;
        const bool m1 = slow[k]->Match(t, 0, t.size(), RE2::UNANCHORED, &g, 1);
        const bool m2 = fast[k]->search(t, 0, s, e);
        ++checked;
        matched += m1;
        if (m1 != m2 || (m1 && (static_cast<size_t>(g.data() - t.data()) != s || s + g.size() != e))) {
          FAIL_CHECK("differs: regex " << k << " on " << t);
          break;
        }
      }
  const uint64_t resets = ShapeRegex::cache_resets() - resets_before;
  ShapeRegex::set_cache_limit(size_t{32} << 20);
  CHECK(checked == 2 * 60 * texts.size());
  CHECK(matched > 1000);
  CHECK(resets > 10);
}

TEST_CASE("ShapeRegex gives RE2's answers when one DFA outgrows its states mid-search", "[shape_regex]") {
  // "an a fifteen bytes back" has 2^16 forward DFA states; a long random a/b text meets far more
  // than the 16,384 one DFA holds, so it starts over inside single searches, well below the
  // memory limit.
  std::mt19937 rng(3);
  std::vector<std::string> texts;
  for (int k = 0; k < 6; ++k) {
    std::string t;
    for (int i = 0; i < 60000; ++i) t.push_back(rng() % 2 ? 'a' : 'b');
    if (k % 2) t += "c";  // every other text matches at its very end
    texts.push_back(std::move(t));
  }
  CHECK(resets_searching_like_re2("(?:a|b)*?a(?:a|b){15}(c)", texts, {0, 12345}) >= 6);
}

TEST_CASE("ShapeRegex gives RE2's answers when a DFA of many byte classes outgrows its states", "[shape_regex]") {
  // The letters c..z each in a set of their own make 27 byte classes: rows of 28 transitions, so
  // one DFA holds 65,536 / 28 = 2,340 states. "an a fourteen bytes back" on a long a/b text needs
  // thousands more.
  std::string p = "(?:[a-z])*?a[a-z]{13}(";
  for (char c = 'c'; c <= 'z'; ++c) p += std::string(c == 'c' ? "" : "|") + c;
  p += ")";
  std::mt19937 rng(5);
  std::vector<std::string> texts;
  for (int k = 0; k < 6; ++k) {
    std::string t;
    for (int i = 0; i < 40000; ++i) t.push_back(rng() % 2 ? 'a' : 'b');
    if (k % 2) t.push_back(static_cast<char>('c' + k));  // every other text matches at its very end
    texts.push_back(std::move(t));
  }
  CHECK(resets_searching_like_re2(p, texts, {0, 777}) >= 6);
}

TEST_CASE("the attributor gives the same quotes with ShapeRegex and with RE2", "[shape_regex]") {
  auto make = [](bool re2_only) {
    if (re2_only) setenv("QUOTH_RULE_ENGINE", "re2", 1);
    std::string error;
    auto a = Attributor::create(PipelineOptions{}, error);
    unsetenv("QUOTH_RULE_ENGINE");
    REQUIRE(a);
    return a;
  };
  const auto fast = make(false);
  const auto reference = make(true);
  std::vector<std::string> texts;
  for (const char* name : {"/../../samples/summit.txt", "/../../samples/harbour.txt", "/../../samples/startup.txt"}) {
    std::ifstream in(std::string(QUOTH_FIXTURES) + name);
    std::stringstream ss;
    ss << in.rdbuf();
    texts.push_back(ss.str());
  }
  texts.push_back("\"We will resume the talks,\" Prime Minister Nikol Pashinyan told reporters on Monday. "
                  "He said that the two sides had agreed, according to a statement. \"Why?\" asked Smith.");
  size_t total = 0;
  for (const std::string& text : texts) {
    REQUIRE(!text.empty());
    std::vector<QuoteSpan> spans;
    scan_quotes(text, spans);
    std::vector<Quote> q1, q2;
    fast->attribute(text, {}, spans, q1);
    reference->attribute(text, {}, spans, q2);
    REQUIRE(q1.size() == q2.size());
    for (size_t k = 0; k < q1.size(); ++k) {
      CHECK(q1[k].span.start == q2[k].span.start);
      CHECK(q1[k].span.end == q2[k].span.end);
      CHECK(q1[k].type == q2[k].type);
      CHECK(static_cast<bool>(q1[k].speaker) == static_cast<bool>(q2[k].speaker));
      if (q1[k].speaker && q2[k].speaker) CHECK(q1[k].speaker->span.start == q2[k].speaker->span.start);
      if (q1[k].speaker && q2[k].speaker) CHECK(q1[k].speaker->span.end == q2[k].speaker->span.end);
    }
    total += q1.size();
  }
  CHECK(total >= 10);
}

TEST_CASE("a ShapeRegex read back from its image gives the same results", "[shape_regex]") {
  const std::vector<std::string> texts = random_texts(kAlphabet, 2000, 24, 11);
  for (const std::string& p : subset_patterns()) {
    INFO(p);
    const ShapeRegex compiled(p);
    REQUIRE(compiled.ok());
    ImageWriter out;
    compiled.write_image(out);
    out.u64(42);  // what follows the regex in an image is left to be read
    ImageReader in(out.bytes());
    const auto read = ShapeRegex::read_image(in);
    REQUIRE(read);
    CHECK(read->ok());
    uint64_t after = 0;
    CHECK((in.u64(after) && after == 42 && in.at_end()));
    const auto diff = differences_between(compiled, *read, texts);
    CHECK(diff.empty());
    for (size_t k = 0; k < diff.size() && k < 5; ++k) UNSCOPED_INFO(diff[k]);
  }
}

TEST_CASE("a ShapeRegex image cut short does not read", "[shape_regex]") {
  const ShapeRegex compiled("(?P<speaker>C+|P)(?:,[^,Q]*,)?(?P<cue>V)X?(?:I[^,Q:;]*)?[.:!]?$");
  REQUIRE(compiled.ok());
  ImageWriter out;
  compiled.write_image(out);
  const std::string& image = out.bytes();
  size_t refused = 0;
  for (size_t n = 0; n < image.size(); n += 8) {
    ImageReader in(std::string_view(image).substr(0, n));
    refused += ShapeRegex::read_image(in) == nullptr;
  }
  CHECK(refused == (image.size() + 7) / 8);
}
