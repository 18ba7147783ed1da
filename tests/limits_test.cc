// Linear time on hostile inputs: the whole pipeline's time on N units of an input against N/10
// units must stay near 10x (bound 25x: a quadratic stage would give ~100x).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>

#include "quoth/quoth.h"

using namespace quoth;

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
  return ratio;
}

}  // namespace

TEST_CASE("100,000 unmatched opening quotation marks take linear time", "[limits]") {
  CHECK(growth("\u201C", 100000) < 25);
  CHECK(growth("\u201Cword ", 100000) < 25);
  CHECK(growth("\"open ", 100000) < 25);
  CHECK(growth("\u2018\u00AB\u201E ", 100000) < 25);
}

TEST_CASE("a 1 MB run of \"U.S. \" takes linear time", "[limits]") {
  CHECK(growth("U.S. ", 200000) < 25);
}

TEST_CASE("a long single-line document takes linear time", "[limits]") {
  CHECK(growth("\u201CWe will see,\u201D the U.S. envoy Dr. Jane Smith told reporters in Geneva on Monday. ", 12000) < 25);
  CHECK(growth("word ", 200000) < 25);
}
