// Fuzz target for the UTF-8 layer: cross-checks sequence_length, decode, decode_before, validate
// and count_invalid against a simple reference decoder written from the Unicode table 3-7.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "normalize/utf8.h"

namespace {

// Reference: length of the well-formed sequence at s[0..left), or 0 (Unicode 15, table 3-7).
size_t reference_length(const unsigned char* s, size_t left) {
  auto in = [&](size_t i, unsigned lo, unsigned hi) { return i < left && s[i] >= lo && s[i] <= hi; };
  const unsigned c = s[0];
  if (c <= 0x7F) return 1;
  if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (c == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quoth;
  if (size > fuzz::kMaxInput) return 0;
  const std::string copy(reinterpret_cast<const char*>(data), size);  // exact-size heap buffer
  const std::string_view text = copy;
  size_t bad = 0, first_bad = SIZE_MAX;
  std::u32string decoded;
  for (size_t i = 0; i < size;) {
    const size_t want = reference_length(data + i, size - i);
    QUOTH_FUZZ_CHECK(utf8::sequence_length(text, i) == want);
    size_t len = 0;
    const char32_t cp = utf8::decode(text, i, len);
    QUOTH_FUZZ_CHECK(len == (want ? want : 1));
    QUOTH_FUZZ_CHECK(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
    if (want == 0) {
      QUOTH_FUZZ_CHECK(cp == 0xFFFD);
      if (first_bad == SIZE_MAX) first_bad = i;
      ++bad;
    } else {
      // Round trip: re-encoding gives back the same bytes.
      std::string enc;
      utf8::append(enc, cp);
      QUOTH_FUZZ_CHECK(enc == text.substr(i, len));
    }
    decoded.push_back(cp);
    i += len;
  }
  QUOTH_FUZZ_CHECK(utf8::count_invalid(text) == bad);
  size_t reported = SIZE_MAX;
  const bool valid = utf8::validate(text, reported);
  QUOTH_FUZZ_CHECK(valid == (bad == 0));
  if (!valid) QUOTH_FUZZ_CHECK(reported == first_bad);
  // Backward decoding of a valid text visits the same code points in reverse.
  if (valid) {
    size_t pos = size, k = decoded.size();
    while (pos > 0) {
      size_t len = 0;
      const char32_t cp = utf8::decode_before(text, pos, len);
      QUOTH_FUZZ_CHECK(len >= 1 && len <= 4 && len <= pos);
      QUOTH_FUZZ_CHECK(k > 0 && decoded[k - 1] == cp);
      pos -= len;
      --k;
    }
    QUOTH_FUZZ_CHECK(k == 0);
  } else {
    for (size_t pos = size; pos > 0; --pos) {
      size_t len = 0;
      utf8::decode_before(text, pos, len);
      QUOTH_FUZZ_CHECK(len >= 1 && len <= 4 && len <= pos);
    }
  }
  return 0;
}
