// Case folding and character classes for the entity tokenizer.
#include "entity/name_tokens.h"

#include "normalize/utf8.h"

namespace quoth {

bool is_upper_cp(char32_t c) {
  if (c < 0x80) return c >= U'A' && c <= U'Z';
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x17F) return (c % 2 == 0) != (c >= 0x139 && c <= 0x148) && c != 0x138;
  if (c >= 0x391 && c <= 0x3A9) return true;
  if (c >= 0x400 && c <= 0x42F) return true;
  if (c >= 0x531 && c <= 0x556) return true;  // Armenian capitals
  if (c >= 0x1E00 && c <= 0x1EFF) return c % 2 == 0;
  return false;
}

bool is_lower_cp(char32_t c) {
  if (c < 0x80) return c >= U'a' && c <= U'z';
  if (c >= 0xDF && c <= 0xFF) return c != 0xF7;
  if (c >= 0x100 && c <= 0x17F) return !is_upper_cp(c);
  if (c >= 0x3B1 && c <= 0x3C9) return true;
  if (c >= 0x430 && c <= 0x45F) return true;
  if (c >= 0x561 && c <= 0x587) return true;
  if (c >= 0x1E00 && c <= 0x1EFF) return c % 2 == 1;
  return false;
}

bool is_letter_cp(char32_t c) {
  if (c < 0x80) return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z');
  if (c == 0xD7 || c == 0xF7) return false;
  if (c >= 0xC0 && c <= 0x24F) return true;
  if (c >= 0x250 && c <= 0x2AF) return true;
  if (c >= 0x370 && c <= 0x3FF) return true;
  if (c >= 0x400 && c <= 0x52F) return true;
  if (c >= 0x531 && c <= 0x587) return true;
  if (c >= 0x5D0 && c <= 0x5EA) return true;                    // Hebrew
  if (c >= 0x620 && c <= 0x64A) return true;                    // Arabic
  if (c >= 0x900 && c <= 0xDFF) return true;                    // Indic scripts
  if (c >= 0xE00 && c <= 0xE7F) return true;                    // Thai
  if (c >= 0x10A0 && c <= 0x10FF) return true;                  // Georgian
  if (c >= 0x1E00 && c <= 0x1FFF) return true;
  if (c >= 0x3040 && c <= 0x30FF) return true;                  // kana
  if (c >= 0x4E00 && c <= 0x9FFF) return true;                  // CJK
  if (c >= 0xAC00 && c <= 0xD7AF) return true;                  // Hangul
  return false;
}

static char32_t fold_cp(char32_t c) {
  if (c < 0x80) return (c >= U'A' && c <= U'Z') ? c + 32 : c;
  if (c == 0x2019 || c == 0x2018 || c == 0x02BC) return U'\'';
  if (c == 0x2013 || c == 0x2014 || c == 0x2010 || c == 0x2011) return U'-';
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c >= 0x100 && c <= 0x17F && is_upper_cp(c)) return c + 1;
  if (c >= 0x391 && c <= 0x3A9) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0x531 && c <= 0x556) return c + 48;
  if (c >= 0x1E00 && c <= 0x1EFF && c % 2 == 0) return c + 1;
  return c;
}

void fold_token(std::string_view token, std::string& out) {
  size_t i = 0;
  while (i < token.size()) {
    unsigned char b = static_cast<unsigned char>(token[i]);
    if (b < 0x80) {
      out.push_back(static_cast<char>((b >= 'A' && b <= 'Z') ? b + 32 : b));
      ++i;
      continue;
    }
    size_t len;
    char32_t c = utf8::decode(token, i, len);
    utf8::append(out, fold_cp(c));
    i += len;
  }
}

uint64_t hash_token(std::string_view token) {
  for (const char c : token) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      thread_local std::string folded;
      folded.clear();
      fold_token(token, folded);
      return folded_hash(folded.data(), folded.size());
    }
  }
  return folded_hash(token.data(), token.size());
}

uint64_t hash_folded(std::string_view folded) { return folded_hash(folded.data(), folded.size()); }

}  // namespace quoth
