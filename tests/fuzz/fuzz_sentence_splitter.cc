// Fuzz target for the sentence splitter: any bytes in, ordered, non-overlapping, non-empty spans
// inside the text out.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "sentence/sentence_splitter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > quoth::fuzz::kMaxInput) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  static std::vector<quoth::ByteSpan> spans;
  spans.clear();
  quoth::SentenceSplitter::default_splitter().split(text, spans);
  uint32_t prev_end = 0;
  for (const auto& s : spans) {
    QUOTH_FUZZ_CHECK(s.start < s.end);
    QUOTH_FUZZ_CHECK(s.end <= size);
    QUOTH_FUZZ_CHECK(s.start >= prev_end);
    prev_end = s.end;
  }
  return 0;
}
