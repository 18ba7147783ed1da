// A regular-expression engine for the attributor's class strings: short ASCII texts (a sentence's
// token classes, median 26 bytes) searched by a few dozen rules, each search from a given offset.
// There RE2's fixed cost per call and its lazily built DFAs dominate; this engine does the same
// work with smaller DFAs over byte classes and no per-call set-up.
//
// It reads the subset of RE2 syntax the rules are written in: literals and escaped punctuation,
// `.`, classes `[...]` / `[^...]` with ranges and \xHH / \x{H...} escapes, groups `(...)`,
// `(?:...)`, `(?P<name>...)`, alternation, `* + ? {n} {n,} {n,m}` and their lazy forms, `^` and `$`
// (the text's start and end: RE2 without multi-line mode). Anything else (flags, Perl and Unicode
// classes, word boundaries, ...) makes ok() false and the caller keeps RE2.
//
// Results are RE2's, byte for byte, on ASCII texts: search() finds RE2's leftmost-first match
// (RE2::Match(text, pos, text.size(), UNANCHORED, ...)), groups() its submatches
// (RE2::Match(text, start, end, ANCHOR_BOTH, ...)). tests/shape_regex_test.cc checks both against
// RE2 on random texts.
//
// Offsets are byte offsets into the text. A ShapeRegex is immutable after construction and may be
// shared across threads: each thread builds DFA states in its own cache.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quoth {

class ImageReader;
class ImageWriter;

class ShapeRegex {
 public:
  // Compiles `pattern`; ok() says whether it is in the subset above.
  explicit ShapeRegex(std::string_view pattern);
  ~ShapeRegex();
  ShapeRegex(const ShapeRegex&) = delete;
  ShapeRegex& operator=(const ShapeRegex&) = delete;

  // Appends the compiled regex (ok() true) to `out`, for read_image() in a run of the same build.
  void write_image(ImageWriter& out) const;
  // The regex write_image() wrote: it gives the results of the regex that was written, with DFA
  // caches of its own, and views its program in the image (which must outlive it and start
  // 16-byte aligned); null when the image does not read.
  static std::unique_ptr<ShapeRegex> read_image(ImageReader& in);

  bool ok() const { return ok_; }
  // Capturing groups, numbered from 1 as RE2 numbers them; group 0 is the whole match.
  int number_of_groups() const { return ngroups_; }
  const std::map<std::string, int>& named_groups() const { return names_; }

  // The leftmost-first match in text[pos, text.size()), where ^ and $ hold only at the ends of
  // the whole text: true and the match's byte range [start, end), else false.
  bool search(std::string_view text, size_t pos, size_t& start, size_t& end) const;

  // The groups of the match text[start, end) (anchored at both ends, ^ and $ as in search()):
  // for each group g in 1..number_of_groups(), spans[2g - 2] and spans[2g - 1] are its byte
  // offsets, -1 when the group took no part. False when text[start, end) does not match, and
  // when the span is too long for the backtracker's bounded memory (about 256 Kbit: the
  // program's size times the span's length), where the caller asks another engine.
  bool groups(std::string_view text, size_t start, size_t end, int* spans) const;

  // The memory one thread's DFAs may hold, over all regexes, before they start over (default
  // 32 MiB; the default rules use about 5 MiB on a large corpus). For every thread.
  static void set_cache_limit(size_t bytes);
  // How many times the calling thread's DFAs have started over: all of them past the memory
  // limit, or one that needed more states than it holds (16,384, or 65,536 over the number of its
  // byte classes rounded up to even, when that is fewer).
  static uint64_t cache_resets();

 private:
  struct Program;
  struct Dfa;
  ShapeRegex();
  Dfa& dfa(int which) const;

  bool ok_ = false;
  // Every match ends at the text's end (the pattern ends in $ on every path): the reverse DFA
  // alone, from the end, finds a match's start, and a text without one fails within a few bytes.
  bool anchored_end_ = false;
  int ngroups_ = 0;
  std::map<std::string, int> names_;
  std::unique_ptr<Program> forward_, reverse_;
  uint64_t id_ = 0;  // tells this regex's per-thread DFA caches from those of others
};

}  // namespace quoth
