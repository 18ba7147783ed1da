// Tokenizer for the entity recognizer: splits text into words and punctuation with byte spans, case
// flags and a case-folded hash, so that gazetteer names and running text meet on the same tokens.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace quoth {

struct NameToken {
  uint32_t start = 0;  // byte offsets into the text, half-open
  uint32_t end = 0;
  uint64_t hash = 0;   // hash of the case-folded token (apostrophes and dashes unified)
  bool word = false;   // letters/digits (else punctuation)
  bool cap = false;    // first letter upper case
  bool all_caps = false;  // every letter upper case, at least two letters
  bool lower = false;  // first letter lower case
  bool digit = false;  // starts with a digit
  bool possessive = false;  // the token is "'s" / "’s" split off a word
  bool newline_before = false;  // a line break lies between the previous token and this one
};

// Appends the tokens of `text` to `out` (cleared first). `keep_dot(word_hash)` is asked whether a
// word directly followed by "." keeps the dot (abbreviations such as "Dr." or "Inc.").
template <class KeepDot>
void tokenize_names(std::string_view text, std::vector<NameToken>& out, const KeepDot& keep_dot);

// Combines token hashes into a name key (an FNV-1a style step).
inline uint64_t hash_combine(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h * 0x100000001b3ull;
}

namespace name_tokens_detail {
inline constexpr uint64_t kOneBytes = 0x0101010101010101ull, kHighBits = 0x8080808080808080ull;
// The high bit of each byte of x that is an ASCII byte in [lo, hi] (0 < lo <= hi < 0x80): the
// bytes are tested with their high bit cleared, so no sum carries into the next byte.
inline uint64_t bytes_in(uint64_t x, unsigned lo, unsigned hi) {
  const uint64_t y = x & ~kHighBits;
  return (y + kOneBytes * (0x80 - lo)) & ~(y + kOneBytes * (0x7F - hi)) & ~x & kHighBits;
}
// How many bytes of x have their high bit set, when only high bits may be set (no popcount
// instruction in baseline x86-64): the multiply adds the eight 0/1 bytes into the top byte.
inline uint32_t count_bytes(uint64_t x) { return static_cast<uint32_t>(((x >> 7) * kOneBytes) >> 56); }
// The eight bytes at p, the first in the lowest byte (as on little-endian machines).
inline uint64_t load_le(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}
}  // namespace name_tokens_detail

// The hash of p[0, n) with its ASCII capitals in lower case, never 0, eight bytes per step: each
// step multiplies and folds the high half into the low one, so that the low bits of the hash
// index tables well. p[0, readable) may be read (readable >= n); bytes past n count as zeros. A
// token's hash is this hash of its case-folded form.
inline uint64_t folded_hash(const char* p, size_t n, size_t readable) {
  using namespace name_tokens_detail;
  auto lowered = [](uint64_t w) { return w | (bytes_in(w, 'A', 'Z') >> 2); };  // 0x80 >> 2 is 0x20
  auto step = [&](uint64_t h, uint64_t w) {
    h = (h ^ lowered(w)) * 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 32);
  };
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (static_cast<uint64_t>(n) * 0xC2B2AE3D27D4EB4Full);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) h = step(h, load_le(p + i));
  if (i < n) {
    uint64_t w = 0;
    if (i + 8 <= readable) {
      w = load_le(p + i) & (~uint64_t{0} >> (8 * (8 - (n - i))));  // the bytes before n
    } else {
      for (size_t k = i; k < n; ++k) w |= static_cast<uint64_t>(static_cast<unsigned char>(p[k])) << (8 * (k - i));
    }
    h = step(h, w);
  }
  return h | 1;
}
inline uint64_t folded_hash(const char* p, size_t n) { return folded_hash(p, n, n); }

// Case-folded form of a token (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic lowered;
// ’ → ', – — → -), appended to `out`.
void fold_token(std::string_view token, std::string& out);
// folded_hash() of a folded form.
uint64_t hash_folded(std::string_view folded);
// hash_folded(fold_token(token)); an ASCII token is hashed as it stands.
uint64_t hash_token(std::string_view token);

// Simple case classification of a code point.
bool is_upper_cp(char32_t cp);
bool is_lower_cp(char32_t cp);
bool is_letter_cp(char32_t cp);

}  // namespace quoth

#include "entity/name_tokens_impl.h"
