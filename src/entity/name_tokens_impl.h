// Template body of tokenize_names (see name_tokens.h).
#pragma once

#include <array>
#include <cstdint>

#include "normalize/utf8.h"

namespace quoth {

namespace name_tokens_detail {
inline bool is_apostrophe(char32_t c) { return c == U'\'' || c == U'\u2019' || c == U'\u02BC'; }
// Per byte: 1 an ASCII lower-case letter, 3 an upper-case one, 4 an ASCII digit, else 0.
inline constexpr std::array<uint8_t, 256> kAsciiWordByte = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = 1;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = 3;
  for (int c = '0'; c <= '9'; ++c) t[c] = 4;
  return t;
}();
// ASCII white space: space, \t, \n, \v, \f, \r.
inline constexpr std::array<bool, 256> kAsciiSpace = [] {
  std::array<bool, 256> t{};
  for (const char c : {' ', '\t', '\n', '\v', '\f', '\r'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}();
// Whether byte b, after a run of ASCII letters and digits, may continue the word: '-', '&', '\'',
// '.' and every byte of 0x80 or more (a non-ASCII letter, ’, a dash); any other ASCII byte ends it.
constexpr bool continues_word(unsigned char b) { return b >= 0x80 || b == '-' || b == '&' || b == '\'' || b == '.'; }
// continues_word() as a table, for the fast path's one lookup per word.
inline constexpr std::array<bool, 256> kContinuesWord = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = continues_word(static_cast<unsigned char>(c));
  return t;
}();
// The high bit of each byte of x that is an ASCII letter: setting every byte's 0x20 bit folds
// capitals onto small letters (bytes of 0x80 or more keep their high bit, which bytes_in()
// excludes).
inline uint64_t letter_bytes(uint64_t x) { return bytes_in(x | (kOneBytes * 0x20), 'a', 'z'); }
// The high bit of each byte of x that is neither an ASCII letter (`letter`, letter_bytes(x)) nor
// a digit: the bytes that end a run of ASCII letters and digits.
inline uint64_t run_stops(uint64_t x, uint64_t letter) { return ~(letter | bytes_in(x, '0', '9')) & kHighBits; }
// The end of the run of ASCII letters and digits in u[j, n): eight bytes at a time, then byte by
// byte near the end of the text.
inline size_t ascii_word_end(const unsigned char* u, size_t j, size_t n) {
  while (n - j >= 8) {
    const uint64_t x = load_le(reinterpret_cast<const char*>(u + j));
    const uint64_t stop = run_stops(x, letter_bytes(x));
    if (stop != 0) return j + (static_cast<size_t>(__builtin_ctzll(stop)) >> 3);
    j += 8;
  }
  while (j < n && kAsciiWordByte[u[j]] != 0) ++j;
  return j;
}
inline bool is_word_cp(char32_t c) {
  if (c < 0x80) return (c >= U'0' && c <= U'9') || ((c | 0x20) >= U'a' && (c | 0x20) <= U'z');
  return is_letter_cp(c);
}
}  // namespace name_tokens_detail

template <class KeepDot>
void tokenize_names(std::string_view text, std::vector<NameToken>& out, const KeepDot& keep_dot) {
  using namespace name_tokens_detail;
  out.clear();
  const size_t n = text.size();
  size_t i = 0;
  bool newline = false;
  auto cp_at = [&](size_t pos, size_t& len) -> char32_t {
    if (pos >= n) {
      len = 0;
      return 0;
    }
    unsigned char b = static_cast<unsigned char>(text[pos]);
    if (b < 0x80) {
      len = 1;
      return b;
    }
    return utf8::decode(text, pos, len);
  };
  const auto* const u = reinterpret_cast<const unsigned char*>(text.data());
  while (i < n) {
    // ASCII white space, the common case, first.
    {
      const unsigned char b = u[i];
      if (kAsciiSpace[b]) {
        newline |= b == '\n';
        ++i;
        continue;
      }
      // The next most common case: a word of ASCII letters and digits that starts in lower case
      // and ends at an ASCII byte that cannot continue it. Its token is the one the general path
      // below makes (not capitalised, not all capitals, no dot kept: a dot continues a word),
      // built without the case counts.
      if (b >= 'a' && b <= 'z') {
        const size_t j = ascii_word_end(u, i + 1, n);
        if (j >= n || !kContinuesWord[u[j]]) {
          NameToken& tok = out.emplace_back();
          tok.start = static_cast<uint32_t>(i);
          tok.end = static_cast<uint32_t>(j);
          tok.newline_before = newline;
          newline = false;
          tok.word = true;
          tok.lower = true;
          tok.hash = folded_hash(text.data() + i, j - i, n - i);
          i = j;
          continue;
        }
      }
    }
    size_t len;
    char32_t c = cp_at(i, len);
    if (c >= 0x80 && (c == 0xA0 || c == 0x2009 || c == 0x202F || c == 0x2028 || c == 0x2029)) {
      if (c == 0x2028 || c == 0x2029) newline = true;
      i += len;
      continue;
    }
    // Filled in place: a token built aside and copied in costs a store-forwarding stall.
    NameToken& tok = out.emplace_back();
    tok.start = static_cast<uint32_t>(i);
    tok.newline_before = newline;
    newline = false;
    if (is_word_cp(c)) {
      tok.word = true;
      tok.digit = c >= U'0' && c <= U'9';
      tok.cap = c < 0x80 ? (c >= U'A' && c <= U'Z') : is_upper_cp(c);
      tok.lower = c < 0x80 ? (c >= U'a' && c <= U'z') : is_lower_cp(c);
      int letters = 0, uppers = 0;
      size_t j = i;
      size_t segment_letters = 0;  // letters since the last dot, for "U.S."
      bool ascii = true;  // the token is ASCII so far: its hash is folded_hash() of its bytes
      while (j < n) {
        {
          // A run of ASCII letters and digits, the bulk of every word: eight bytes at a time,
          // then byte by byte near the end of the text.
          const unsigned char* p = u + j;
          const unsigned char* const e = u + n;
          uint32_t run_letters = 0, run_uppers = 0;
          while (e - p >= 8) {
            const uint64_t x = load_le(reinterpret_cast<const char*>(p));
            // A capital is a letter with its 0x20 bit clear (bit 5 shifted up by 2 lands on its
            // byte's high bit).
            const uint64_t letter = letter_bytes(x), up = letter & ~(x << 2);
            const uint64_t stop = run_stops(x, letter);
            // The high bits of the bytes before the first one that ends the run.
            const uint64_t before = stop == 0 ? kHighBits : (stop & (0 - stop)) - 1;
            run_letters += count_bytes(letter & before);
            run_uppers += count_bytes(up & before);
            if (stop != 0) {
              p += __builtin_ctzll(stop) >> 3;
              break;
            }
            p += 8;
          }
          if (e - p < 8) {
            for (; p < e; ++p) {
              const uint8_t k = kAsciiWordByte[*p];
              if (k == 0) break;
              run_letters += k & 1;
              run_uppers += (k >> 1) & 1;
            }
          }
          j = static_cast<size_t>(p - u);
          letters += static_cast<int>(run_letters);
          segment_letters += run_letters;
          uppers += static_cast<int>(run_uppers);
          if (j >= n) break;
        }
        const unsigned char b = u[j];
        if (!continues_word(b)) break;
        size_t l;
        char32_t d = cp_at(j, l);
        if (d >= 0x80 && is_word_cp(d)) {
          ascii = false;
          if (is_letter_cp(d)) {
            ++letters;
            ++segment_letters;
            if (is_upper_cp(d)) ++uppers;
          }
          j += l;
          continue;
        }
        size_t l2;
        char32_t next = cp_at(j + l, l2);
        if ((d == U'-' || d == U'&') && is_word_cp(next)) {
          segment_letters = 0;
          if (d >= 0x80) ascii = false;
          j += l;
          continue;
        }
        if (is_apostrophe(d) && is_letter_cp(next)) {
          // Possessive 's ends the word; O'Brien and d'Ivoire continue it.
          size_t l3;
          char32_t after = cp_at(j + l + l2, l3);
          if ((next == U's' || next == U'S') && !is_word_cp(after)) break;
          // Contractions split off: I'm, I've, I'd, we'll, they're, don't.
          if ((next == U'm' || next == U'd' || next == U't') && !is_word_cp(after)) break;
          if ((next == U'l' && after == U'l') || (next == U'v' && after == U'e') || (next == U'r' && after == U'e')) {
            size_t l5;
            char32_t after2 = cp_at(j + l + l2 + l3, l5);
            if (!is_word_cp(after2)) break;
          }
          if (d >= 0x80) ascii = false;
          j += l;
          continue;
        }
        if (d == U'.') {
          // Initials and dotted acronyms: "U.S.", "J.", "D.C."; abbreviations such as "Dr."; a
          // dotted acronym after a hyphen ("non-U.S.", "Canadian-U.S.") goes on when another
          // dotted letter follows.
          const bool acronym_after_hyphen = j >= 2 && text[j - 2] == '-' && is_letter_cp(next) && [&] {
            size_t l4;
            return cp_at(j + l + l2, l4) == U'.';
          }();
          if (segment_letters == 1 && (letters == 1 || (j > 0 && text[j - 2] == '.') || acronym_after_hyphen)) {
            if (d >= 0x80) ascii = false;
            j += l;
            segment_letters = 0;
            if (is_letter_cp(next)) {
              size_t l4;
              char32_t after = cp_at(j + l2, l4);
              if (after == U'.') continue;  // another dotted letter follows
            }
            break;
          }
          break;
        }
        break;
      }
      tok.end = static_cast<uint32_t>(j);
      tok.all_caps = letters >= 2 && uppers == letters;
      tok.hash = ascii ? folded_hash(text.data() + tok.start, tok.end - tok.start, n - tok.start)
                       : hash_token(text.substr(tok.start, tok.end - tok.start));
      if (j < n && text[j] == '.' && text[j - 1] != '.' && keep_dot(tok.hash)) {
        tok.end = static_cast<uint32_t>(j + 1);
        tok.hash = ascii ? folded_hash(text.data() + tok.start, tok.end - tok.start, n - tok.start)
                         : hash_token(text.substr(tok.start, tok.end - tok.start));
      }
      i = tok.end;
    } else if (is_apostrophe(c)) {
      size_t l2;
      char32_t next = cp_at(i + len, l2);
      size_t l3;
      char32_t after = cp_at(i + len + l2, l3);
      tok.word = false;
      // The token before this one is a word that ends right here.
      const bool after_word = out.size() >= 2 && out[out.size() - 2].word && out[out.size() - 2].end == i;
      if ((next == U's' || next == U'S') && !is_word_cp(after) && after_word) {
        tok.possessive = true;
        tok.end = static_cast<uint32_t>(i + len + l2);
      } else {
        tok.end = static_cast<uint32_t>(i + len);
      }
      tok.hash = hash_token(text.substr(tok.start, tok.end - tok.start));
      i = tok.end;
    } else {
      tok.end = static_cast<uint32_t>(i + len);
      tok.hash = c < 0x80 ? folded_hash(text.data() + tok.start, 1)  // as hash_token, one ASCII byte
                          : hash_token(text.substr(tok.start, tok.end - tok.start));
      i = tok.end;
    }
  }
}

}  // namespace quoth
