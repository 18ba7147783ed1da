// Tokenizer for the entity recognizer: splits text into words and punctuation with byte spans, case
// flags and a case-folded hash, so that gazetteer names and running text meet on the same tokens.
#pragma once

#include <cstdint>
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

// FNV-1a style step used for token hashes and for combining token hashes into a name key.
inline uint64_t hash_combine(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h * 0x100000001b3ull;
}

// Case-folded form of a token (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic lowered;
// ’ → ', – — → -), appended to `out`.
void fold_token(std::string_view token, std::string& out);
uint64_t hash_folded(std::string_view folded);
// hash_folded(fold_token(token)) without building the folded string.
uint64_t hash_token(std::string_view token);

// Simple case classification of a code point.
bool is_upper_cp(char32_t cp);
bool is_lower_cp(char32_t cp);
bool is_letter_cp(char32_t cp);

}  // namespace quoth

#include "entity/name_tokens_impl.h"
