// Fuzz target for the whole pipeline: any bytes in, an analysis whose every span lies inside the
// text, starts and ends on character boundaries (so offsets in code points are well defined), and
// whose indexes point at existing sentences and entities.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "normalize/utf8.h"
#include "quoth/quoth.h"

namespace {

// Character boundaries of `text`: where a valid sequence or an invalid byte (a character of its
// own under every --encoding-errors policy) starts, and the end.
std::vector<bool> boundaries;
void find_boundaries(std::string_view text) {
  boundaries.assign(text.size() + 1, false);
  for (size_t i = 0; i < text.size();) {
    boundaries[i] = true;
    const size_t n = quoth::utf8::sequence_length(text, i);
    i += n ? n : 1;
  }
  boundaries[text.size()] = true;
}

bool inside(const quoth::ByteSpan& s, size_t size) {
  return s.start <= s.end && s.end <= size && boundaries[s.start] && boundaries[s.end];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quoth;
  if (size > fuzz::kMaxInput) return 0;
  static const std::unique_ptr<Pipeline> pipeline = [] {
    std::string error;
    auto p = Pipeline::create(PipelineOptions{}, error);
    if (!p) {
      std::fprintf(stderr, "pipeline: %s\n", error.c_str());
      std::abort();
    }
    return p;
  }();
  static Document doc;
  static Analysis analysis;
  doc.id = "fuzz";
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  pipeline->analyze(doc, analysis);
  find_boundaries(doc.text);
  QUOTH_FUZZ_CHECK(!analysis.error);  // replace policy, small input: always analysed
  for (const auto& s : analysis.sentences) QUOTH_FUZZ_CHECK(inside(s, size) && !s.empty());
  for (const auto& q : analysis.quotes) {
    QUOTH_FUZZ_CHECK(inside(q.span, size));
    QUOTH_FUZZ_CHECK(q.sentence >= -1 && q.sentence < static_cast<int>(analysis.sentences.size()));
    if (q.speaker) {
      QUOTH_FUZZ_CHECK(inside(q.speaker->span, size));
      QUOTH_FUZZ_CHECK(q.speaker->entity >= -1 && q.speaker->entity < static_cast<int>(analysis.entities.size()));
    }
    if (q.cue) QUOTH_FUZZ_CHECK(inside(*q.cue, size));
  }
  for (const auto& e : analysis.entities)
    for (const auto& m : e.mentions) QUOTH_FUZZ_CHECK(inside(m, size) && !m.empty());
  return 0;
}
