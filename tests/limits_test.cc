// Linear time on hostile inputs: the whole pipeline's time on N units of an input against N/10
// units must stay near 10x (bound 25x: a quadratic stage would give ~100x).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>

#include "check/linter.h"
#include "quoth/quoth.h"

using namespace quoth;

// Under AddressSanitizer timings say little: the inputs still run (for memory errors), the
// ratios are not checked.
#if defined(__SANITIZE_ADDRESS__)
#define QUOTH_TIMING_CHECKS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QUOTH_TIMING_CHECKS 0
#endif
#endif
#ifndef QUOTH_TIMING_CHECKS
#define QUOTH_TIMING_CHECKS 1
#endif

namespace {

const Pipeline& pipeline() {
  static const std::unique_ptr<Pipeline> p = [] {
    std::string error;
    auto made = Pipeline::create(PipelineOptions{}, error);
    INFO(error);
    REQUIRE(made);
    return made;
  }();
  return *p;
}

std::string repeat(std::string_view unit, size_t n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (size_t i = 0; i < n; ++i) out += unit;
  return out;
}

// Best of a few runs, in seconds: the least disturbed by other work on the machine.
double time_analysis(const std::string& text) {
  Document doc;
  doc.id = "limits";
  doc.text = text;
  Analysis analysis;
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    pipeline().analyze(doc, analysis);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  CHECK(!analysis.error);
  return best;
}

// time(n units) / time(n/10 units); the small input is timed ten times over to stay measurable.
double growth(std::string_view unit, size_t n) {
  const std::string big = repeat(unit, n), small = repeat(unit, n / 10);
  double t_small = 1e9;
  for (int k = 0; k < 3; ++k) t_small = std::min(t_small, time_analysis(small));
  const double t_big = time_analysis(big);
  const double ratio = t_big / std::max(t_small, 1e-6);
  UNSCOPED_INFO("size " << big.size() << " bytes: " << t_big * 1e3 << " ms; size " << small.size() << ": "
                        << t_small * 1e3 << " ms; ratio " << ratio);
  return QUOTH_TIMING_CHECKS ? ratio : 0.0;
}

}  // namespace

TEST_CASE("100000 unmatched opening quotation marks take linear time", "[limits]") {
  // Sizes past the processor caches on both sides, so that the ratio measures the algorithm.
  CHECK(growth("\u201C", 1000000) < 25);
  CHECK(growth("\u201Cword ", 300000) < 25);
  CHECK(growth("\"open ", 300000) < 25);
  CHECK(growth("\u2018\u00AB\u201E ", 300000) < 25);
}

TEST_CASE("a 1 MB run of U.S. abbreviations takes linear time", "[limits]") {
  CHECK(growth("U.S. ", 200000) < 25);
}

TEST_CASE("a long single-line document takes linear time", "[limits]") {
  CHECK(growth("\u201CWe will see,\u201D the U.S. envoy Dr. Jane Smith told reporters in Geneva on Monday. ", 30000) < 25);
  CHECK(growth("word ", 200000) < 25);
}

namespace {

double lint_seconds(const std::string& text) {
  Document doc;
  doc.text = text;
  const check::Linter linter(check::LintConfig::defaults());
  std::vector<check::Finding> findings;
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    findings.clear();
    const auto start = std::chrono::steady_clock::now();
    linter.lint(doc, nullptr, findings);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

// Open marks of one style, then closing marks another style's opener would need: every closing
// mark must not search the open ones.
std::string hostile_marks(size_t n) {
  return repeat("\u00AB", n) + repeat("\u201D", n) + repeat("\u201C", n) + repeat("\"", n) +
         repeat("\u2018", n) + repeat("\u00BB", n);
}

}  // namespace

TEST_CASE("the check linter takes linear time on hostile quotation marks", "[limits]") {
  const double big = lint_seconds(hostile_marks(300000)), small = lint_seconds(hostile_marks(30000));
  const double ratio = big / std::max(small, 1e-6);
  UNSCOPED_INFO("linter: " << big * 1e3 << " ms vs " << small * 1e3 << " ms, ratio " << ratio);
  CHECK((QUOTH_TIMING_CHECKS ? ratio : 0.0) < 25);
}

TEST_CASE("a one-line document longer than a paragraph piece keeps every quotation whole", "[limits]") {
  // Over 3 MiB on one line, attributed a piece at a time: no quotation is lost or loses its
  // speaker, and a quotation longer than a piece is still one quotation.
  const std::string unit = "\u201CWe will see,\u201D the envoy Jane Smith told reporters on Monday. ";
  const size_t n = (3u << 20) / unit.size() + 1;
  std::string text = repeat(unit, n / 2);
  const std::string long_quote = "\u201C" + repeat("This sentence keeps going. ", 50000) + "\u201D Smith said. ";
  text += long_quote + repeat(unit, n / 2);
  Document doc;
  doc.id = "long";
  doc.text = text;
  Analysis analysis;
  pipeline().analyze(doc, analysis);
  REQUIRE(!analysis.error);
  size_t direct = 0, with_speaker = 0, long_found = 0;
  for (const auto& q : analysis.quotes) {
    if (q.type != QuoteType::Direct) continue;
    ++direct;
    if (q.speaker) ++with_speaker;
    if (q.span.size() > (1u << 20)) ++long_found;
  }
  CHECK(direct == 2 * (n / 2) + 1);
  CHECK(with_speaker == direct);
  CHECK(long_found == 1);
}
