// What every match of an RE2 pattern must contain: a list of byte sets ("clauses"), each of which
// has at least one of its bytes in any text the pattern matches, and a list of byte sets a match
// meets in order. The attributor skips a rule on a class string that lacks a byte of some clause
// or does not meet the order, where RE2 would search and fail.
#pragma once

#include <bitset>
#include <string_view>
#include <vector>

namespace quoth {

using ByteSet = std::bitset<256>;

// The clauses of `pattern` (RE2 syntax, case-sensitive). A conservative reading: syntax it does
// not know (flags, Perl and Unicode classes, ...) requires nothing, so the list may be empty but
// never names a byte a match can do without.
std::vector<ByteSet> pattern_needs(std::string_view pattern);

// Byte sets every match of `pattern` meets in this order: a match holds a byte of the first set,
// after it a byte of the second, and so on. As conservative as pattern_needs() (possibly empty).
std::vector<ByteSet> pattern_order(std::string_view pattern);

// Both lists from one reading of `pattern`: {pattern_needs(pattern), pattern_order(pattern)}.
struct PatternNeeds {
  std::vector<ByteSet> clauses;
  std::vector<ByteSet> order;
};
PatternNeeds pattern_needs_and_order(std::string_view pattern);

// True when `present` (the bytes of a text) meets every clause.
inline bool needs_met(const std::vector<ByteSet>& clauses, const ByteSet& present) {
  for (const auto& c : clauses)
    if ((c & present).none()) return false;
  return true;
}

// True when `text` meets `order`: a byte of each set at increasing offsets.
inline bool order_met(const std::vector<ByteSet>& order, std::string_view text) {
  size_t k = 0;
  for (size_t i = 0; i < text.size() && k < order.size(); ++i)
    if (order[k].test(static_cast<unsigned char>(text[i]))) ++k;
  return k == order.size();
}

}  // namespace quoth
