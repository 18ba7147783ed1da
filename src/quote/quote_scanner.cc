// Quote scanner (see quote_scanner.h): one pass per paragraph with a stack of open marks, a count
// of open marks per family (so a closer never searches the stack in vain) and, at the paragraph
// end, the news convention of a quote reopened in the next paragraph.
#include "quote/quote_scanner.h"

#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "normalize/utf8.h"

namespace quoth {
namespace {

// Mark families: a closer only closes an opener of its own family.
enum Family : uint8_t { kDouble, kSingle, kGuillemet, kSingleGuillemet, kCorner, kWhiteCorner, kFamilies };

// What one mark is, before context decides its role.
enum class Mark : uint8_t {
  None,
  LeftDouble,    // “
  RightDouble,   // ”
  LowDouble,     // „ ‟ (always opens)
  StraightDouble,  // " and ''
  BacktickDouble,  // `` (always opens)
  LeftSingle,    // ‘
  RightSingle,   // ’ (closer or apostrophe)
  LowSingle,     // ‚ ‛ (always opens)
  StraightSingle,  // ' (opener, closer or apostrophe)
  LeftGuillemet,   // «
  RightGuillemet,  // »
  LeftSingleGuillemet,   // ‹
  RightSingleGuillemet,  // ›
  LeftCorner, RightCorner,            // 「 」
  LeftWhiteCorner, RightWhiteCorner,  // 『 』
};

Family family_of(Mark m) {
  switch (m) {
    case Mark::LeftDouble: case Mark::RightDouble: case Mark::LowDouble: case Mark::StraightDouble:
    case Mark::BacktickDouble: return kDouble;
    case Mark::LeftSingle: case Mark::RightSingle: case Mark::LowSingle: case Mark::StraightSingle:
      return kSingle;
    case Mark::LeftGuillemet: case Mark::RightGuillemet: return kGuillemet;
    case Mark::LeftSingleGuillemet: case Mark::RightSingleGuillemet: return kSingleGuillemet;
    case Mark::LeftCorner: case Mark::RightCorner: return kCorner;
    default: return kWhiteCorner;
  }
}

// True for the families of single marks (‘ ’ ‚ ' and ‹ ›).
bool is_single(Family f) { return f == kSingle || f == kSingleGuillemet; }

// The mark starting at text[i] and its length in bytes; Mark::None when there is none.
Mark mark_at(std::string_view text, size_t i, size_t& len) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  const unsigned char c = s[i];
  len = 1;
  if (c == '"') return Mark::StraightDouble;
  if (c == '\'') {
    if (i + 1 < n && s[i + 1] == '\'') {
      len = 2;
      return Mark::StraightDouble;
    }
    return Mark::StraightSingle;
  }
  if (c == '`') {
    if (i + 1 < n && s[i + 1] == '`') {
      len = 2;
      return Mark::BacktickDouble;
    }
    return Mark::None;
  }
  if (c == 0xC2 && i + 1 < n) {
    len = 2;
    if (s[i + 1] == 0xAB) return Mark::LeftGuillemet;
    if (s[i + 1] == 0xBB) return Mark::RightGuillemet;
    return Mark::None;
  }
  if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80) {
    len = 3;
    switch (s[i + 2]) {
      case 0x9C: return Mark::LeftDouble;
      case 0x9D: return Mark::RightDouble;
      case 0x9E: case 0x9F: return Mark::LowDouble;
      case 0x98:  // ‘‘ typed for “
        if (i + 5 < n && s[i + 3] == 0xE2 && s[i + 4] == 0x80 && s[i + 5] == 0x98) {
          len = 6;
          return Mark::LeftDouble;
        }
        return Mark::LeftSingle;
      case 0x99:  // ’’ typed for ”
        if (i + 5 < n && s[i + 3] == 0xE2 && s[i + 4] == 0x80 && s[i + 5] == 0x99) {
          len = 6;
          return Mark::RightDouble;
        }
        return Mark::RightSingle;
      case 0x9A: case 0x9B: return Mark::LowSingle;
      case 0xB9: return Mark::LeftSingleGuillemet;
      case 0xBA: return Mark::RightSingleGuillemet;
      default: return Mark::None;
    }
  }
  if (c == 0xE3 && i + 2 < n && s[i + 1] == 0x80) {
    len = 3;
    switch (s[i + 2]) {
      case 0x8C: return Mark::LeftCorner;
      case 0x8D: return Mark::RightCorner;
      case 0x8E: return Mark::LeftWhiteCorner;
      case 0x8F: return Mark::RightWhiteCorner;
      default: return Mark::None;
    }
  }
  return Mark::None;
}

// Whether byte c may start a mark: " ' ` or the lead byte of a non-ASCII mark.
inline bool may_start_mark(unsigned char c) {
  return c == '"' || c == '\'' || c == '`' || c == 0xC2 || c == 0xE2 || c == 0xE3;
}

// The first position in [i, end) whose byte may start a mark (may_start_mark), or end.
inline size_t next_mark_byte(const unsigned char* p, size_t i, size_t end) {
#if defined(__SSE2__)
  const __m128i dq = _mm_set1_epi8('"'), sq = _mm_set1_epi8('\''), bt = _mm_set1_epi8('`');
  const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xC2)), e2 = _mm_set1_epi8(static_cast<char>(0xE2));
  const __m128i e3 = _mm_set1_epi8(static_cast<char>(0xE3));
  while (i + 16 <= end) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, sq));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, bt), _mm_cmpeq_epi8(v, c2)));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, e2), _mm_cmpeq_epi8(v, e3)));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(m));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    i += 16;
  }
#endif
  while (i < end && !may_start_mark(p[i])) ++i;
  return i;
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// Letters and digits, counting every code point above Latin-1 punctuation that is not a
// general punctuation or CJK symbol as a letter.
bool is_word(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  if (c < 0xC0) return false;
  if (c >= 0x2000 && c <= 0x206F) return false;
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c == 0xFFFD) return false;
  return true;
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_lower(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF); }

// Context just before position i: start of paragraph, white space or an opening bracket/dash
// counts as "open" (a following mark opens).
bool opens_context(std::string_view text, size_t para_start, size_t i) {
  if (i <= para_start) return true;
  size_t len = 0;
  const char32_t p = utf8::decode_before(text, i, len);
  if (is_space(p)) return true;
  switch (p) {
    case '(': case '[': case '{': case '-': case '/': case 0x2013: case 0x2014: case 0x201C:
    case 0x2018: case 0x201E: case 0xAB: case '"': case '\'': case ':':
      return true;
    default:
      return false;
  }
}

char32_t prev_char(std::string_view text, size_t para_start, size_t i) {
  if (i <= para_start) return ' ';
  size_t len = 0;
  return utf8::decode_before(text, i, len);
}

char32_t char_at(std::string_view text, size_t end, size_t i) {
  if (i >= end) return ' ';
  size_t len = 0;
  return utf8::decode(text, i, len);
}

// Words that start with an apostrophe in English elision ('em, 'til, 'n', 'cause, 'tis, 'twas).
bool elision_after(std::string_view text, size_t end, size_t i) {
  static constexpr std::array<std::string_view, 7> kElisions = {"em", "til", "n", "cause", "tis", "twas", "bout"};
  for (std::string_view w : kElisions) {
    if (i + w.size() > end) continue;
    bool same = true;
    for (size_t k = 0; k < w.size(); ++k)
      if ((text[i + k] | 0x20) != w[k]) same = false;
    if (!same) continue;
    const size_t j = i + w.size();
    if (j >= end) return true;
    const unsigned char c = static_cast<unsigned char>(text[j]);
    if (!(c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) return true;
  }
  return false;
}

struct Open {
  uint32_t pos;
  uint32_t len;
  Mark mark;
};

struct Pending {
  QuoteSpan quote;
};

class Scanner {
 public:
  Scanner(std::string_view text, std::vector<QuoteSpan>& out) : text_(text), out_(out) {}

  void run() {
    const size_t n = text_.size();
    size_t i = 0;
    bool continuing = false;
    while (i < n) {
      size_t end = i;
      const void* nl = std::memchr(text_.data() + i, '\n', n - i);
      end = nl ? static_cast<const char*>(nl) - text_.data() : n;
      // A lone CR also ends a paragraph.
      const void* cr = std::memchr(text_.data() + i, '\r', end - i);
      if (cr) end = static_cast<const char*>(cr) - text_.data();
      size_t next = end;
      while (next < n && is_space_byte(text_[next])) ++next;
      continuing = paragraph(i, end, next, continuing);
      i = next > end ? next : end + 1;
    }
  }

 private:
  static bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

  // Scans text_[begin, end); `next` is where the next paragraph's text starts. Returns true when
  // the next paragraph continues a quote left open here.
  bool paragraph(size_t begin, size_t end, size_t next, bool continuing) {
    stack_.clear();
    pending_.clear();
    counts_.fill(0);
    first_continues_ = continuing;
    last_single_known_ = false;
    const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
    for (size_t i = next_mark_byte(p, begin, end); i < end; i = next_mark_byte(p, i, end)) {
      size_t len = 0;
      const Mark m = mark_at(text_, i, len);
      if (m == Mark::None || i + len > end) {
        ++i;
        continue;
      }
      handle(m, begin, end, i, len);
      i += len;
    }
    return finish(begin, end, next);
  }

  // The last right single mark of the paragraph [begin, end) (SIZE_MAX when none): a
  // possessive-looking one before it is an apostrophe, the last one may close. Found once per
  // paragraph, when first asked.
  size_t last_single(size_t begin, size_t end) {
    if (!last_single_known_) {
      last_single_ = find_last_single(begin, end);
      last_single_known_ = true;
    }
    return last_single_;
  }

  size_t find_last_single(size_t begin, size_t end) const {
    for (size_t i = end; i > begin; --i) {
      const unsigned char c = static_cast<unsigned char>(text_[i - 1]);
      if (c == '\'') return i - 1;
      if (c == 0x99 && i >= begin + 3 && static_cast<unsigned char>(text_[i - 3]) == 0xE2 &&
          static_cast<unsigned char>(text_[i - 2]) == 0x80)
        return i - 3;
    }
    return SIZE_MAX;
  }

  void push(size_t pos, size_t len, Mark m) {
    stack_.push_back(Open{static_cast<uint32_t>(pos), static_cast<uint32_t>(len), m});
    ++counts_[family_of(m)];
  }

  // Closes the innermost open mark of `fam` with the closer at [pos, pos+len); marks opened
  // inside it and never closed are dropped.
  void close(Family fam, size_t pos, size_t len) {
    Open o{};
    while (!stack_.empty()) {
      o = stack_.back();
      stack_.pop_back();
      --counts_[family_of(o.mark)];
      if (family_of(o.mark) == fam) break;
    }
    QuoteSpan q;
    q.span = {o.pos, static_cast<uint32_t>(pos + len)};
    q.inner = {o.pos + o.len, static_cast<uint32_t>(pos)};
    q.closed = true;
    q.single_marks = is_single(fam);
    if (stack_.empty()) {
      pending_.clear();  // every pending quote lies inside this one
      emit(q);
    } else {
      pending_.push_back(q);
    }
  }

  // Before an opener m at i: when the one open quote was opened by the same mark and the text
  // before i, past white space, ends a sentence (". ", "? ", "! "), paragraphs ran together (a
  // quote going on over paragraphs leaves its mark open at each end, and double marks do not
  // nest), so that quote ends there, unclosed, as at a paragraph end.
  void end_run_on_quote(Mark m, size_t begin, size_t i) {
    if (stack_.size() != 1 || stack_.back().mark != m || !pending_.empty()) return;
    size_t k = i;
    while (k > begin && is_space_byte(text_[k - 1])) --k;
    if (k == i || k <= begin || !(text_[k - 1] == '.' || text_[k - 1] == '?' || text_[k - 1] == '!')) return;
    const Open o = stack_.back();
    stack_.pop_back();
    --counts_[family_of(o.mark)];
    emit(unclosed(o, k));
  }

  // The quote opened by `o` and left open up to `end` (white space trimmed before it).
  static QuoteSpan unclosed(const Open& o, size_t end) {
    QuoteSpan q;
    q.span = {o.pos, static_cast<uint32_t>(end)};
    q.inner = {o.pos + o.len, static_cast<uint32_t>(end)};
    if (q.inner.end < q.inner.start) q.inner.end = q.inner.start;
    q.closed = false;
    q.single_marks = is_single(family_of(o.mark));
    return q;
  }

  void emit(QuoteSpan q) {
    if (first_continues_) {
      q.continues_previous_paragraph = true;
      first_continues_ = false;
    }
    out_.push_back(q);
  }

  void handle(Mark m, size_t begin, size_t end, size_t i, size_t len) {
    const Family fam = family_of(m);
    const bool open_ctx = opens_context(text_, begin, i);
    const char32_t prev = prev_char(text_, begin, i);
    const char32_t next = char_at(text_, end, i + len);
    const bool next_space = i + len >= end || is_space(next);
    const bool next_word = is_word(next);
    switch (m) {
      case Mark::LowDouble: case Mark::BacktickDouble: case Mark::LowSingle: case Mark::LeftCorner:
      case Mark::LeftWhiteCorner:
        push(i, len, m);
        return;
      case Mark::RightCorner: case Mark::RightWhiteCorner:
        if (counts_[fam] > 0) close(fam, i, len);
        return;
      case Mark::LeftDouble:
        // “ closes „ (German style), and closes an open “ when it stands where a closer would.
        if (counts_[fam] > 0 && (stack_.back().mark == Mark::LowDouble ||
                                 (!open_ctx && (next_space || !next_word)))) {
          close(fam, i, len);
        } else {
          end_run_on_quote(m, begin, i);  // “ after a sentence's end inside an open “
          push(i, len, m);
        }
        return;
      case Mark::RightDouble:
        if (counts_[fam] > 0) close(fam, i, len);
        else if (open_ctx && next_word) push(i, len, m);  // ”…” (Swedish style)
        return;
      case Mark::StraightDouble:
        if (counts_[fam] > 0 && (!open_ctx || next_space)) close(fam, i, len);
        else if (!next_space) {
          end_run_on_quote(m, begin, i);  // " after a sentence's end inside an open "
          push(i, len, m);
        }
        return;
      case Mark::LeftSingle:
        if (is_digit(next) && is_digit(char_at(text_, end, i + len + 1))) return;  // ‘90s
        if (open_ctx && elision_after(text_, end, i + len)) return;  // ‘bout, ‘em typed with ‘
        if (counts_[fam] > 0 && !open_ctx && !next_word) close(fam, i, len);
        else if (next_word || !next_space) push(i, len, m);
        return;
      case Mark::RightSingle:
      case Mark::StraightSingle: {
        const bool word_before = is_word(prev);
        if (word_before && next_word) return;  // don’t, Artsakh’s
        if (m == Mark::StraightSingle && open_ctx && next_word) {
          if (is_digit(next) || elision_after(text_, end, i + len)) return;  // '90s, 'n'
          push(i, len, m);
          return;
        }
        if (open_ctx) return;  // ’90s, ’n’, stray
        if (counts_[fam] == 0) return;  // peacekeepers’ headquarters
        // A possessive-looking mark (s’ + lower-case word) that is not the paragraph's last
        // single mark stays an apostrophe.
        if ((prev == 's' || prev == 'S') && i != last_single(begin, end) && i + len + 1 < end && next == ' ' &&
            is_lower(char_at(text_, end, i + len + 1)))
          return;
        // ’n’ in "rock ’n’ roll".
        if (prev == 'n' && i >= begin + 4) {
          size_t l1 = 0;
          const char32_t pp = utf8::decode_before(text_, i - 1, l1);
          if ((pp == 0x2019 || pp == '\'') && !is_word(prev_char(text_, begin, i - 1 - l1))) return;
        }
        close(fam, i, len);
        return;
      }
      case Mark::LeftGuillemet: case Mark::LeftSingleGuillemet:
        if (counts_[fam] > 0 && (stack_.back().mark == Mark::RightGuillemet ||
                                 stack_.back().mark == Mark::RightSingleGuillemet))
          close(fam, i, len);  // »…« (German style)
        else
          push(i, len, m);
        return;
      case Mark::RightGuillemet: case Mark::RightSingleGuillemet:
        if (counts_[fam] > 0) close(fam, i, len);
        else push(i, len, m);
        return;
      case Mark::None:
        return;
    }
  }

  // Resolves what is still open at the paragraph end [.., end). Returns true when the next
  // paragraph (starting at `next`) reopens the quote left open here.
  bool finish(size_t begin, size_t end, size_t next) {
    (void)begin;
    size_t trimmed = end;
    while (trimmed > begin && is_space_byte(text_[trimmed - 1])) --trimmed;
    if (stack_.empty()) return false;
    const Open bottom = stack_.front();
    const Family fam = family_of(bottom.mark);
    bool reopens = false;
    if (next < text_.size() && (fam == kDouble || fam == kGuillemet || fam == kCorner)) {
      size_t len = 0;
      const Mark m = mark_at(text_, next, len);
      reopens = m != Mark::None && family_of(m) == fam && m != Mark::RightDouble &&
                m != Mark::RightCorner && !(fam == kGuillemet && m == Mark::RightGuillemet);
    }
    if (!reopens && !pending_.empty()) {
      // The unclosed opener is a stray mark: report the complete quotes found after it.
      const size_t first = kept_.size();
      uint32_t min_start = UINT32_MAX;
      for (size_t k = pending_.size(); k-- > 0;) {
        if (pending_[k].span.start < min_start) kept_.push_back(pending_[k]);
        if (pending_[k].span.start < min_start) min_start = pending_[k].span.start;
      }
      for (size_t k = kept_.size(); k-- > first;) emit(kept_[k]);
      kept_.resize(first);
      return false;
    }
    QuoteSpan q = unclosed(bottom, trimmed);
    q.continues_next_paragraph = reopens;
    emit(q);
    return reopens;
  }

  std::string_view text_;
  std::vector<QuoteSpan>& out_;
  std::vector<Open> stack_;
  std::vector<QuoteSpan> pending_;
  std::vector<QuoteSpan> kept_;
  std::array<uint32_t, kFamilies> counts_{};
  size_t last_single_ = SIZE_MAX;  // see last_single(), valid when last_single_known_
  bool last_single_known_ = false;
  bool first_continues_ = false;
};

}  // namespace

void scan_quotes(std::string_view text, std::vector<QuoteSpan>& out) {
  Scanner scanner(text, out);
  scanner.run();
}

}  // namespace quoth
