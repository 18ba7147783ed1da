// UTF-8 layer: validation and decoding that never fails. Invalid bytes are reported one byte at a
// time so offsets always stay in the original bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace quoth::utf8 {

// Length in bytes (1-4) of the well-formed UTF-8 sequence starting at text[pos] (no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when the byte there starts no valid sequence.
// Precondition: pos < text.size().
size_t sequence_length(std::string_view text, size_t pos);

// Decodes the code point at text[pos]. Sets `len` to the bytes consumed (at least 1). An invalid
// byte decodes as U+FFFD with len 1. Precondition: pos < text.size().
char32_t decode(std::string_view text, size_t pos, size_t& len);

// Decodes the code point that ends just before text[pos] (pos > 0); sets `len` to its byte length.
// An invalid byte decodes as U+FFFD with len 1.
char32_t decode_before(std::string_view text, size_t pos, size_t& len);

// True when the whole text is valid UTF-8. Otherwise sets `first_invalid` to the byte offset of
// the first invalid byte.
bool validate(std::string_view text, size_t& first_invalid);

// Number of invalid bytes in `text` (0 for valid UTF-8).
size_t count_invalid(std::string_view text);

// Appends the UTF-8 encoding of `cp` to `out` (any container with push_back(char)).
template <class Out>
void append(Out& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace quoth::utf8
