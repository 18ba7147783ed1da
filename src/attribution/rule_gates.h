// The attributor's first test of a rule on a class string, before its regex searches: the byte
// sets every match of the rule draws from and meets in order (pattern_needs.h), for all rules
// packed into one array of 64-bit masks over classes of bytes that no set tells apart. A rule
// whose gate fails at an offset has no match starting there or later; a gate that passes says
// nothing (the search decides).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "attribution/pattern_needs.h"

namespace quoth {

class RuleGates {
 public:
  RuleGates() = default;
  // The gates of rules[0..n): each rule's clauses and, when it has two or more, its order sets.
  explicit RuleGates(const std::vector<PatternNeeds>& rules);

  // What the gates read of one text, filled by present_from().
  struct Presence {
    std::vector<uint64_t> from;  // from[k]: the byte classes of text[k, end), for k in [0, size]
    // For a text of at most 64 bytes, at[c]: bit i set when text[i] is of class c.
    std::array<uint64_t, 64> at{};
    bool short_text = false;
  };
  void present_from(std::string_view text, Presence& p) const;

  // True unless rule r surely has no match in text[pos, end): each of its clauses has a byte in
  // it (`p` as present_from() filled it for this text) and its order sets are met there in
  // order.
  bool may_match(size_t r, std::string_view text, size_t pos, const Presence& p) const {
    const Rule& g = rules_[r];
    const uint64_t present = p.from[pos];
    for (uint32_t k = g.clauses; k < g.order; ++k)
      if ((masks_[k] & present) == 0) return false;
    if (g.order == g.end) return true;
    if (p.short_text) {
      // Each set in turn at its first position after the previous set's: the positions of the
      // set's classes, from those present.
      uint64_t allowed = pos < 64 ? ~uint64_t{0} << pos : 0;
      for (uint32_t k = g.order; k < g.end; ++k) {
        uint64_t hit = 0;
        for (uint64_t cs = masks_[k] & present; cs != 0; cs &= cs - 1) hit |= p.at[static_cast<size_t>(__builtin_ctzll(cs))];
        hit &= allowed;
        if (hit == 0) return false;
        const unsigned first = static_cast<unsigned>(__builtin_ctzll(hit));
        allowed = first < 63 ? ~uint64_t{0} << (first + 1) : 0;
      }
      return true;
    }
    uint32_t k = g.order;
    const auto* u = reinterpret_cast<const unsigned char*>(text.data());
    for (size_t i = pos; i < text.size() && k < g.end; ++i) k += (masks_[k] >> class_[u[i]]) & 1;
    return k == g.end;
  }

  // How many byte classes the sets tell apart (at most 64; bytes past the 63rd class share the
  // last one, which every mask holds).
  size_t classes() const { return nclasses_; }

 private:
  struct Rule {
    uint32_t clauses = 0, order = 0, end = 0;  // masks_[clauses, order): clauses; [order, end): order sets
  };
  std::array<uint8_t, 256> class_{};  // byte -> its class, 0..63
  std::vector<uint64_t> masks_;       // one bit per class the set holds
  std::vector<Rule> rules_;
  size_t nclasses_ = 1;
};

}  // namespace quoth
