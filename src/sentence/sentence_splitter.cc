// Rule-based sentence splitter: one forward pass over the bytes, deciding at each terminator
// (. ? ! …), line break, bullet, list marker, dateline and credit line whether a sentence ends
// there. The word lists (abbreviations and their behaviour, sentence starters, speech verbs,
// calendar names, credit labels) come from data files.
#include "sentence/sentence_splitter.h"

#include <array>
#include <cstring>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "data/data_lines.h"
#include "data/embedded.h"
#include "normalize/utf8.h"

namespace quoth {

namespace {

constexpr size_t kNone = static_cast<size_t>(-1);
// Longest word looked up in a list; longer words are never abbreviations or starters.
constexpr size_t kMaxKey = 24;

// How an abbreviation behaves before the next word (see data/abbreviations.tsv).
enum class AbbrevKind : uint8_t { Title, Maybe, Number, Never };

struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using KeySet = std::unordered_set<std::string, KeyHash, std::equal_to<>>;
using KeyMap = std::unordered_map<std::string, AbbrevKind, KeyHash, std::equal_to<>>;

// What each byte is to the main loop.
enum ByteKind : uint8_t { kPlain, kSpace, kLineEnd, kTerminator, kQuote, kLead2, kLead3 };

constexpr std::array<uint8_t, 256> make_byte_kinds() {
  std::array<uint8_t, 256> k{};
  k[' '] = k['\t'] = k['\f'] = k['\v'] = kSpace;
  k['\n'] = k['\r'] = kLineEnd;
  k['.'] = k['?'] = k['!'] = kTerminator;
  k['"'] = kQuote;
  k[0xC2] = kLead2;  // U+00A0 no-break space, U+00AB and U+00BB guillemets
  k[0xE2] = kLead3;  // U+2026 ellipsis, bullets, U+2000-200A spaces, U+2028/2029
  return k;
}
constexpr std::array<uint8_t, 256> kByteKind = make_byte_kinds();

// The first byte at or after `i` that is not kPlain (n when none).
inline size_t skip_plain(const unsigned char* p, size_t i, size_t n) {
#if defined(__SSE2__)
  // Sixteen bytes at a time: flag spaces, terminators, straight quotes, control bytes and every
  // non-ASCII byte (negative as signed), then confirm a flagged non-ASCII byte with the table.
  const __m128i space = _mm_set1_epi8(' '), dot = _mm_set1_epi8('.'), question = _mm_set1_epi8('?');
  const __m128i bang = _mm_set1_epi8('!'), quote = _mm_set1_epi8('"'), control = _mm_set1_epi8(0x0E);
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, dot));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, question), _mm_cmpeq_epi8(v, bang)));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmplt_epi8(v, control)));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(m));
    if (mask == 0) {
      i += 16;
      continue;
    }
    i += static_cast<size_t>(__builtin_ctz(mask));
    if (kByteKind[p[i]] != kPlain) return i;
    ++i;
  }
#endif
  while (i < n && kByteKind[p[i]] == kPlain) ++i;
  return i;
}

bool is_ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(unsigned char c) { return is_ascii_upper(c) || is_ascii_lower(c); }
char to_lower(char c) { return is_ascii_upper(static_cast<unsigned char>(c)) ? char(c + 32) : c; }

// Letter case of a code point for the scripts news text mostly uses (Latin, Greek, Cyrillic).
bool is_upper(char32_t c) {
  if (c < 0x80) return is_ascii_upper(static_cast<unsigned char>(c));
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x17F) return c % 2 == 0;
  return (c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x42F);
}
bool is_lower(char32_t c) {
  if (c < 0x80) return is_ascii_lower(static_cast<unsigned char>(c));
  if (c >= 0xDF && c <= 0xFF) return c != 0xF7;
  if (c >= 0x100 && c <= 0x17F) return c % 2 == 1;
  return (c >= 0x3AC && c <= 0x3CE) || (c >= 0x430 && c <= 0x45F);
}

bool is_closer(char32_t c) {
  switch (c) {
    case '"': case '\'': case ')': case ']': case '}':
    case 0x201D: case 0x2019: case 0xBB: case 0x203A: case 0x201C:
      return true;
    default:
      return false;
  }
}
bool is_opener(char32_t c) {
  switch (c) {
    case '"': case '\'': case '(': case '[': case '{':
    case 0x201C: case 0x2018: case 0xAB: case 0x2039: case 0x201E: case 0x201A:
      return true;
    default:
      return false;
  }
}
// Marks that open or close a quotation (not the single marks, which double as apostrophes).
bool is_double_open(char32_t c) { return c == '"' || c == 0x201C || c == 0xAB || c == 0x201E; }
bool is_double_close(char32_t c) { return c == '"' || c == 0x201D || c == 0xBB; }
bool is_dash(char32_t c) { return c == '-' || c == 0x2013 || c == 0x2014; }

bool is_bullet(char32_t c) {
  switch (c) {
    case 0x2022: case 0x2043: case 0x2023: case 0x25E6: case 0x25AA: case 0x25CF: case 0x25A0:
      return true;
    default:
      return false;
  }
}
// White space other than line ends, in any encoding the splitter knows.
bool is_inline_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x3000;
}

// A list marker at text[pos]: up to three digits or one ASCII letter, then ".", ".)" or ")"
// (a capital letter only with a bracket), then white space. Sets the marker's kind (1 digits, 2 lower letter, 3 upper letter), value,
// suffix (1 ".", 2 ".)", 3 ")").
bool parse_list_marker(std::string_view text, size_t pos, int& kind, int& value, int& suffix) {
  size_t i = pos;
  const size_t n = text.size();
  if (i < n && is_ascii_digit(text[i])) {
    value = 0;
    while (i < n && is_ascii_digit(text[i]) && i - pos < 3) value = value * 10 + (text[i++] - '0');
    if (i < n && is_ascii_digit(text[i])) return false;
    kind = 1;
  } else if (i < n && is_ascii_alpha(text[i])) {
    kind = is_ascii_lower(text[i]) ? 2 : 3;
    value = to_lower(text[i]) - 'a' + 1;
    ++i;
  } else {
    return false;
  }
  if (i < n && text[i] == '.') {
    ++i;
    suffix = 1;
    if (i < n && text[i] == ')') ++i, suffix = 2;
  } else if (i < n && text[i] == ')') {
    ++i;
    suffix = 3;
  } else {
    return false;
  }
  // "A. Smith" is an initial, not an item: capital letters mark items only with a bracket.
  if (kind == 3 && suffix == 1) return false;
  return i < n && (text[i] == ' ' || text[i] == '\t');
}

struct Lexicon {
  KeyMap abbreviations;  // lower-case ASCII keys, without the final period
  KeySet starters;       // lower case
  KeySet speech_verbs;   // lower case
  KeySet calendar;       // weekday and month names, lower case
  KeySet credit_labels;  // labels of a credit line after a caption ("Image:"), lower case
};

// Lower-cases (ASCII) `word` into `buf`; false when it is too long to be a key.
bool lower_key(std::string_view word, std::array<char, kMaxKey>& buf, std::string_view& key) {
  if (word.empty() || word.size() > kMaxKey) return false;
  for (size_t i = 0; i < word.size(); ++i) buf[i] = to_lower(word[i]);
  key = std::string_view(buf.data(), word.size());
  return true;
}

// Reads a one-word-a-line list ("#" comments, blank lines skipped); each line's fields are split
// on TAB and handed to `add`, which returns an error message or "".
template <class Add>
bool read_list(std::string_view data, std::string_view name, std::string& error, Add add) {
  return for_each_data_line(data, [&](size_t line_no, std::string_view line) {
    std::string_view first = line, second;
    if (size_t tab = line.find('\t'); tab != std::string_view::npos) {
      first = line.substr(0, tab);
      second = line.substr(tab + 1);
    }
    std::string message = add(first, second);
    if (message.empty()) return true;
    error = std::string(name) + ":" + std::to_string(line_no) + ": " + message;
    return false;
  });
}

bool load_abbreviations(std::string_view data, std::string_view name, Lexicon& lex, std::string& error) {
  return read_list(data, name, error, [&](std::string_view word, std::string_view kind) -> std::string {
    if (word.empty() || word.size() > kMaxKey) return "abbreviation is empty or longer than 24 bytes";
    AbbrevKind k;
    if (kind == "title") k = AbbrevKind::Title;
    else if (kind == "maybe") k = AbbrevKind::Maybe;
    else if (kind == "number") k = AbbrevKind::Number;
    else if (kind == "never") k = AbbrevKind::Never;
    else return "behaviour must be title, maybe, number or never, not \"" + std::string(kind) + "\"";
    std::string key(word);
    for (char& c : key) c = to_lower(c);
    lex.abbreviations[key] = k;
    return "";
  });
}

bool load_words(std::string_view data, std::string_view name, KeySet& set, std::string& error) {
  return read_list(data, name, error, [&](std::string_view word, std::string_view) -> std::string {
    if (word.size() > kMaxKey) return "word longer than 24 bytes";
    std::string key(word);
    for (char& c : key) c = to_lower(c);
    set.insert(std::move(key));
    return "";
  });
}

// Layout of a document's lines: whether single line ends are hard wraps inside paragraphs.
struct Layout {
  bool wrapped = false;
  size_t wrap_width = 0;  // longest line, in bytes
};

// Text whose paragraphs are separated by blank lines and whose lines mostly run close to one
// width, breaking inside paragraphs, is taken to be hard-wrapped; elsewhere every line end ends a
// paragraph.
Layout scan_layout(std::string_view text) {
  Layout layout;
  const char* p = text.data();
  const size_t n = text.size();
  if (!std::memchr(p, '\n', n)) return layout;
  // Calls visit(length, blank) for each line.
  auto each_line = [&](auto visit) {
    size_t pos = 0;
    while (pos < n) {
      const void* hit = std::memchr(p + pos, '\n', n - pos);
      const size_t end = hit ? static_cast<size_t>(static_cast<const char*>(hit) - p) : n;
      size_t s = pos;
      while (s < end && (p[s] == ' ' || p[s] == '\t' || p[s] == '\r')) ++s;
      visit(end - pos, s == end);
      pos = end + 1;
    }
  };
  bool blank_line = false, prev_blank = true, any_line = false;
  size_t joined = 0, max_len = 0;
  each_line([&](size_t len, bool blank) {
    if (blank) {
      if (any_line) blank_line = true;
    } else {
      if (!prev_blank) ++joined;
      any_line = true;
      max_len = std::max(max_len, len);
    }
    prev_blank = blank;
  });
  layout.wrap_width = max_len;
  if (!blank_line || joined < 2 || max_len > 160) return layout;
  // Lines followed by another line of the same paragraph: wrapped ones are nearly full.
  size_t full = 0, prev_len = 0;
  prev_blank = true;
  each_line([&](size_t len, bool blank) {
    if (!blank && !prev_blank && prev_len * 10 >= max_len * 6) ++full;
    prev_blank = blank;
    prev_len = len;
  });
  layout.wrapped = full * 2 >= joined;
  return layout;
}

class RuleSplitter final : public SentenceSplitter {
 public:
  explicit RuleSplitter(Lexicon lex) : lex_(std::move(lex)) {}
  void split(std::string_view text, std::vector<ByteSpan>& out) const override;

 private:
  Lexicon lex_;
};

// The state of one split() call.
class SplitPass {
 public:
  SplitPass(const Lexicon& lex, std::string_view text, std::vector<ByteSpan>& out)
      : lex_(lex), text_(text), n_(text.size()), out_(out) {}

  void run();

 private:
  struct Gap {
    size_t next = 0;         // first byte after the white space
    int line_ends = 0;       // line ends inside it (CR LF counts once)
    bool indented = false;   // white space after the last line end
    size_t last_line_start = kNone;
  };

  Gap scan_gap(size_t pos) const;
  bool line_end_breaks(const Gap& gap) const;
  void begin_token(size_t pos);
  void end_sentence(size_t end);
  size_t on_terminator(size_t pos);
  size_t on_line_end(size_t pos);
  bool period_ends(size_t dot, size_t next) const;
  bool speaker_follows(size_t pos) const;
  bool starter_at(size_t pos) const;
  bool calendar_word(std::string_view word) const;
  bool is_date(std::string_view s) const;
  bool dateline_before(size_t pos) const;
  bool credit_label_at(size_t pos) const;
  bool short_quote_closes(size_t pos) const;
  void on_closing_quote() { quote_open_ = kNone; }

  const Lexicon& lex_;
  std::string_view text_;
  size_t n_;
  std::vector<ByteSpan>& out_;
  Layout layout_;

  size_t sent_start_ = kNone;
  size_t last_end_ = 0;  // end of the last non-space character
  size_t tokens_ = 0;    // tokens begun in the current sentence
  bool bullet_start_ = false;
  size_t token_start_ = 0, prev_token_start_ = kNone;
  size_t line_start_ = 0;
  bool at_space_ = true;
  // The numbered or lettered list the current sentence belongs to (kind 0: none).
  int list_kind_ = 0, list_value_ = 0, list_suffix_ = 0;
  // Where a quotation opened inside the current sentence (said "...) begins; kNone when none is
  // open. Sentences inside such a quotation stay part of the sentence that quotes them.
  size_t quote_open_ = kNone;
  bool line_has_text_ = false;      // the current line has had a token
  bool sent_at_line_start_ = false; // the current sentence is the first on its line
  bool dateline_pending_ = false;   // a dateline ended with a dash; a capital starts a sentence
};

// Longest quotation (bytes, marks included) run into a sentence that keeps its inner sentences
// together: a short quoted passage; a longer one is speech of its own and splits.
constexpr size_t kMaxEmbeddedQuote = 200;

void SplitPass::end_sentence(size_t end) {
  if (sent_start_ != kNone && end > sent_start_)
    out_.push_back({static_cast<uint32_t>(sent_start_), static_cast<uint32_t>(end)});
  sent_start_ = kNone;
  tokens_ = 0;
  bullet_start_ = false;
  quote_open_ = kNone;
  dateline_pending_ = false;
}

SplitPass::Gap SplitPass::scan_gap(size_t pos) const {
  Gap gap;
  size_t i = pos;
  while (i < n_) {
    const unsigned char c = static_cast<unsigned char>(text_[i]);
    if (c == '\n' || c == '\r') {
      if (!(c == '\r' && i + 1 < n_ && text_[i + 1] == '\n')) ++gap.line_ends;
      gap.indented = false;
      gap.last_line_start = ++i;
      continue;
    }
    if (c < 0x80) {
      if (kByteKind[c] != kSpace) break;
      if (gap.line_ends) gap.indented = true;
      ++i;
      continue;
    }
    size_t len = 0;
    char32_t cp = utf8::decode(text_, i, len);
    if (cp == 0x2028 || cp == 0x2029) {
      gap.line_ends += cp == 0x2029 ? 2 : 1;
      gap.last_line_start = i + len;
    } else if (!is_inline_space(cp)) {
      break;
    }
    i += len;
  }
  gap.next = i;
  return gap;
}

// Whether the line ends in `gap` end the open sentence: a blank line always does; a single line
// end does unless the text is hard-wrapped, where only a short line (heading, dateline, list
// item) or an indented next line ends a sentence.
bool SplitPass::line_end_breaks(const Gap& gap) const {
  if (gap.line_ends == 0) return false;
  if (gap.line_ends >= 2 || !layout_.wrapped || gap.indented || gap.next >= n_) return true;
  const size_t line_len = last_end_ > line_start_ ? last_end_ - line_start_ : 0;
  if (line_len * 10 < layout_.wrap_width * 6) return true;
  size_t len = 0;
  return is_bullet(utf8::decode(text_, gap.next, len));
}

size_t SplitPass::on_line_end(size_t pos) {
  Gap gap = scan_gap(pos);
  if (sent_start_ != kNone && line_end_breaks(gap)) end_sentence(last_end_);
  if (gap.last_line_start != kNone) {
    line_start_ = gap.last_line_start;
    line_has_text_ = false;
  }
  at_space_ = true;
  return gap.next;
}

void SplitPass::begin_token(size_t pos) {
  at_space_ = false;
  // Most tokens are lower-case words inside a sentence: nothing to decide.
  if (sent_start_ != kNone && is_ascii_lower(text_[pos]) && list_kind_ == 0 && !dateline_pending_) {
    line_has_text_ = true;
    prev_token_start_ = token_start_;
    token_start_ = pos;
    ++tokens_;
    return;
  }
  size_t len = 0;
  const bool bullet = static_cast<unsigned char>(text_[pos]) >= 0x80 && is_bullet(utf8::decode(text_, pos, len));
  const char32_t first = static_cast<unsigned char>(text_[pos]) < 0x80 ? char32_t(text_[pos]) : utf8::decode(text_, pos, len);
  if (sent_start_ != kNone) {
    int kind = 0, value = 0, suffix = 0;
    if (bullet) {
      end_sentence(last_end_);
    } else if (dateline_pending_ && is_upper(first)) {
      end_sentence(last_end_);
    } else if (is_ascii_upper(text_[pos]) && credit_label_at(pos)) {
      end_sentence(last_end_);
    } else if (sent_at_line_start_ && (tokens_ == 3 || tokens_ == 4) && is_upper(first) &&
               is_date(text_.substr(sent_start_, last_end_ - sent_start_))) {
      end_sentence(last_end_);
    } else if (list_kind_ && parse_list_marker(text_, pos, kind, value, suffix) && kind == list_kind_ &&
               suffix == list_suffix_ && value == list_value_ + 1) {
      end_sentence(last_end_);
    }
  }
  dateline_pending_ = false;
  if (sent_start_ == kNone) {
    sent_start_ = pos;
    sent_at_line_start_ = !line_has_text_;
    tokens_ = 0;
    bullet_start_ = bullet;
    int kind = 0, value = 0, suffix = 0;
    if (parse_list_marker(text_, bullet ? pos + len : pos, kind, value, suffix)) {
      list_kind_ = kind, list_value_ = value, list_suffix_ = suffix;
    } else if (!bullet) {
      list_kind_ = 0;
    }
  }
  line_has_text_ = true;
  prev_token_start_ = tokens_ ? token_start_ : kNone;
  token_start_ = pos;
  ++tokens_;
  // A quotation run into the sentence's own words (said "...", as "...") belongs to it; one
  // introduced by a comma or colon (said, "...) holds sentences of its own.
  if (is_double_open(first) && tokens_ > 1 && quote_open_ == kNone && last_end_ > 0 &&
      text_[last_end_ - 1] != ',' && text_[last_end_ - 1] != ':')
    quote_open_ = pos;
  if (is_dash(first) && sent_at_line_start_ && tokens_ > 1 && tokens_ <= 8 && dateline_before(pos)) dateline_pending_ = true;
}

bool SplitPass::calendar_word(std::string_view word) const {
  std::array<char, kMaxKey> buf;
  std::string_view key;
  return lower_key(word, buf, key) && lex_.calendar.count(key) > 0;
}

// Whether the quotation open in the sentence closes soon enough after `pos` to be short.
bool SplitPass::short_quote_closes(size_t pos) const {
  const size_t limit = std::min(n_, quote_open_ + kMaxEmbeddedQuote);
  for (size_t i = pos; i < limit; ++i) {
    const char c = text_[i];
    if (c == '"' || c == '\n') return c == '"';
    if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < n_ && static_cast<unsigned char>(text_[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text_[i + 2]) == 0x9D))
      return true;
    if (static_cast<unsigned char>(c) == 0xC2 && i + 1 < n_ && static_cast<unsigned char>(text_[i + 1]) == 0xBB)
      return true;
  }
  return false;
}

// Whether a credit label and its colon ("Image: ") start at `pos`.
bool SplitPass::credit_label_at(size_t pos) const {
  size_t e = pos;
  while (e < n_ && e - pos <= kMaxKey && is_ascii_alpha(text_[e])) ++e;
  if (e + 1 >= n_ || text_[e] != ':' || text_[e + 1] != ' ') return false;
  std::array<char, kMaxKey> buf;
  std::string_view key;
  return lower_key(text_.substr(pos, e - pos), buf, key) && lex_.credit_labels.count(key) > 0;
}

// Whether `s` is a date standing alone: "[Weekday,] Month D, YYYY".
bool SplitPass::is_date(std::string_view s) const {
  auto word = [&](size_t& i) {
    size_t b = i;
    while (i < s.size() && is_ascii_alpha(s[i])) ++i;
    return s.substr(b, i - b);
  };
  auto digits = [&](size_t& i) {
    size_t b = i;
    while (i < s.size() && is_ascii_digit(s[i])) ++i;
    return i - b;
  };
  auto sep = [&](size_t& i, bool comma) {
    if (comma) {
      if (i >= s.size() || s[i] != ',') return false;
      ++i;
    }
    size_t b = i;
    while (i < s.size() && s[i] == ' ') ++i;
    return i > b;
  };
  size_t i = 0;
  std::string_view w = word(i);
  if (!calendar_word(w)) return false;
  if (i < s.size() && s[i] == ',') {  // a weekday first
    if (!sep(i, true) || !calendar_word(word(i))) return false;
  }
  if (!sep(i, false)) return false;
  size_t d = digits(i);
  if (d < 1 || d > 2 || !sep(i, true)) return false;
  return digits(i) == 4 && i == s.size();
}

// Whether the current sentence, up to the dash at `pos`, is a dateline: a few capitalised words,
// numbers and commas opening a line ("Evansville, Indiana -", "LONDON, March 3 -").
bool SplitPass::dateline_before(size_t pos) const {
  if (pos - sent_start_ > 100) return false;
  bool token_start = true, comma = false;
  for (size_t i = sent_start_; i < pos; ++i) {
    if (text_[i] == ',') comma = true;
    const unsigned char c = static_cast<unsigned char>(text_[i]);
    if (c == ' ') {
      token_start = true;
      continue;
    }
    if (token_start && c != '(' && !is_ascii_upper(c) && !is_ascii_digit(c) && c < 0x80) return false;
    if (c == '.' || c == '?' || c == '!' || c == ':' || c == ';') return false;
    token_start = false;
  }
  return comma && pos + 1 < n_ && (text_[pos + 1] == ' ' || static_cast<unsigned char>(text_[pos]) >= 0x80);
}

// Whether a capitalised word starting at `pos` is one that begins sentences, or a title.
bool SplitPass::starter_at(size_t pos) const {
  size_t e = pos;
  while (e < n_ && e - pos <= kMaxKey && (is_ascii_alpha(text_[e]) || text_[e] == '\'')) ++e;
  std::array<char, kMaxKey> buf;
  std::string_view key;
  std::string_view word = text_.substr(pos, e - pos);
  if (!lower_key(word, buf, key)) return false;
  if (lex_.starters.count(key)) return true;
  if (e < n_ && text_[e] == '.') {
    auto it = lex_.abbreviations.find(key);
    return it != lex_.abbreviations.end() && it->second == AbbrevKind::Title;
  }
  return false;
}

// Whether the text at `pos` is up to three capitalised words and then a speech verb:
// the attribution after a quotation ("Why?" Smith asked).
bool SplitPass::speaker_follows(size_t pos) const {
  size_t i = pos;
  for (int words = 0; words < 4 && i < n_; ++words) {
    size_t e = i;
    while (e < n_ && (is_ascii_alpha(text_[e]) || text_[e] == '-' || static_cast<unsigned char>(text_[e]) >= 0x80)) ++e;
    if (e == i) return false;
    std::string_view word = text_.substr(i, e - i);
    if (words > 0 && is_ascii_lower(word[0])) {
      std::array<char, kMaxKey> buf;
      std::string_view key;
      return lower_key(word, buf, key) && lex_.speech_verbs.count(key) > 0;
    }
    if (!is_ascii_upper(word[0])) return false;
    i = e;
    if (i < n_ && text_[i] == '.') ++i;  // an initial or a title
    if (i >= n_ || text_[i] != ' ') return false;
    while (i < n_ && text_[i] == ' ') ++i;
  }
  return false;
}

// Whether the period at `dot`, followed after white space and openers by the character at
// `next`, ends a sentence; decided from the word before the period.
bool SplitPass::period_ends(size_t dot, size_t next) const {
  // The word before the period, without leading openers and bullets.
  size_t ws = token_start_;
  while (ws < dot) {
    size_t len = 0;
    char32_t c = utf8::decode(text_, ws, len);
    if (!is_opener(c) && !is_bullet(c)) break;
    ws += len;
  }
  std::string_view word = text_.substr(ws, dot - ws);
  const size_t tokens_before = tokens_ - 1;
  const bool first_token = tokens_before == 0 || (tokens_before == 1 && bullet_start_);

  // A list marker opening the sentence ("1.", "a.") never ends it.
  if (first_token && !word.empty() && word.size() <= 3) {
    bool digits = true;
    for (char c : word) digits = digits && is_ascii_digit(c);
    if (digits || (word.size() == 1 && is_ascii_alpha(word[0]))) return false;
  }

  char32_t nc = 0;
  size_t len = 0;
  if (next < n_) nc = utf8::decode(text_, next, len);
  const bool next_upper = is_upper(nc);
  const bool next_digit = nc < 0x80 && is_ascii_digit(static_cast<unsigned char>(nc));
  if (is_lower(nc)) return false;

  // Classify the word.
  enum class Kind { Ordinary, Initial, Title, Maybe, Number, Never } kind = Kind::Ordinary;
  std::array<char, kMaxKey> buf;
  std::string_view key;
  bool found = false;
  if (lower_key(word, buf, key)) {
    auto it = lex_.abbreviations.find(key);
    if (it != lex_.abbreviations.end()) {
      found = true;
      switch (it->second) {
        case AbbrevKind::Title: kind = is_ascii_upper(word[0]) ? Kind::Title : Kind::Maybe; break;
        case AbbrevKind::Maybe: kind = Kind::Maybe; break;
        case AbbrevKind::Number: kind = Kind::Number; break;
        case AbbrevKind::Never: kind = Kind::Never; break;
      }
    }
  }
  if (!found && word.size() == 1 && is_ascii_alpha(word[0])) {
    if (is_ascii_lower(word[0])) {
      kind = Kind::Number;
    } else {
      kind = Kind::Initial;
      // "I" after a lower-case word is the pronoun ending a clause, not an initial.
      if (word[0] == 'I' && prev_token_start_ != kNone && is_ascii_lower(text_[prev_token_start_]))
        kind = Kind::Ordinary;
    }
  } else if (!found && word.size() >= 3) {
    // Short groups of letters joined by periods (U.S.A, Ph.D): an acronym that may end a
    // sentence. Longer groups (example.co.nz) make a host name, an ordinary word.
    bool acronym = true, dot_inside = false;
    size_t group = 0;
    for (char c : word) {
      if (c == '.') dot_inside = true, group = 0;
      else if (!is_ascii_alpha(c) || ++group > 2) acronym = false;
    }
    if (acronym && dot_inside) kind = Kind::Maybe;
  }

  switch (kind) {
    case Kind::Ordinary:
      return true;
    case Kind::Initial:
      // An initial comes before a name; a word that starts sentences (longer than the article
      // "A", itself often an initial) shows the letter ended one instead (vitamin C. The ...).
      return next_upper && starter_at(next) && next + 1 < n_ && is_ascii_alpha(text_[next + 1]);
    case Kind::Title:
    case Kind::Never:
      return false;
    case Kind::Number:
      if (next_digit) return false;
      [[fallthrough]];
    case Kind::Maybe:
      // An abbreviation ends a sentence before a word that starts sentences, but a fragment of
      // fewer than four words ("At 5 a.m.") is not a sentence.
      return next_upper && tokens_before >= 3 && starter_at(next);
  }
  return true;
}

// Handles the run of terminators starting at `pos`; returns where scanning goes on.
size_t SplitPass::on_terminator(size_t pos) {
  const bool attached = pos > 0 && kByteKind[static_cast<unsigned char>(text_[pos - 1])] != kSpace &&
                        kByteKind[static_cast<unsigned char>(text_[pos - 1])] != kLineEnd;
  size_t j = pos;
  int dots = 0;
  bool strong = false, spaced = false, last_dot = false;
  int gaps = 0;
  size_t first_dot_end = kNone;
  while (j < n_) {
    const char c = text_[j];
    if (c == '.') {
      ++dots;
      if (first_dot_end == kNone) first_dot_end = j + 1;
      ++j;
      last_dot = true;
    } else if (c == '?' || c == '!') {
      strong = true;
      ++j;
      last_dot = false;
    } else if (c == ' ' && last_dot && j + 1 < n_ && text_[j + 1] == '.') {
      spaced = true;
      ++gaps;
      ++j;
    } else if (static_cast<unsigned char>(c) == 0xE2 && j + 2 < n_ &&
               static_cast<unsigned char>(text_[j + 1]) == 0x80 &&
               static_cast<unsigned char>(text_[j + 2]) == 0xA6) {
      dots += 3;
      j += 3;
      last_dot = true;
    } else {
      break;
    }
  }
  // Closing quotation marks and brackets after the terminators belong to the sentence.
  size_t e = j;
  bool closed = false, quote_closed = false;
  const bool bracketed = pos > 0 && text_[pos - 1] == '[' && j < n_ && text_[j] == ']' &&
                         (j + 1 == n_ || text_[j + 1] == ' ' || text_[j + 1] == '\n');
  while (e < n_) {
    size_t len = 0;
    char32_t c = utf8::decode(text_, e, len);
    if (!is_closer(c)) break;
    if (c == '\'' || c == '"' || c == 0x2019) {
      // A straight quote or apostrophe closes only when nothing word-like follows (Jr.'s).
      if (e + len < n_) {
        size_t l2 = 0;
        char32_t d = utf8::decode(text_, e + len, l2);
        if (!(is_inline_space(d) || d == '\n' || d == '\r' || is_closer(d) || d == '.' || d == ',')) break;
      }
    }
    e += len;
    closed = true;
    if (is_double_close(c)) quote_closed = true;
  }
  if (quote_closed) on_closing_quote();
  last_end_ = e;
  at_space_ = false;
  // Terminators followed by anything but white space are inside a token (3.5, example.com).
  if (e < n_) {
    const unsigned char c = static_cast<unsigned char>(text_[e]);
    if (kByteKind[c] != kSpace && kByteKind[c] != kLineEnd) {
      size_t len = 0;
      char32_t cp = utf8::decode(text_, e, len);
      if (!is_inline_space(cp) && cp != 0x2028 && cp != 0x2029) return e;
    }
  }
  Gap gap = scan_gap(e);
  if (gap.next >= n_ || line_end_breaks(gap)) {
    end_sentence(e);
    return e;
  }
  // The next character, past opening quotation marks and brackets.
  size_t next = gap.next;
  while (next < n_) {
    size_t len = 0;
    char32_t c = utf8::decode(text_, next, len);
    if (!is_opener(c)) break;
    next += len;
  }
  size_t len = 0;
  const char32_t nc = next < n_ ? utf8::decode(text_, next, len) : 0;
  // Inside a quotation that the sentence opened, the quoted sentences stay together.
  if (quote_open_ != kNone && short_quote_closes(pos)) return e;
  // A quotation followed by a dash and its author ("..." - Name) goes on.
  if (closed && is_dash(nc)) return e;

  bool ends;
  size_t end = e;
  if (strong) {
    ends = !is_lower(nc) && !(closed && is_upper(nc) && speaker_follows(next));
  } else if (dots >= 4 && spaced && attached) {
    // "word. . . . Next": a period, then a spaced ellipsis that opens the next sentence; a
    // period and a solid ellipsis ("word. ... next") go on.
    ends = gaps == dots - 1 && is_upper(nc);
    end = first_dot_end;
  } else if (dots == 3 && bracketed) {
    // "[...]" marks omitted text, which may include a sentence end.
    ends = is_upper(nc);
  } else if (dots >= 3) {
    // An ellipsis goes on; four dots end a sentence before a capital.
    ends = dots >= 4 && (is_upper(nc) || (nc < 0x80 && is_ascii_digit(static_cast<unsigned char>(nc))));
  } else {
    ends = period_ends(j - 1, next) && !(closed && is_upper(nc) && speaker_follows(next));
  }
  if (ends) {
    end_sentence(end);
    return end;
  }
  return e;
}

void SplitPass::run() {
  layout_ = scan_layout(text_);
  size_t i = 0;
  while (i < n_) {
    const unsigned char c = static_cast<unsigned char>(text_[i]);
    switch (kByteKind[c]) {
      case kPlain: {
        if (at_space_) begin_token(i);
        const unsigned char* p = reinterpret_cast<const unsigned char*>(text_.data());
        i = skip_plain(p, i + 1, n_);
        last_end_ = i;
        break;
      }
      case kSpace: {
        // The common case stays in this loop: lower-case words separated by spaces inside a
        // sentence, with nothing to decide.
        const unsigned char* p = reinterpret_cast<const unsigned char*>(text_.data());
        ++i;
        at_space_ = true;
        while (i < n_ && p[i] == ' ') ++i;
        if (i < n_ && is_ascii_lower(p[i]) && sent_start_ != kNone && list_kind_ == 0 && !dateline_pending_) {
          // The loop changes none of the conditions above, and keeps its state in locals: members
          // would be stored on every word, as the text is read through a char pointer, which may
          // alias them.
          size_t token_start = token_start_, prev_token_start = prev_token_start_, tokens = tokens_, last_end = 0;
          do {
            prev_token_start = token_start;
            token_start = i;
            ++tokens;
            i = skip_plain(p, i + 1, n_);
            last_end = i;
            if (i < n_ && p[i] == ' ') {
              ++i;
              while (i < n_ && p[i] == ' ') ++i;
            } else {
              at_space_ = false;
              break;
            }
          } while (i < n_ && is_ascii_lower(p[i]));
          line_has_text_ = true;
          prev_token_start_ = prev_token_start;
          token_start_ = token_start;
          tokens_ = tokens;
          last_end_ = last_end;
        }
        break;
      }
      case kLineEnd:
        i = on_line_end(i);
        break;
      case kTerminator:
        if (at_space_) begin_token(i);
        i = on_terminator(i);
        break;
      case kQuote:
        if (at_space_) begin_token(i);
        else on_closing_quote();
        last_end_ = ++i;
        break;
      case kLead2:
        if (i + 1 < n_ && static_cast<unsigned char>(text_[i + 1]) == 0xA0) {
          at_space_ = true;
          i += 2;
        } else {
          if (at_space_) begin_token(i);
          else if (i + 1 < n_ && static_cast<unsigned char>(text_[i + 1]) == 0xBB) on_closing_quote();
          last_end_ = ++i;
        }
        break;
      case kLead3: {
        size_t len = 0;
        const char32_t cp = utf8::decode(text_, i, len);
        if (cp == 0x2026) {
          if (at_space_) begin_token(i);
          i = on_terminator(i);
        } else if (cp == 0x2028 || cp == 0x2029) {
          i = on_line_end(i);
        } else if (is_inline_space(cp)) {
          at_space_ = true;
          i += len;
        } else {
          if (at_space_ || is_bullet(cp)) begin_token(i);
          else if (cp == 0x201D) on_closing_quote();
          i += len;
          last_end_ = i;
        }
        break;
      }
    }
  }
  end_sentence(last_end_);
}

void RuleSplitter::split(std::string_view text, std::vector<ByteSpan>& out) const {
  SplitPass pass(lex_, text, out);
  pass.run();
}

}  // namespace

const SentenceSplitter& SentenceSplitter::default_splitter() {
  static const std::unique_ptr<SentenceSplitter> splitter = [] {
    std::string error;
    auto s = from_data(embedded::find("abbreviations.tsv"), "abbreviations.tsv", error);
    return s ? std::move(s) : std::unique_ptr<SentenceSplitter>();
  }();
  if (splitter) return *splitter;
  // The embedded data is checked by the tests; an empty lexicon still splits.
  static const RuleSplitter fallback{Lexicon{}};
  return fallback;
}

std::unique_ptr<SentenceSplitter> SentenceSplitter::from_data(std::string_view data, std::string_view name,
                                                              std::string& error) {
  Lexicon lex;
  if (!load_abbreviations(data, name, lex, error)) return nullptr;
  if (!load_words(embedded::find("sentence/starters.tsv"), "sentence/starters.tsv", lex.starters, error))
    return nullptr;
  if (!load_words(embedded::find("sentence/speech_verbs.tsv"), "sentence/speech_verbs.tsv", lex.speech_verbs,
                  error))
    return nullptr;
  if (!load_words(embedded::find("sentence/calendar.tsv"), "sentence/calendar.tsv", lex.calendar, error))
    return nullptr;
  if (!load_words(embedded::find("sentence/credit_labels.tsv"), "sentence/credit_labels.tsv", lex.credit_labels,
                  error))
    return nullptr;
  return std::make_unique<RuleSplitter>(std::move(lex));
}

}  // namespace quoth
