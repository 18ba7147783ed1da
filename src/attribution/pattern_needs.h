// What every match of an RE2 pattern must contain: a list of byte sets ("clauses"), each of which
// has at least one of its bytes in any text the pattern matches. The attributor skips a rule on a
// class string that lacks a byte of some clause, where RE2 would search and fail.
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

// True when `present` (the bytes of a text) meets every clause.
inline bool needs_met(const std::vector<ByteSet>& clauses, const ByteSet& present) {
  for (const auto& c : clauses)
    if ((c & present).none()) return false;
  return true;
}

}  // namespace quoth
