// RuleGates: byte classes from set membership, masks over them (see rule_gates.h).
#include "attribution/rule_gates.h"

#include <map>

namespace quoth {

RuleGates::RuleGates(const std::vector<PatternNeeds>& rules) {
  // Every set in gate order: per rule its clauses, then its order sets.
  std::vector<const ByteSet*> sets;
  for (const PatternNeeds& r : rules) {
    Rule g;
    g.clauses = static_cast<uint32_t>(sets.size());
    for (const ByteSet& s : r.clauses) sets.push_back(&s);
    g.order = static_cast<uint32_t>(sets.size());
    if (r.order.size() >= 2)  // one set says no more than a clause
      for (const ByteSet& s : r.order) sets.push_back(&s);
    g.end = static_cast<uint32_t>(sets.size());
    rules_.push_back(g);
  }
  // Two bytes fall in one class when every set holds both or neither. Classes are numbered in
  // order of their first byte; from the 64th on they merge into class 63, which every mask
  // holds, so a gate only ever passes more often.
  constexpr size_t kLast = 63;
  std::map<std::vector<bool>, uint8_t> class_of;
  for (size_t b = 0; b < 256; ++b) {
    std::vector<bool> member(sets.size());
    for (size_t k = 0; k < sets.size(); ++k) member[k] = sets[k]->test(b);
    auto [it, added] = class_of.emplace(std::move(member), static_cast<uint8_t>(std::min(class_of.size(), kLast)));
    class_[b] = it->second;
  }
  nclasses_ = std::min(class_of.size(), kLast + 1);
  const bool merged = class_of.size() > kLast + 1;
  masks_.assign(sets.size(), 0);
  for (size_t k = 0; k < sets.size(); ++k) {
    for (size_t b = 0; b < 256; ++b)
      if (sets[k]->test(b)) masks_[k] |= uint64_t{1} << class_[b];
    if (merged) masks_[k] |= uint64_t{1} << kLast;
  }
}

void RuleGates::present_from(std::string_view text, std::vector<uint64_t>& from) const {
  from.resize(text.size() + 1);
  uint64_t bits = 0;
  from[text.size()] = 0;
  const auto* u = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t k = text.size(); k-- > 0;) {
    bits |= uint64_t{1} << class_[u[k]];
    from[k] = bits;
  }
}

}  // namespace quoth
