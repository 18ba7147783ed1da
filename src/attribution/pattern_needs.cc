// pattern_needs(): a recursive reading of RE2 syntax (see pattern_needs.h).
#include "attribution/pattern_needs.h"

#include <algorithm>
#include <cstddef>

namespace quoth {
namespace {

using Clauses = std::vector<ByteSet>;

// What every match of a piece of pattern holds: a byte of each set of `all`, and a byte of each
// set of `order` at increasing offsets.
struct Needs {
  Clauses all;
  Clauses order;
};

constexpr size_t kMaxClauses = 64;  // more are dropped (fewer clauses are still true)

bool is_alnum(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

class Reader {
 public:
  explicit Reader(std::string_view p) : p_(p) {}

  // The needs of the whole pattern; empty when any of it is not understood.
  Needs run() {
    Needs n = alternation();
    if (!ok_ || i_ != p_.size()) return {};
    const Clauses& c = n.all;
    // A clause that holds another one says nothing more.
    Clauses minimal;
    for (size_t k = 0; k < c.size(); ++k) {
      bool implied = false;
      for (size_t j = 0; j < c.size() && !implied; ++j)
        implied = j != k && (c[j] & ~c[k]).none() && (c[j] != c[k] || j < k);
      if (!implied) minimal.push_back(c[k]);
    }
    return {std::move(minimal), std::move(n.order)};
  }

 private:
  // alternation := concat ('|' concat)*. A match takes one branch: a clause holds for the whole
  // when it joins one clause of each branch, and so does an order of the k-th sets of each
  // branch's order (up to the shortest).
  Needs alternation() {
    Needs acc = concat();
    while (ok_ && i_ < p_.size() && p_[i_] == '|') {
      ++i_;
      const Needs other = concat();
      Clauses joined;
      if (acc.all.size() * other.all.size() <= kMaxClauses * 4)
        for (const auto& a : acc.all)
          for (const auto& b : other.all) joined.push_back(a | b);
      acc.all = std::move(joined);
      trim(acc.all);
      acc.order.resize(std::min(acc.order.size(), other.order.size()));
      for (size_t k = 0; k < acc.order.size(); ++k) acc.order[k] |= other.order[k];
    }
    return acc;
  }
  // concat := piece*, up to '|', ')' or the end. Every piece's clauses hold, and its order follows
  // the order of the pieces before it.
  Needs concat() {
    Needs acc;
    while (ok_ && i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      const Needs c = piece();
      acc.all.insert(acc.all.end(), c.all.begin(), c.all.end());
      trim(acc.all);
      acc.order.insert(acc.order.end(), c.order.begin(), c.order.end());
      if (acc.order.size() > kMaxClauses) acc.order.resize(kMaxClauses);  // a prefix still holds
    }
    return acc;
  }
  // piece := atom quantifier*. A quantifier that allows zero repeats drops the atom's needs.
  Needs piece() {
    Needs c = atom();
    while (ok_ && i_ < p_.size()) {
      const char q = p_[i_];
      if (q == '*' || q == '?') {
        ++i_;
        c = {};
      } else if (q == '+') {
        ++i_;
      } else if (q == '{') {
        int min = 0;
        if (!repeat(min)) return {};
        if (min == 0) c = {};
      } else {
        break;
      }
      if (i_ < p_.size() && p_[i_] == '?') ++i_;  // non-greedy
    }
    return c;
  }
  // {m}, {m,} or {m,n} at i_; its minimum in `min`.
  bool repeat(int& min) {
    size_t j = i_ + 1;
    const size_t digits = j;
    min = 0;
    while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9') min = std::min(min * 10 + (p_[j++] - '0'), 100000);
    if (j == digits || j >= p_.size()) return fail();
    if (p_[j] == ',') {
      ++j;
      while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9') ++j;
    }
    if (j >= p_.size() || p_[j] != '}') return fail();
    i_ = j + 1;
    return true;
  }
  // One character, class or group; a class or character is needed once, in `all` and `order`.
  Needs atom() {
    const unsigned char c = static_cast<unsigned char>(p_[i_]);
    if (c == '(') return group();
    if (c == '[') return once(char_class());
    if (c == '\\') {
      unsigned char lit = 0;
      if (!escape(lit)) return {};
      if (lit == 0) return {};
      return once({single(lit)});
    }
    if (c == '.' || c == '^' || c == '$') {
      ++i_;
      return {};
    }
    if (c == '*' || c == '+' || c == '?' || c == '{') {
      fail();
      return {};
    }
    ++i_;
    if (c < 0x80) return once({single(c)});
    // A UTF-8 character is one atom (a quantifier after it repeats all its bytes).
    Clauses bytes = {single(c)};
    while (i_ < p_.size() && (static_cast<unsigned char>(p_[i_]) & 0xC0) == 0x80)
      bytes.push_back(single(static_cast<unsigned char>(p_[i_++])));
    return once(bytes);
  }
  // The needs of bytes matched one after the other, each from its set.
  static Needs once(const Clauses& sets) { return {sets, sets}; }
  // (?:...), (?P<name>...) or (...); any other (? form (flags) is not understood.
  Needs group() {
    ++i_;
    if (i_ < p_.size() && p_[i_] == '?') {
      if (p_.substr(i_, 2) == "?:") {
        i_ += 2;
      } else if (p_.substr(i_, 3) == "?P<") {
        const size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) return fail(), Needs{};
        i_ = close + 1;
      } else {
        return fail(), Needs{};
      }
    }
    Needs c = alternation();
    if (!ok_ || i_ >= p_.size() || p_[i_] != ')') return fail(), Needs{};
    ++i_;
    return c;
  }
  // A backslash escape at i_. A punctuation escape is a literal (in `lit`); the known escapes of
  // classes, empty-width assertions and control characters leave `lit` 0; any other fails.
  bool escape(unsigned char& lit) {
    lit = 0;
    if (i_ + 1 >= p_.size()) return fail();
    const unsigned char e = static_cast<unsigned char>(p_[i_ + 1]);
    i_ += 2;
    if (e >= 0x80) return fail();
    if (!is_alnum(e)) {
      lit = e;
      return true;
    }
    switch (e) {
      case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
      case 'b': case 'B': case 'A': case 'z':
      case 'n': case 't': case 'r': case 'f': case 'v': case 'a':
        return true;
      case 'p': case 'P':
      case 'x':
        if (i_ < p_.size() && p_[i_] == '{') {
          const size_t close = p_.find('}', i_);
          if (close == std::string_view::npos) return fail();
          i_ = close + 1;
          return true;
        }
        if (e == 'x') {
          if (i_ + 2 > p_.size()) return fail();
          i_ += 2;
          return true;
        }
        if (i_ >= p_.size()) return fail();
        ++i_;  // \pL
        return true;
      default:
        return fail();
    }
  }
  // [...] or [^...]: a clause of its members when it is a plain set of ASCII bytes.
  Clauses char_class() {
    ++i_;
    bool negated = false, unknown = false;
    if (i_ < p_.size() && p_[i_] == '^') {
      negated = true;
      ++i_;
    }
    ByteSet set;
    bool first = true;
    for (;;) {
      if (i_ >= p_.size()) return fail(), Clauses{};
      unsigned char c = static_cast<unsigned char>(p_[i_]);
      if (c == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      if (c == '[' && i_ + 1 < p_.size() && p_[i_ + 1] == ':') {  // [:alpha:]
        const size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) return fail(), Clauses{};
        i_ = close + 2;
        unknown = true;
        continue;
      }
      if (!member(c, unknown)) return {};
      // A range c-d (a '-' before the closing bracket is itself a member).
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        ++i_;
        unsigned char d = static_cast<unsigned char>(p_[i_]);
        if (!member(d, unknown)) return {};
        if (d < c) return fail(), Clauses{};
        for (int k = c; k <= d; ++k) set.set(static_cast<size_t>(k));
      } else {
        set.set(c);
      }
    }
    if (negated || unknown || set.none()) return {};
    return {set};
  }
  // One class member at i_ (a byte or an escape), advanced past; `c` is 0 and `unknown` set for
  // members that are not a single ASCII byte.
  bool member(unsigned char& c, bool& unknown) {
    c = static_cast<unsigned char>(p_[i_]);
    if (c == '\\') {
      if (!escape(c)) return false;
      if (c == 0) unknown = true;
      return true;
    }
    ++i_;
    if (c >= 0x80) {
      unknown = true;
      c = 0;
    }
    return true;
  }
  static ByteSet single(unsigned char c) {
    ByteSet s;
    s.set(c);
    return s;
  }
  // Drops repeated clauses and keeps at most kMaxClauses.
  static void trim(Clauses& c) {
    Clauses out;
    for (const auto& x : c)
      if (std::find(out.begin(), out.end(), x) == out.end() && out.size() < kMaxClauses) out.push_back(x);
    c = std::move(out);
  }
  bool fail() {
    ok_ = false;
    return false;
  }

  std::string_view p_;
  size_t i_ = 0;
  bool ok_ = true;
};

}  // namespace

PatternNeeds pattern_needs_and_order(std::string_view pattern) {
  Needs n = Reader(pattern).run();
  return {std::move(n.all), std::move(n.order)};
}

std::vector<ByteSet> pattern_needs(std::string_view pattern) { return pattern_needs_and_order(pattern).clauses; }

std::vector<ByteSet> pattern_order(std::string_view pattern) { return pattern_needs_and_order(pattern).order; }

}  // namespace quoth
