// ShapeRegex (see shape_regex.h): a parser for the RE2 subset, a Thompson program compiled twice
// (forward with captures; reversed, without), lazily built DFAs over byte classes, and a
// bit-state backtracker for submatches. The search is RE2's own plan: a forward leftmost-first DFA
// finds where the match ends, a reverse longest-match DFA run back from there finds where it
// starts, and only then, when groups are wanted, the backtracker walks that span.
#include "attribution/shape_regex.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
#include <cstring>
#include <span>

#include "attribution/byte_classes.h"
#include "data/image.h"

namespace quoth {
namespace {

using ByteSet = std::bitset<256>;

constexpr int kInfinite = -1;  // no upper bound on a repeat
constexpr int kMaxRepeat = 1000;  // RE2's bound
constexpr size_t kMaxInsts = 50000;  // a larger program is left to RE2
// The backtracker's memory: one bit per (instruction, offset) of the span, at most this many
// (RE2's bit-state bound); groups() of a longer span are left to the caller's other engine.
constexpr size_t kMaxVisitedBits = 256 * 1024;
// States one DFA may hold. A transition is 16 bits: the offset of the next state's row in the
// DFA's table, with the next state's match flag in the lowest bit, so a row's offset stays below
// kMaxRowOffset and a program with wide rows holds fewer states. A DFA that needs more starts
// over, even in the middle of a search.
constexpr size_t kMaxStates = 16384;
constexpr size_t kMaxRowOffset = 0x10000;  // with rows of 4 or more, kMaxStates rows fit

// The parsed pattern: nodes in one vector, children by index.
struct Node {
  enum Kind : uint8_t { kBytes, kConcat, kAlternate, kRepeat, kCapture, kBeginText, kEndText };
  Kind kind = kConcat;     // an empty concatenation is the empty pattern
  ByteSet bytes;           // kBytes
  std::vector<int> kids;   // kConcat, kAlternate; one for kRepeat and kCapture
  int min = 0, max = 0;    // kRepeat; max may be kInfinite
  bool greedy = true;      // kRepeat
  int group = 0;           // kCapture
};

bool is_alnum(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

// Recursive descent over the subset; any construct outside it sets ok_ false.
class Parser {
 public:
  Parser(std::string_view p, std::vector<Node>& nodes, std::map<std::string, int>& names)
      : p_(p), nodes_(nodes), names_(names) {}

  // The root node, or -1 when the pattern is not in the subset.
  int run(int& ngroups) {
    const int root = alternation();
    ngroups = groups_;
    return ok_ && i_ == p_.size() ? root : -1;
  }

 private:
  int add(Node n) {
    nodes_.push_back(std::move(n));
    return static_cast<int>(nodes_.size()) - 1;
  }
  int fail() {
    ok_ = false;
    return -1;
  }
  bool at(char c) const { return i_ < p_.size() && p_[i_] == c; }

  int alternation() {
    std::vector<int> branches{concat()};
    while (ok_ && at('|')) {
      ++i_;
      branches.push_back(concat());
    }
    if (branches.size() == 1) return branches[0];
    Node n;
    n.kind = Node::kAlternate;
    n.kids = std::move(branches);
    return add(std::move(n));
  }
  int concat() {
    Node n;
    n.kind = Node::kConcat;
    while (ok_ && i_ < p_.size() && !at('|') && !at(')')) n.kids.push_back(piece());
    return add(std::move(n));
  }
  // A repeat spec "{n}", "{n,}" or "{n,m}" at i_: true and its bounds, i_ past it; else false
  // and i_ unchanged ("{" is then a literal, as in RE2).
  bool repeat_spec(int& lo, int& hi) {
    size_t j = i_ + 1;
    // As RE2 reads a bound: no leading zero, under 10^8 (else "{" is a literal).
    auto number = [&](int& v) {
      const size_t from = j;
      v = 0;
      while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9') {
        if (v >= 100000000 / 10) return false;
        v = v * 10 + (p_[j++] - '0');
      }
      if (j - from >= 2 && p_[from] == '0') return false;
      return j > from && v < 100000000;
    };
    if (!number(lo)) return false;
    hi = lo;
    if (j < p_.size() && p_[j] == ',') {
      ++j;
      if (j < p_.size() && p_[j] == '}') hi = kInfinite;
      else if (!number(hi)) return false;
    }
    if (j >= p_.size() || p_[j] != '}') return false;
    i_ = j + 1;
    return true;
  }
  int piece() {
    const int a = atom();
    if (!ok_ || i_ >= p_.size()) return a;
    int lo = 0, hi = 0;
    const char q = p_[i_];
    if (q == '*') lo = 0, hi = kInfinite, ++i_;
    else if (q == '+') lo = 1, hi = kInfinite, ++i_;
    else if (q == '?') lo = 0, hi = 1, ++i_;
    else if (q == '{') {
      if (!repeat_spec(lo, hi)) return a;
      if (lo > kMaxRepeat || hi > kMaxRepeat || (hi != kInfinite && hi < lo)) return fail();
    } else {
      return a;
    }
    Node n;
    n.kind = Node::kRepeat;
    n.kids = {a};
    n.min = lo;
    n.max = hi;
    if (at('?')) {
      n.greedy = false;
      ++i_;
    }
    // A second repetition operator is an error in RE2.
    if (i_ < p_.size() && (at('*') || at('+') || at('?'))) return fail();
    if (at('{')) {
      const size_t save = i_;
      int x, y;
      if (repeat_spec(x, y)) return fail();
      i_ = save;
    }
    return add(std::move(n));
  }
  int bytes(const ByteSet& set) {
    Node n;
    n.kind = Node::kBytes;
    n.bytes = set;
    return add(std::move(n));
  }
  // An escape after '\' at i_ (i_ on the character after the backslash): the byte it stands for,
  // or -1 when it is outside the subset. Code points past 0xFF come out as 0x100.
  int escape() {
    if (i_ >= p_.size()) return -1;
    const unsigned char c = static_cast<unsigned char>(p_[i_++]);
    if (c < 0x80 && !is_alnum(c)) return c;
    switch (c) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'x': {
        int v = 0;
        if (at('{')) {
          ++i_;
          size_t digits = 0;
          while (i_ < p_.size() && hex_value(p_[i_]) >= 0) {
            v = std::min(v * 16 + hex_value(p_[i_++]), 0x110000);
            ++digits;
          }
          if (digits == 0 || !at('}') || v > 0x10FFFF) return -1;
          ++i_;
        } else {
          if (i_ + 2 > p_.size() || hex_value(p_[i_]) < 0 || hex_value(p_[i_ + 1]) < 0) return -1;
          v = hex_value(p_[i_]) * 16 + hex_value(p_[i_ + 1]);
          i_ += 2;
        }
        return std::min(v, 0x100);
      }
      default: return -1;
    }
  }
  int atom() {
    if (i_ >= p_.size()) return fail();
    const unsigned char c = static_cast<unsigned char>(p_[i_]);
    switch (c) {
      case '(': return group();
      case '[': return char_class();
      case '*': case '+': case '?': return fail();  // missing argument to repetition operator
      case '.': {
        ++i_;
        ByteSet set;
        set.set();
        set.reset('\n');
        return bytes(set);
      }
      case '^': {
        ++i_;
        Node n;
        n.kind = Node::kBeginText;
        return add(std::move(n));
      }
      case '$': {
        ++i_;
        Node n;
        n.kind = Node::kEndText;
        return add(std::move(n));
      }
      case '\\': {
        ++i_;
        const int b = escape();
        if (b < 0 || b >= 0x80) return fail();  // outside ASCII a literal is a UTF-8 sequence
        ByteSet set;
        set.set(static_cast<size_t>(b));
        return bytes(set);
      }
      case '{': {
        int lo, hi;
        const size_t save = i_;
        if (repeat_spec(lo, hi)) return fail();  // missing argument to repetition operator
        i_ = save;
        break;
      }
      default: break;
    }
    if (c >= 0x80) return fail();
    ++i_;
    ByteSet set;
    set.set(c);
    return bytes(set);
  }
  int group() {
    ++i_;  // '('
    int number = -1;
    if (at('?')) {
      if (p_.substr(i_, 2) == "?:") {
        i_ += 2;
      } else if (p_.substr(i_, 3) == "?P<") {
        i_ += 3;
        const size_t close = p_.find('>', i_);
        if (close == std::string_view::npos || close == i_) return fail();
        const std::string name(p_.substr(i_, close - i_));
        for (const char ch : name)
          if (!is_alnum(static_cast<unsigned char>(ch)) && ch != '_') return fail();
        if (names_.count(name)) return fail();
        i_ = close + 1;
        number = ++groups_;
        names_[name] = number;
      } else {
        return fail();  // flags and other group kinds
      }
    } else {
      number = ++groups_;
    }
    const int body = alternation();
    if (!ok_ || !at(')')) return fail();
    ++i_;
    if (number < 0) return body;
    Node n;
    n.kind = Node::kCapture;
    n.kids = {body};
    n.group = number;
    return add(std::move(n));
  }
  int char_class() {
    ++i_;  // '['
    bool negated = false;
    if (at('^')) {
      negated = true;
      ++i_;
    }
    ByteSet set;
    bool first = true;
    auto member = [&]() -> int {
      if (at('\\')) {
        ++i_;
        return escape();
      }
      if (at('[') && i_ + 1 < p_.size() && p_[i_ + 1] == ':') return -1;  // POSIX classes
      const unsigned char ch = static_cast<unsigned char>(p_[i_++]);
      return ch >= 0x80 ? -1 : ch;
    };
    while (ok_) {
      if (i_ >= p_.size()) return fail();
      if (at(']') && !first) break;
      first = false;
      const int lo = member();
      if (lo < 0) return fail();
      int hi = lo;
      if (at('-') && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        ++i_;
        hi = member();
        if (hi < 0 || hi < lo) return fail();
      }
      // A range into code points past ASCII takes every byte from there: on ASCII texts only
      // the ASCII part can meet a byte.
      if (hi >= 0x80) hi = 0xFF;
      if (lo > 0xFF) continue;
      for (int b = lo; b <= hi; ++b) set.set(static_cast<size_t>(b));
    }
    ++i_;  // ']'
    if (negated) set.flip();
    return bytes(set);
  }

  std::string_view p_;
  size_t i_ = 0;
  bool ok_ = true;
  int groups_ = 0;
  std::vector<Node>& nodes_;
  std::map<std::string, int>& names_;
};

enum Op : uint8_t { kByte, kSplit, kSave, kNop, kBeginTextOp, kEndTextOp, kMatch };

}  // namespace

namespace {
// An array of a program: built in a vector it owns, or a view of an image (read-only then). Reads
// go through the view, which follows the vector while it is built.
template <class T>
class Table {
 public:
  Table() = default;
  Table(const Table&) = delete;  // a copy of a built table would view the original's vector
  Table& operator=(const Table&) = delete;

  const T& operator[](size_t i) const { return data_[i]; }
  size_t size() const { return size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  const T* data() const { return data_; }

  // Building: element i to change, and the vector's own operations.
  T& mut(size_t i) { return own_[i]; }
  void push_back(const T& v) {
    own_.push_back(v);
    sync();
  }
  void append(const T* b, const T* e) {
    own_.insert(own_.end(), b, e);
    sync();
  }
  void assign(size_t n, const T& v) {
    own_.assign(n, v);
    sync();
  }
  void resize(size_t n) {
    own_.resize(n);
    sync();
  }
  void clear() {
    own_.clear();
    sync();
  }

  // The array as an image block, and back: the table then views the image's bytes, which must
  // outlive it. False when the block does not read as an array of T.
  void write_image(ImageWriter& out) const { out.array(std::span<const T>(data_, size_)); }
  bool read_image(ImageReader& in) {
    std::span<const T> view;
    if (!in.array(view)) return false;
    own_.clear();
    own_.shrink_to_fit();
    data_ = view.data();
    size_ = view.size();
    return true;
  }

 private:
  void sync() {
    data_ = own_.data();
    size_ = own_.size();
  }
  std::vector<T> own_;
  const T* data_ = nullptr;
  size_t size_ = 0;
};
}  // namespace

// A Thompson program: instructions with one or two successors (kSplit prefers `out`).
struct ShapeRegex::Program {
  struct Inst {
    Op op = kNop;
    uint8_t unused[3] = {};  // no padding: an instruction's bytes are all its own (images)
    int out = -1, out1 = -1;
    int arg = 0;  // kByte: index into bytes/classes; kSave: the capture slot
  };
  Table<Inst> insts;
  Table<ByteSet> bytes;    // per kByte instruction: the bytes it takes
  Table<ByteSet> classes;  // ... as byte classes
  std::array<uint8_t, 256> byte_class{};
  int nclass = 1;
  // The length of a DFA state's row of transitions: nclass rounded up to even, so that a row's
  // offset leaves its lowest bit for the match flag.
  int stride = 2;
  size_t max_states = 1;  // the states one DFA of this program may hold (kMaxStates, or fewer)
  int start = 0;
  bool ok = true;
  bool reverse = false;  // compiled mirrored, for the reverse (longest-match) search
  // Forward: an attempt starting past the text's start has a thread (false for a pattern opening
  // with ^); else no state keeps kRestart, and the search dies with its first attempt.
  bool restarts = true;
  // Per instruction that a thread can continue from (the start, and each kByte's successor):
  // closure() from it with ^ and $ false, marks of its own, as eps_pool[eps_begin[pc],
  // eps_begin[pc + 1]). Empty for the others.
  Table<int> eps_pool;
  Table<uint32_t> eps_begin;
  // Per instruction, what a DFA step reads of a thread waiting there, in one place: the classes
  // a kByte instruction takes, one bit each (none for other instructions; when nclass <= 64), and
  // the closure of its successor in eps_pool.
  struct Thread {
    uint64_t takes = 0;
    uint32_t begin = 0, end = 0;
  };
  Table<Thread> threads;

  // The program (ok, as every program of a regex that ok() is) as a sequence of image blocks, and
  // back: the program then views the image (false when it does not read). Whether it is the
  // reverse program is the regex's to say.
  void write_image(ImageWriter& out) const;
  bool read_image(ImageReader& in);

  int emit(Op op, int out, int out1 = -1, int arg = 0) {
    insts.push_back({op, {}, out, out1, arg});
    if (insts.size() > kMaxInsts) ok = false;
    return static_cast<int>(insts.size()) - 1;
  }
  // Whether node n matches the empty string (empty-width assertions count as empty).
  static bool nullable(const std::vector<Node>& nodes, int n) {
    const Node& node = nodes[n];
    switch (node.kind) {
      case Node::kBytes: return false;
      case Node::kConcat:
        for (const int k : node.kids)
          if (!nullable(nodes, k)) return false;
        return true;
      case Node::kAlternate:
        for (const int k : node.kids)
          if (nullable(nodes, k)) return true;
        return false;
      case Node::kRepeat: return node.min == 0 || nullable(nodes, node.kids[0]);
      case Node::kCapture: return nullable(nodes, node.kids[0]);
      default: return true;
    }
  }
  // Whether every match of node n ends at the text's end: $ ends its last piece, through groups
  // and on every branch of an alternation.
  static bool ends_at_end(const std::vector<Node>& nodes, int n) {
    const Node& node = nodes[n];
    switch (node.kind) {
      case Node::kEndText: return true;
      case Node::kConcat: return !node.kids.empty() && ends_at_end(nodes, node.kids.back());
      case Node::kCapture: return ends_at_end(nodes, node.kids[0]);
      case Node::kAlternate:
        for (const int k : node.kids)
          if (!ends_at_end(nodes, k)) return false;
        return true;
      default: return false;
    }
  }
  // x+ as one loop: x, then Split(back to x, next).
  int plus(const std::vector<Node>& nodes, int kid, int next, bool greedy, bool reversed) {
    const int loop = emit(kSplit, -1, -1);
    const int body = compile(nodes, kid, loop, reversed);
    insts.mut(loop).out = greedy ? body : next;
    insts.mut(loop).out1 = greedy ? next : body;
    return body;
  }
  // Compiles node `n` to run before `next`; returns its entry. Built back to front, so each
  // instruction's successors exist when it is emitted. `reversed` compiles the mirror image
  // (concatenations backwards, no captures) for the reverse search.
  int compile(const std::vector<Node>& nodes, int n, int next, bool reversed) {
    if (!ok) return next;
    const Node& node = nodes[n];
    switch (node.kind) {
      case Node::kBytes:
        bytes.push_back(node.bytes);
        return emit(kByte, next, -1, static_cast<int>(bytes.size()) - 1);
      case Node::kBeginText: return emit(kBeginTextOp, next);
      case Node::kEndText: return emit(kEndTextOp, next);
      case Node::kConcat:
        if (reversed)
          for (const int k : node.kids) next = compile(nodes, k, next, reversed);
        else
          for (auto k = node.kids.rbegin(); k != node.kids.rend(); ++k) next = compile(nodes, *k, next, reversed);
        return next;
      case Node::kAlternate: {
        // Split(b0, Split(b1, ... b_last)): earlier branches first.
        int entry = compile(nodes, node.kids.back(), next, reversed);
        for (size_t k = node.kids.size() - 1; k-- > 0;) {
          const int branch = compile(nodes, node.kids[k], next, reversed);
          entry = emit(kSplit, branch, entry);
        }
        return entry;
      }
      case Node::kCapture: {
        if (reversed) return compile(nodes, node.kids[0], next, reversed);
        const int close = emit(kSave, next, -1, 2 * node.group + 1);
        const int body = compile(nodes, node.kids[0], close, reversed);
        return emit(kSave, body, -1, 2 * node.group);
      }
      case Node::kRepeat: {
        // As RE2 simplifies and compiles repeats: x{n,m} is n copies of x, then (x(x(x)?)?)? for
        // the optional m - n (every skip going to `next`); x{n,} is n - 1 copies, then x+; x* is
        // a loop, or (x+)? when x can match empty (RE2's fix for the priorities in that loop).
        const int kid = node.kids[0];
        const bool g = node.greedy;
        if (node.max == kInfinite) {
          int tail;
          if (node.min == 0 && !nullable(nodes, kid)) {
            const int loop = emit(kSplit, -1, -1);
            const int body = compile(nodes, kid, loop, reversed);
            insts.mut(loop).out = g ? body : next;
            insts.mut(loop).out1 = g ? next : body;
            tail = loop;
          } else {
            tail = plus(nodes, kid, next, g, reversed);
            if (node.min == 0) tail = g ? emit(kSplit, tail, next) : emit(kSplit, next, tail);
          }
          for (int k = 1; k < node.min && ok; ++k) tail = compile(nodes, kid, tail, reversed);
          return tail;
        }
        int tail = next;
        for (int k = 0; k < node.max - node.min && ok; ++k) {
          const int body = compile(nodes, kid, tail, reversed);
          tail = g ? emit(kSplit, body, next) : emit(kSplit, next, body);
        }
        for (int k = 0; k < node.min && ok; ++k) tail = compile(nodes, kid, tail, reversed);
        return tail;
      }
    }
    return next;
  }
  // Appends to `out` the threads reached from `pc` without consuming a byte, in priority order,
  // skipping instructions whose `mark` is `generation` (and marking those it visits): kByte
  // instructions, each assertion that may hold later (forward: $, reverse: ^) and kMatchThread
  // where a match is reached; forward (leftmost-first), nothing after it. `begin` / `end`:
  // whether ^ / $ hold here.
  void closure(int pc, bool begin, bool end, std::vector<uint32_t>& mark, uint32_t generation, std::vector<int>& stack,
               std::vector<int>& out) const;
  void make_eps() {
    std::vector<uint32_t> mark(insts.size(), 0);
    std::vector<int> stack;
    uint32_t generation = 0;
    std::vector<bool> wanted(insts.size(), false);
    wanted[static_cast<size_t>(start)] = true;
    for (const Inst& in : insts)
      if (in.op == kByte) wanted[static_cast<size_t>(in.out)] = true;
    eps_pool.clear();
    eps_begin.assign(1, 0);
    std::vector<int> out;
    for (size_t pc = 0; pc < insts.size(); ++pc) {
      out.clear();
      if (wanted[pc]) closure(static_cast<int>(pc), false, false, mark, ++generation, stack, out);
      eps_pool.append(out.data(), out.data() + out.size());
      eps_begin.push_back(static_cast<uint32_t>(eps_pool.size()));
    }
    restarts = eps_begin[static_cast<size_t>(start) + 1] > eps_begin[static_cast<size_t>(start)];
    threads.assign(insts.size(), Thread{});
    for (size_t pc = 0; pc < insts.size(); ++pc) {
      const Inst& in = insts[pc];
      if (in.op != kByte) continue;
      Thread& t = threads.mut(pc);
      if (nclass <= 64)
        for (int c = 0; c < nclass; ++c)
          if (classes[static_cast<size_t>(in.arg)].test(static_cast<size_t>(c))) t.takes |= uint64_t{1} << c;
      t.begin = eps_begin[static_cast<size_t>(in.out)];
      t.end = eps_begin[static_cast<size_t>(in.out) + 1];
    }
  }
  // Whether a thread waiting at instruction t takes a byte of class c.
  bool takes(int t, int c) const {
    if (nclass <= 64) return (threads[static_cast<size_t>(t)].takes >> c) & 1;
    const Inst& in = insts[static_cast<size_t>(t)];
    return in.op == kByte && classes[static_cast<size_t>(in.arg)].test(static_cast<size_t>(c));
  }
  // Bytes that every kByte instruction treats alike share a class.
  void make_classes() {
    std::vector<ByteSet> unique;  // the distinct byte sets
    std::vector<size_t> which(bytes.size());
    for (size_t k = 0; k < bytes.size(); ++k) {
      size_t u = 0;
      while (u < unique.size() && unique[u] != bytes[k]) ++u;
      if (u == unique.size()) unique.push_back(bytes[k]);
      which[k] = u;
    }
    nclass = static_cast<int>(byte_classes(unique, byte_class));
    stride = (nclass + 1) & ~1;
    max_states = std::min(kMaxStates, kMaxRowOffset / static_cast<size_t>(stride));
    std::vector<ByteSet> unique_classes(unique.size());
    for (size_t u = 0; u < unique.size(); ++u)
      for (size_t b = unique[u]._Find_first(); b < 256; b = unique[u]._Find_next(b)) unique_classes[u].set(byte_class[b]);
    classes.resize(bytes.size());
    for (size_t k = 0; k < bytes.size(); ++k) classes.mut(k) = unique_classes[which[k]];
  }
};

namespace {
constexpr int kUnknown = -1;      // a DFA's start state not built yet
constexpr int kDead = -2;         // no thread left
constexpr int kRestart = -1;      // in a forward state's list: a new attempt starts at the next byte
                                  // (only where Program::restarts)
constexpr int kMatchThread = -3;  // in a closure: a match is reached here
// The memory one thread's DFAs hold, over all regexes (states, their lists and transitions, the
// visit marks); past this, the thread's DFAs start over, as RE2's DFA cache does when full. The
// default rules need about 5 MiB on a large corpus.
std::atomic<size_t> max_thread_bytes{size_t{32} << 20};
thread_local size_t thread_bytes = 0;
thread_local uint64_t thread_resets = 0;
enum StateFlag : uint8_t {
  kMatchFlag = 1,       // a match ends where this state is entered
  kEndMatch = 2,        // forward: a match ends at the text's end; reverse: one starts at offset 0
  kEndMatchEmpty = 4,   // forward, for an empty text: as kEndMatch with ^ true there too
  kEndKnown = 8,        // kEndMatch and kEndMatchEmpty are computed
};
}  // namespace

void ShapeRegex::Program::closure(int pc, bool begin, bool end, std::vector<uint32_t>& mark, uint32_t generation,
                                  std::vector<int>& stack, std::vector<int>& out) const {
  stack.clear();
  stack.push_back(pc);
  while (!stack.empty()) {
    int id = stack.back();
    stack.pop_back();
    for (;;) {
      if (mark[static_cast<size_t>(id)] == generation) break;
      mark[static_cast<size_t>(id)] = generation;
      const Inst& in = insts[static_cast<size_t>(id)];
      switch (in.op) {
        case kByte: out.push_back(id); break;
        case kSplit:
          stack.push_back(in.out1);
          id = in.out;
          continue;
        case kSave:
        case kNop:
          id = in.out;
          continue;
        case kBeginTextOp:
          if (begin) {
            id = in.out;
            continue;
          }
          if (reverse) out.push_back(id);
          break;
        case kEndTextOp:
          if (end) {
            id = in.out;
            continue;
          }
          if (!reverse) out.push_back(id);
          break;
        case kMatch:
          out.push_back(kMatchThread);
          if (!reverse) return;  // lower-priority threads are cut
          break;
      }
      break;
    }
  }
}

// One lazily built DFA (forward or reverse) of one regex, owned by one thread. A state is the
// list of threads (instructions waiting for a byte, pending assertions, kRestart) in priority
// order, and whether a match ends on entering it.
struct ShapeRegex::Dfa {
  uint64_t owner = 0;
  // state * stride + class -> the next state's row offset (its state * stride) | its kMatchFlag
  // bit, or kNextUnknown or kNextDead. The offset saves a multiplication per byte scanned;
  // sixteen bits a transition keep the rows of all rules' DFAs close in the caches.
  static constexpr uint16_t kNextUnknown = 0xFFFF, kNextDead = 0xFFFE;
  std::vector<uint16_t> next;
  std::vector<uint8_t> flags;    // StateFlag bits per state
  std::vector<int> pool;         // the states' thread lists, one after another
  std::vector<uint32_t> begins;  // state s's list is pool[begins[s], begins[s + 1])
  std::vector<uint64_t> hashes;  // per state, of its list and match bit
  std::vector<int> table;        // open addressing over hashes: state or -1
  int start[4] = {kUnknown, kUnknown, kUnknown, kUnknown};
  // Scratch for building states.
  std::vector<uint32_t> mark;
  uint32_t generation = 0;
  std::vector<int> stack;
  std::vector<int> list;
  std::vector<int> reached;

  size_t bytes = 0;  // the memory counted in thread_bytes for this DFA
  size_t states() const { return flags.size(); }
  void charge(size_t n) {
    bytes += n;
    thread_bytes += n;
  }
  // Drops every state (and the memory they held): the DFA now belongs to regex `id`.
  void reset(uint64_t id) {
    thread_bytes -= bytes;
    bytes = 0;
    owner = id;
    std::vector<uint16_t>().swap(next);
    std::vector<uint8_t>().swap(flags);
    std::vector<int>().swap(pool);
    std::vector<uint32_t>(1, 0).swap(begins);
    std::vector<uint64_t>().swap(hashes);
    std::vector<int>(64, -1).swap(table);
    std::vector<uint32_t>().swap(mark);
    std::fill(std::begin(start), std::end(start), kUnknown);
  }
  void new_generation(size_t ninst) {
    if (mark.size() != ninst || ++generation == 0) {
      if (ninst > mark.size()) charge((ninst - mark.size()) * sizeof(uint32_t));
      mark.assign(ninst, 0);
      generation = 1;
    }
  }
  // Appends the threads of `closure` not yet in `list`; a match sets `matched` and, forward,
  // `cut`.
  void add(const int* closure, const int* closure_end, bool reverse, bool& matched, bool& cut) {
    for (; closure != closure_end; ++closure) {
      const int t = *closure;
      if (t == kMatchThread) {
        matched = true;
        if (!reverse) {
          cut = true;
          return;
        }
        continue;
      }
      if (mark[static_cast<size_t>(t)] == generation) continue;
      mark[static_cast<size_t>(t)] = generation;
      list.push_back(t);
    }
  }
  // The state of `list` and `matched`, built when new.
  int intern(const Program& p, bool matched) {
    if (list.empty() && !matched) return kDead;
    if (p.reverse) std::sort(list.begin(), list.end());  // order does not matter for the longest match
    uint64_t h = matched ? 0x9E3779B97F4A7C15ull : 0;
    for (const int t : list) h = (h ^ static_cast<uint32_t>(t)) * 0x100000001b3ull;
    h ^= h >> 29;
    const size_t mask = table.size() - 1;
    size_t i = static_cast<size_t>(h) & mask;
    for (; table[i] >= 0; i = (i + 1) & mask) {
      const int s = table[i];
      if (hashes[static_cast<size_t>(s)] != h || ((flags[static_cast<size_t>(s)] & kMatchFlag) != 0) != matched) continue;
      const size_t b = begins[static_cast<size_t>(s)], e = begins[static_cast<size_t>(s) + 1];
      if (e - b == list.size() && std::equal(list.begin(), list.end(), pool.begin() + static_cast<long>(b))) return s;
    }
    if (states() == p.max_states) {
      reset(owner);
      ++thread_resets;
      i = static_cast<size_t>(h) & (table.size() - 1);
    }
    const int s = static_cast<int>(states());
    charge(static_cast<size_t>(p.stride) * sizeof(uint16_t) + (list.size() + 8) * sizeof(int));
    table[i] = s;
    hashes.push_back(h);
    pool.insert(pool.end(), list.begin(), list.end());
    begins.push_back(static_cast<uint32_t>(pool.size()));
    flags.push_back(matched ? kMatchFlag : 0);
    next.resize(next.size() + static_cast<size_t>(p.stride), kNextUnknown);
    if (states() * 2 > table.size()) {
      table.assign(table.size() * 2, -1);
      const size_t m = table.size() - 1;
      for (size_t k = 0; k < states(); ++k) {
        size_t j = static_cast<size_t>(hashes[k]) & m;
        while (table[j] >= 0) j = (j + 1) & m;
        table[j] = static_cast<int>(k);
      }
    }
    return s;
  }
  // The next[] entry for state s taking a byte of class c, built. When the new state finds the DFA
  // full, the DFA starts over with it as its first state (s is then gone).
  int step(const Program& p, int s, int c) {
    new_generation(p.insts.size());
    list.clear();
    bool matched = false, cut = false;
    for (uint32_t k = begins[static_cast<size_t>(s)]; k < begins[static_cast<size_t>(s) + 1] && !cut; ++k) {
      const int t = pool[k];
      if (t == kRestart) {
        const int* e = p.eps_pool.data();
        add(e + p.eps_begin[static_cast<size_t>(p.start)], e + p.eps_begin[static_cast<size_t>(p.start) + 1], p.reverse,
            matched, cut);
        if (!cut) list.push_back(kRestart);
      } else if (p.takes(t, c)) {
        const Program::Thread& th = p.threads[static_cast<size_t>(t)];
        add(p.eps_pool.data() + th.begin, p.eps_pool.data() + th.end, p.reverse, matched, cut);
      }
    }
    const size_t before = states();
    const int ns = intern(p, matched);
    const int entry = ns == kDead ? kDead : (ns * p.stride) | (matched ? 1 : 0);
    if (states() >= before)  // else the DFA started over and s is gone
      next[static_cast<size_t>(s) * static_cast<size_t>(p.stride) + static_cast<size_t>(c)] =
          entry == kDead ? kNextDead : static_cast<uint16_t>(entry);
    return entry;
  }
  // The state whose row starts at `off` taking a byte of class c: the next row's offset | its
  // match flag, or kDead. `table` is next.data(), held by the caller's scan loop in a register;
  // building a transition may move next[], and `table` then follows it.
  [[gnu::always_inline]] int advance(const Program& p, const uint16_t*& table, int off, int c) {
    const int e = table[static_cast<size_t>(off) + static_cast<size_t>(c)];
    if (e < kNextDead) return e;
    const int built = transition_slow(p, off, c, static_cast<uint16_t>(e));
    table = next.data();
    return built;
  }
  // advance() for a transition not built yet or dead (next[off + c] is `e`), out of the scan loop.
  [[gnu::noinline]] int transition_slow(const Program& p, int off, int c, uint16_t e) {
    return e == kNextDead ? kDead : step(p, off / p.stride, c);
  }
  // The start state: forward, unanchored, at the text's start or not; reverse, anchored, with
  // whether ^ and $ hold where the reverse scan begins.
  int start_state(const Program& p, bool begin, bool end) {
    int& slot = start[(begin ? 1 : 0) | (end ? 2 : 0)];
    if (slot != kUnknown) return slot;
    new_generation(p.insts.size());
    reached.clear();
    p.closure(p.start, begin, end, mark, generation, stack, reached);
    list.clear();
    bool matched = false, cut = false;
    new_generation(p.insts.size());
    add(reached.data(), reached.data() + reached.size(), p.reverse, matched, cut);
    if (!p.reverse && !cut && p.restarts) list.push_back(kRestart);
    slot = intern(p, matched);
    return slot;
  }
  // Whether state s ends in a match at the end of the scan: forward, at the text's end (`empty`:
  // the text is empty, so ^ holds there too); reverse, at offset 0.
  bool end_match(const Program& p, int s, bool empty) {
    uint8_t& f = flags[static_cast<size_t>(s)];
    if (!(f & kEndKnown)) {
      auto ends = [&](bool begin) {
        new_generation(p.insts.size());
        reached.clear();
        for (uint32_t k = begins[static_cast<size_t>(s)]; k < begins[static_cast<size_t>(s) + 1]; ++k) {
          const int t = pool[k];
          if (p.reverse) {
            if (p.insts[static_cast<size_t>(t)].op == kBeginTextOp)
              p.closure(p.insts[static_cast<size_t>(t)].out, true, false, mark, generation, stack, reached);
          } else if (t == kRestart) {
            p.closure(p.start, begin, true, mark, generation, stack, reached);
          } else if (p.insts[static_cast<size_t>(t)].op == kEndTextOp) {
            p.closure(p.insts[static_cast<size_t>(t)].out, begin, true, mark, generation, stack, reached);
          }
          if (std::find(reached.begin(), reached.end(), kMatchThread) != reached.end()) return true;
        }
        return false;
      };
      uint8_t g = kEndKnown;
      if (ends(false)) g |= kEndMatch;
      if (!p.reverse && ends(true)) g |= kEndMatchEmpty;
      f |= g;
    }
    return f & (empty ? kEndMatchEmpty : kEndMatch);
  }
};

namespace {
// A new regex's id (see ShapeRegex::dfa()).
uint64_t next_regex_id() {
  static std::atomic<uint64_t> next_id{1};
  return next_id.fetch_add(1);
}
}  // namespace

ShapeRegex::ShapeRegex() : id_(next_regex_id()) {}

ShapeRegex::ShapeRegex(std::string_view pattern) : id_(next_regex_id()) {
  std::vector<Node> nodes;
  nodes.reserve(pattern.size() * 2 + 2);
  Parser parser(pattern, nodes, names_);
  const int root = parser.run(ngroups_);
  if (root < 0) return;
  forward_ = std::make_unique<Program>();
  reverse_ = std::make_unique<Program>();
  // Forward: group 0 wraps the whole pattern (slots 0 and 1).
  const int match = forward_->emit(kMatch, -1);
  const int close = forward_->emit(kSave, match, -1, 1);
  const int body = forward_->compile(nodes, root, close, false);
  forward_->start = forward_->emit(kSave, body, -1, 0);
  reverse_->reverse = true;
  const int rmatch = reverse_->emit(kMatch, -1);
  reverse_->start = reverse_->compile(nodes, root, rmatch, true);
  if (!forward_->ok || !reverse_->ok) return;
  anchored_end_ = Program::ends_at_end(nodes, root);
  forward_->make_classes();
  reverse_->make_classes();
  forward_->make_eps();
  reverse_->make_eps();
  ok_ = true;
}

ShapeRegex::~ShapeRegex() = default;

void ShapeRegex::Program::write_image(ImageWriter& out) const {
  insts.write_image(out);
  bytes.write_image(out);
  classes.write_image(out);
  out.block(byte_class.data(), byte_class.size());
  for (const uint64_t v : {static_cast<uint64_t>(nclass), static_cast<uint64_t>(stride), static_cast<uint64_t>(max_states),
                           static_cast<uint64_t>(start), uint64_t{restarts}})
    out.u64(v);
  eps_pool.write_image(out);
  eps_begin.write_image(out);
  threads.write_image(out);
}

bool ShapeRegex::Program::read_image(ImageReader& in) {
  std::string_view classes_of_bytes;
  uint64_t v[5];
  if (!insts.read_image(in) || !bytes.read_image(in) || !classes.read_image(in) || !in.block(classes_of_bytes) ||
      classes_of_bytes.size() != byte_class.size())
    return false;
  for (uint64_t& x : v)
    if (!in.u64(x)) return false;
  if (!eps_pool.read_image(in) || !eps_begin.read_image(in) || !threads.read_image(in)) return false;
  std::memcpy(byte_class.data(), classes_of_bytes.data(), byte_class.size());
  nclass = static_cast<int>(v[0]);
  stride = static_cast<int>(v[1]);
  max_states = static_cast<size_t>(v[2]);
  start = static_cast<int>(v[3]);
  restarts = v[4] != 0;
  // The image is trusted as the build wrote it (as the entity tables are): only the sizes that
  // tie the arrays together are checked, without touching the arrays' pages.
  const size_t n = insts.size();
  return static_cast<size_t>(start) < n && threads.size() == n && eps_begin.size() == n + 1 &&
         classes.size() == bytes.size() && nclass >= 1 && nclass <= 256 && stride >= nclass;
}

void ShapeRegex::write_image(ImageWriter& out) const {
  out.u64(static_cast<uint64_t>(ngroups_));
  out.u64(anchored_end_ ? 1 : 0);
  out.u64(names_.size());
  for (const auto& [name, index] : names_) {
    out.block(name.data(), name.size());
    out.u64(static_cast<uint64_t>(index));
  }
  forward_->write_image(out);
  reverse_->write_image(out);
}

std::unique_ptr<ShapeRegex> ShapeRegex::read_image(ImageReader& in) {
  std::unique_ptr<ShapeRegex> r(new ShapeRegex());
  uint64_t ngroups = 0, anchored = 0, names = 0;
  if (!in.u64(ngroups) || !in.u64(anchored) || !in.u64(names)) return nullptr;
  for (uint64_t k = 0; k < names; ++k) {
    std::string_view name;
    uint64_t index = 0;
    if (!in.block(name) || !in.u64(index)) return nullptr;
    r->names_[std::string(name)] = static_cast<int>(index);
  }
  r->ngroups_ = static_cast<int>(ngroups);
  r->anchored_end_ = anchored != 0;
  r->forward_ = std::make_unique<Program>();
  r->reverse_ = std::make_unique<Program>();
  r->reverse_->reverse = true;
  if (!r->forward_->read_image(in) || !r->reverse_->read_image(in)) return nullptr;
  r->ok_ = true;
  return r;
}

void ShapeRegex::set_cache_limit(size_t bytes) { max_thread_bytes.store(bytes, std::memory_order_relaxed); }
uint64_t ShapeRegex::cache_resets() { return thread_resets; }

ShapeRegex::Dfa& ShapeRegex::dfa(int which) const {
  // Per thread, a small table of DFAs by regex id; a slot taken by another regex starts over.
  constexpr size_t kSlots = 256;
  thread_local std::vector<std::unique_ptr<Dfa>> slots(2 * kSlots);
  if (thread_bytes > max_thread_bytes.load(std::memory_order_relaxed)) {
    for (auto& d : slots)
      if (d) d->reset(d->owner);
    ++thread_resets;
  }
  std::unique_ptr<Dfa>& d = slots[2 * (id_ % kSlots) + static_cast<size_t>(which)];
  if (!d) d = std::make_unique<Dfa>();
  if (d->owner != id_) d->reset(id_);
  return *d;
}

bool ShapeRegex::search(std::string_view text, size_t pos, size_t& start, size_t& end) const {
  if (!ok_ || pos > text.size()) return false;
  const size_t n = text.size();
  const auto* u = reinterpret_cast<const unsigned char*>(text.data());
  // Forward: where the leftmost-first match ends (at the text's end, when every match does).
  long last = anchored_end_ ? static_cast<long>(n) : -1;
  int s = kDead;
  if (!anchored_end_) {
    const Program& f = *forward_;
    Dfa& d = dfa(0);
    s = d.start_state(f, pos == 0, false);
    if (s == kDead) return false;
    if (d.flags[static_cast<size_t>(s)] & kMatchFlag) last = static_cast<long>(pos);
    const uint8_t* cls = f.byte_class.data();
    int off = s * f.stride;
    const uint16_t* table = d.next.data();
    size_t i = pos;
    for (; i < n; ++i) {
      const int e = d.advance(f, table, off, cls[u[i]]);
      if (e == kDead) break;
      off = e & ~1;
      if (e & 1) last = static_cast<long>(i + 1);
    }
    if (i == n && d.end_match(f, off / f.stride, n == 0)) last = static_cast<long>(n);
  }
  if (last < 0) return false;
  end = static_cast<size_t>(last);
  // Reverse, anchored at the end: the leftmost start of a match ending there.
  const Program& r = *reverse_;
  Dfa& b = dfa(1);
  s = b.start_state(r, end == 0, end == n);
  long first = -1;
  if (s != kDead) {
    if (b.flags[static_cast<size_t>(s)] & kMatchFlag) first = static_cast<long>(end);
    const uint8_t* cls = r.byte_class.data();
    int off = s * r.stride;
    const uint16_t* table = b.next.data();
    for (size_t j = end; j > pos;) {
      --j;
      const int e = b.advance(r, table, off, cls[u[j]]);
      if (e == kDead) break;
      off = e & ~1;
      if (e & 1) first = static_cast<long>(j);
      if (j == 0 && b.end_match(r, off / r.stride, false)) first = 0;
    }
  }
  if (first < 0) return false;  // no match ends at the text's end, or (not expected) none at the forward scan's end
  start = static_cast<size_t>(first);
  return true;
}

bool ShapeRegex::groups(std::string_view text, size_t start, size_t end, int* spans) const {
  if (!ok_ || start > end || end > text.size()) return false;
  const Program& p = *forward_;
  const size_t len = end - start + 1;
  const size_t nbits = p.insts.size() * len;
  if (nbits > kMaxVisitedBits) return false;
  struct Job {
    int pc;
    int pos;     // for a restore job: the old value of slot `-pc - 1`
  };
  thread_local std::vector<uint64_t> visited;
  thread_local std::vector<Job> jobs;
  thread_local std::vector<int> caps;
  visited.assign((nbits + 63) / 64, 0);
  caps.assign(2 * static_cast<size_t>(ngroups_ + 1), -1);
  jobs.clear();
  jobs.push_back({p.start, static_cast<int>(start)});
  const auto* u = reinterpret_cast<const unsigned char*>(text.data());
  while (!jobs.empty()) {
    const Job job = jobs.back();
    jobs.pop_back();
    if (job.pc < 0) {
      caps[static_cast<size_t>(-job.pc - 1)] = job.pos;
      continue;
    }
    int pc = job.pc;
    int pos = job.pos;
    for (;;) {
      const size_t bit = static_cast<size_t>(pc) * len + static_cast<size_t>(pos) - start;
      if (visited[bit >> 6] >> (bit & 63) & 1) break;
      visited[bit >> 6] |= uint64_t{1} << (bit & 63);
      const Program::Inst& in = p.insts[static_cast<size_t>(pc)];
      bool go = false;
      switch (in.op) {
        case kByte:
          if (static_cast<size_t>(pos) < end && p.bytes[static_cast<size_t>(in.arg)].test(u[pos])) {
            ++pos;
            go = true;
          }
          break;
        case kSplit:
          jobs.push_back({in.out1, pos});
          go = true;
          break;
        case kSave:
          jobs.push_back({-in.arg - 1, caps[static_cast<size_t>(in.arg)]});
          caps[static_cast<size_t>(in.arg)] = pos;
          go = true;
          break;
        case kNop: go = true; break;
        case kBeginTextOp: go = pos == 0; break;
        case kEndTextOp: go = static_cast<size_t>(pos) == text.size(); break;
        case kMatch:
          if (static_cast<size_t>(pos) != end) break;
          for (int g = 1; g <= ngroups_; ++g) {
            const int a = caps[2 * static_cast<size_t>(g)], z = caps[2 * static_cast<size_t>(g) + 1];
            spans[2 * g - 2] = a >= 0 && z >= 0 ? a : -1;
            spans[2 * g - 1] = a >= 0 && z >= 0 ? z : -1;
          }
          return true;
      }
      if (!go) break;
      pc = in.out;
    }
  }
  return false;
}

}  // namespace quoth
