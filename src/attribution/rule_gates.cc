// RuleGates: the sets' byte classes, masks over them (see rule_gates.h).
#include "attribution/rule_gates.h"

#include <algorithm>

#include "attribution/byte_classes.h"

namespace quoth {

RuleGates::RuleGates(const std::vector<PatternNeeds>& rules) {
  // Every set in gate order: per rule its clauses, then its order sets.
  std::vector<ByteSet> sets;
  for (const PatternNeeds& r : rules) {
    Rule g;
    g.clauses = static_cast<uint32_t>(sets.size());
    sets.insert(sets.end(), r.clauses.begin(), r.clauses.end());
    g.order = static_cast<uint32_t>(sets.size());
    if (r.order.size() >= 2)  // one set says no more than a clause
      sets.insert(sets.end(), r.order.begin(), r.order.end());
    g.end = static_cast<uint32_t>(sets.size());
    rules_.push_back(g);
  }
  // Classes from the 64th on merge into class 63, which every mask holds, so a gate only ever
  // passes more often.
  constexpr size_t kLast = 63;
  const size_t n = byte_classes(sets, class_);
  for (uint8_t& c : class_) c = static_cast<uint8_t>(std::min<size_t>(c, kLast));
  nclasses_ = std::min(n, kLast + 1);
  const bool merged = n > kLast + 1;
  masks_.assign(sets.size(), 0);
  for (size_t k = 0; k < sets.size(); ++k) {
    for (size_t b = sets[k]._Find_first(); b < 256; b = sets[k]._Find_next(b)) masks_[k] |= uint64_t{1} << class_[b];
    if (merged) masks_[k] |= uint64_t{1} << kLast;
  }
}

void RuleGates::present_from(std::string_view text, Presence& p) const {
  std::vector<uint64_t>& from = p.from;
  from.resize(text.size() + 1);
  uint64_t bits = 0;
  from[text.size()] = 0;
  const auto* u = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t k = text.size(); k-- > 0;) {
    bits |= uint64_t{1} << class_[u[k]];
    from[k] = bits;
  }
  p.short_text = text.size() <= 64;
  if (!p.short_text) return;
  for (uint64_t cs = bits; cs != 0; cs &= cs - 1) p.at[static_cast<size_t>(__builtin_ctzll(cs))] = 0;
  for (size_t k = 0; k < text.size(); ++k) p.at[class_[u[k]]] |= uint64_t{1} << k;
}

}  // namespace quoth
