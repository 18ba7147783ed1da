// UTF-8 validation and decoding (see utf8.h).
#include "normalize/utf8.h"

namespace quoth::utf8 {

size_t sequence_length(std::string_view text, size_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const size_t left = text.size() - pos;
  const unsigned char c = s[0];
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;  // continuation byte or overlong 2-byte lead
  auto cont = [&](size_t i) { return i < left && (s[i] & 0xC0) == 0x80; };
  if (c < 0xE0) return cont(1) ? 2 : 0;
  if (c < 0xF0) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0;   // overlong
    if (c == 0xED && s[1] >= 0xA0) return 0;  // surrogates
    return 3;
  }
  if (c < 0xF5) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0;   // overlong
    if (c == 0xF4 && s[1] >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

char32_t decode(std::string_view text, size_t pos, size_t& len) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  if (s[0] < 0x80) {
    len = 1;
    return s[0];
  }
  len = sequence_length(text, pos);
  switch (len) {
    case 2: return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    case 3: return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    case 4: return ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    default: len = 1; return 0xFFFD;
  }
}

char32_t decode_before(std::string_view text, size_t pos, size_t& len) {
  // A sequence is at most 4 bytes: try the longest start first that decodes to exactly pos.
  for (size_t back = 1; back <= 4 && back <= pos; ++back) {
    const size_t start = pos - back;
    const auto c = static_cast<unsigned char>(text[start]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: look further back
    size_t n = 0;
    char32_t cp = decode(text, start, n);
    if (start + n == pos && (n == back)) {
      len = n;
      return cp;
    }
    break;
  }
  len = 1;
  const auto c = static_cast<unsigned char>(text[pos - 1]);
  return c < 0x80 ? c : 0xFFFD;
}

bool validate(std::string_view text, size_t& first_invalid) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // Fast path over ASCII, eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      __builtin_memcpy(&w, text.data() + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    const size_t len = sequence_length(text, i);
    if (len == 0) {
      first_invalid = i;
      return false;
    }
    i += len;
  }
  return true;
}

size_t count_invalid(std::string_view text) {
  size_t bad = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t len = sequence_length(text, i);
    if (len == 0) {
      ++bad;
      ++i;
    } else {
      i += len;
    }
  }
  return bad;
}

}  // namespace quoth::utf8
