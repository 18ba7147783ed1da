// Fuzz target for the quote scanner: any bytes in, ordered top-level spans inside the text out,
// each inner range inside its span.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "quote/quote_scanner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > quoth::fuzz::kMaxInput) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  static std::vector<quoth::QuoteSpan> quotes;
  quotes.clear();
  quoth::scan_quotes(text, quotes);
  uint32_t prev_end = 0;
  for (const auto& q : quotes) {
    QUOTH_FUZZ_CHECK(q.span.start <= q.span.end && q.span.end <= size);
    QUOTH_FUZZ_CHECK(q.inner.start >= q.span.start && q.inner.end <= q.span.end);
    QUOTH_FUZZ_CHECK(q.inner.start <= q.inner.end);
    QUOTH_FUZZ_CHECK(q.span.start >= prev_end);
    prev_end = q.span.end;
  }
  return 0;
}
