// The corpus linter (see linter.h). The quotation-mark pass pairs marks per paragraph with a
// stack, knows the apostrophe, and follows the news convention of a quote running over
// paragraphs (an opening mark on each paragraph, the closing mark only at the end).
#include "check/linter.h"

#include <fmt/format.h>

#include <algorithm>

#include "normalize/utf8.h"

namespace quoth::check {

LintConfig LintConfig::defaults() {
  LintConfig config;
  for (const auto& info : all_rules()) config.severity[static_cast<size_t>(info.rule)] = info.default_severity;
  return config;
}

namespace {

// Styles of opening marks, for mixed-quote-styles; single marks are nested quotes and not counted.
enum Family : uint8_t { kStraight, kCurly, kLow, kGuillemet, kCjk, kFamilies, kNoFamily = kFamilies };
constexpr std::string_view kFamilyNames[kFamilies] = {"straight \"", "curly \u201C\u201D", "low-9 \u201E",
                                                      "guillemets \u00AB\u00BB", "corner brackets \u300C\u300D"};

bool is_quote_mark(char32_t c) {
  switch (c) {
    case U'"': case U'\u201C': case U'\u201D': case U'\u201E': case U'\u00AB': case U'\u00BB':
    case U'\u2018': case U'\u2019': case U'\u201A': case U'\u2039': case U'\u203A':
    case U'\u300C': case U'\u300D': case U'\u300E': case U'\u300F':
      return true;
    default:
      return false;
  }
}

// True when `close` ends a quotation opened by `open` (English, German, Polish, French, Swedish
// and Danish conventions).
bool closes(char32_t open, char32_t close) {
  switch (open) {
    case U'"': return close == U'"';
    case U'\u201C': return close == U'\u201D';
    case U'\u201E': return close == U'\u201C' || close == U'\u201D';
    case U'\u00AB': return close == U'\u00BB';
    case U'\u00BB': return close == U'\u00AB' || close == U'\u00BB';
    case U'\u2018': return close == U'\u2019';
    case U'\u201A': return close == U'\u2018' || close == U'\u2019';
    case U'\u2039': return close == U'\u203A';
    case U'\u203A': return close == U'\u2039' || close == U'\u203A';
    case U'\u300C': return close == U'\u300D';
    case U'\u300E': return close == U'\u300F';
    default: return false;
  }
}

bool can_open(char32_t c) {
  return c == U'"' || c == U'\u201C' || c == U'\u201E' || c == U'\u00AB' || c == U'\u00BB' || c == U'\u2018' ||
         c == U'\u201A' || c == U'\u2039' || c == U'\u203A' || c == U'\u300C' || c == U'\u300E';
}

bool is_single(char32_t c) {
  return c == U'\u2018' || c == U'\u2019' || c == U'\u201A' || c == U'\u2039' || c == U'\u203A';
}

Family family_of(char32_t open) {
  switch (open) {
    case U'"': return kStraight;
    case U'\u201C': return kCurly;
    case U'\u201E': return kLow;
    case U'\u00AB': case U'\u00BB': return kGuillemet;
    case U'\u300C': case U'\u300E': return kCjk;
    default: return kNoFamily;
  }
}

// A letter or digit, roughly: ASCII alphanumerics and any non-ASCII character outside the
// punctuation and symbol blocks. Enough to tell the apostrophe in "don't" from a closing mark.
bool is_word_char(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows, shapes
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  return c != 0xFFFD;
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0; }

bool is_blank_byte(unsigned char b) { return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'; }

std::string mark_text(char32_t c) {
  std::string s;
  utf8::append(s, c);
  return s;
}

struct OpenMark {
  char32_t mark;
  uint32_t offset;
};

constexpr char32_t kOpeners[] = {U'"', U'\u201C', U'\u201E', U'\u00AB', U'\u00BB', U'\u2018',
                                 U'\u201A', U'\u2039', U'\u203A', U'\u300C', U'\u300E'};
constexpr size_t kOpenerCount = sizeof kOpeners / sizeof kOpeners[0];

size_t opener_slot(char32_t c) {
  for (size_t s = 0; s < kOpenerCount; ++s)
    if (kOpeners[s] == c) return s;
  return 0;
}

// The marks open in a paragraph, innermost last, with a count per opening mark: a closing mark
// whose opener is not open never searches the stack, and a search ends at a mark that is then
// popped, so the pass stays linear however many marks are left open.
class OpenMarks {
 public:
  static constexpr size_t npos = SIZE_MAX;
  bool empty() const { return marks_.empty(); }
  size_t size() const { return marks_.size(); }
  const OpenMark& back() const { return marks_.back(); }
  const OpenMark& front() const { return marks_.front(); }
  const OpenMark& operator[](size_t k) const { return marks_[k]; }
  void push(OpenMark m) {
    marks_.push_back(m);
    ++count_[opener_slot(m.mark)];
  }
  void pop() {
    --count_[opener_slot(marks_.back().mark)];
    marks_.pop_back();
  }
  void truncate(size_t k) {
    while (marks_.size() > k) pop();
  }
  void clear() {
    marks_.clear();
    count_.fill(0);
  }
  // Index of the innermost open mark that `close` closes, or npos.
  size_t find_closable(char32_t close) const {
    bool any = false;
    for (size_t s = 0; s < kOpenerCount && !any; ++s) any = count_[s] > 0 && closes(kOpeners[s], close);
    if (!any) return npos;
    for (size_t k = marks_.size(); k-- > 0;)
      if (closes(marks_[k].mark, close)) return k;
    return npos;
  }

 private:
  std::vector<OpenMark> marks_;
  std::array<uint32_t, kOpenerCount> count_{};
};

class Pass {
 public:
  Pass(const LintConfig& config, std::string_view text, std::vector<Finding>& out)
      : config_(config), text_(text), out_(out) {}

  void emit(Rule rule, uint32_t offset, std::string message) {
    const size_t r = static_cast<size_t>(rule);
    if (!config_.enabled(rule)) return;
    if (++counts_[r] <= config_.max_findings_per_rule) {
      out_.push_back({rule, config_.severity[r], offset, std::move(message)});
    } else if (counts_[r] == config_.max_findings_per_rule + 1) {
      overflow_offset_[r] = offset;
    }
  }

  // Folds the findings past the per-rule cap into one.
  void finish_caps() {
    for (size_t r = 0; r < kRuleCount; ++r) {
      if (counts_[r] <= config_.max_findings_per_rule) continue;
      const Rule rule = static_cast<Rule>(r);
      out_.push_back({rule, config_.severity[r], overflow_offset_[r],
                      fmt::format("{} more {} findings in this document (not shown)",
                                  counts_[r] - config_.max_findings_per_rule, rule_info(rule).id)});
    }
  }

  void run() {
    const bool marks = config_.enabled(Rule::UnbalancedQuotes) || config_.enabled(Rule::MismatchedQuotes) ||
                       config_.enabled(Rule::MixedQuoteStyles);
    // Paragraphs are separated by blank lines when the text has any; otherwise by line ends.
    blank_line_paragraphs_ = marks && has_blank_line();
    const size_t n = text_.size();
    const auto* s = reinterpret_cast<const unsigned char*>(text_.data());
    bool only_blank = true;
    size_t bad_run_start = 0, bad_run_len = 0;
    auto flush_bad_run = [&] {
      if (bad_run_len == 0) return;
      emit(Rule::InvalidUtf8, static_cast<uint32_t>(bad_run_start),
           bad_run_len == 1 ? fmt::format("invalid UTF-8 byte 0x{:02X}", s[bad_run_start])
                            : fmt::format("{} invalid UTF-8 bytes, the first 0x{:02X}", bad_run_len, s[bad_run_start]));
      bad_run_len = 0;
    };
    char32_t prev = U' ';
    for (size_t i = 0; i < n;) {
      const unsigned char b = s[i];
      if (b < 0x80) {
        flush_bad_run();
        if (!is_blank_byte(b)) only_blank = false;
        if (b == '\n' || b == '\r') {
          if (marks) line_end(i);
        } else if ((b < 0x20 && b != '\t') || b == 0x7F) {
          emit(Rule::ControlCharacter, static_cast<uint32_t>(i),
               b == 0 ? std::string("NUL byte") : fmt::format("control character U+{:04X}", b));
        } else if (b == '"' && marks) {
          mark(U'"', i, 1, prev);
        }
        prev = b;
        ++i;
        continue;
      }
      const size_t len = utf8::sequence_length(text_, i);
      if (len == 0) {
        if (bad_run_len == 0) bad_run_start = i;
        ++bad_run_len;
        only_blank = false;
        prev = 0xFFFD;
        ++i;
        continue;
      }
      flush_bad_run();
      size_t ignored;
      const char32_t c = utf8::decode(text_, i, ignored);
      if (c != 0xA0 && c != 0x2028 && c != 0x2029 && c != 0x3000 && !(c >= 0x2000 && c <= 0x200A)) only_blank = false;
      if (c < 0xA0) {
        emit(Rule::ControlCharacter, static_cast<uint32_t>(i), fmt::format("control character U+{:04X}", uint32_t(c)));
      } else if (c == 0xFFFD) {
        emit(Rule::ReplacementCharacter, static_cast<uint32_t>(i),
             "U+FFFD replacement character: text damaged by an earlier decoding");
      } else if (marks && is_quote_mark(c)) {
        mark(c, i, len, prev);
      }
      prev = c;
      i += len;
    }
    flush_bad_run();
    if (marks) paragraph_end(n);
    if (only_blank) emit(Rule::EmptyDocument, 0, n == 0 ? "empty document" : "document is only white space");
    if (marks) report_mixed_styles();
  }

 private:
  bool has_blank_line() const {
    for (size_t i = text_.find('\n'); i != std::string_view::npos; i = text_.find('\n', i + 1)) {
      size_t j = i + 1;
      while (j < text_.size() && (text_[j] == ' ' || text_[j] == '\t' || text_[j] == '\r')) ++j;
      if (j < text_.size() && text_[j] == '\n') return true;
    }
    return false;
  }

  // The character after the quotation mark at [i, i + len), or a space at the end.
  char32_t next_char(size_t i, size_t len) const {
    if (i + len >= text_.size()) return U' ';
    size_t ignored;
    return utf8::decode(text_, i + len, ignored);
  }

  // True when the text before byte i, past spaces, ends a sentence (. ! ? or an ellipsis).
  bool after_sentence_end(size_t i) const {
    while (i > 0 && (text_[i - 1] == ' ' || text_[i - 1] == '\t')) --i;
    if (i == 0) return false;
    const char c = text_[i - 1];
    return c == '.' || c == '!' || c == '?' || (i >= 3 && text_.substr(i - 3, 3) == "\u2026");
  }

  // Two digits and an "s" at byte i: the decade after an apostrophe ('90s).
  bool looks_like_decade(size_t i) const {
    return i + 3 <= text_.size() && text_[i] >= '0' && text_[i] <= '9' && text_[i + 1] >= '0' &&
           text_[i + 1] <= '9' && text_[i + 2] == 's';
  }

  void mark(char32_t c, size_t i, size_t len, char32_t prev) {
    const uint32_t at = static_cast<uint32_t>(i);
    // An apostrophe: between two letters (don't), or a right single mark that closes nothing
    // (the '90s, the girls' team).
    if (c == U'\u2019') {
      const bool top_single = !stack_.empty() && closes(stack_.back().mark, c);
      if (!top_single || (is_word_char(prev) && is_word_char(next_char(i, len)))) return;
    }
    // A straight mark never nests in itself. Its neighbours tell an opening mark (after a space,
    // before a word) from a closing one (after a word, before a space or punctuation).
    if (c == U'"') {
      const char32_t next = next_char(i, len);
      if (prev >= U'0' && prev <= U'9' && !is_word_char(next)) return;  // inches: 5' 10"
      const bool opening_like = !is_word_char(next) ? false : !is_word_char(prev) && prev != U'.' && prev != U',';
      const bool closing_like = !is_space(prev) && !is_word_char(next);
      if (const size_t k = stack_.find_closable(U'"'); k != OpenMarks::npos) {
        if (opening_like) {
          // A new quotation opens while one is open. After a sentence end this is the news
          // convention of a quote running on into the next paragraph, written on one line;
          // elsewhere the open quotation was never closed.
          if (!after_sentence_end(i))
            for (size_t j = k; j < stack_.size(); ++j) report_unclosed(stack_[j], "before the next opening mark");
          stack_.truncate(k);
        } else {
          close_down_to(k);
          return;
        }
      }
      if (closing_like && !opening_like && !stack_.empty() && !is_single(stack_.back().mark)) {
        emit(Rule::MismatchedQuotes, at,
             fmt::format("closing \" does not match the opening {}", mark_text(stack_.back().mark)));
        stack_.pop();
        return;
      }
    }
    if (!stack_.empty() && closes(stack_.back().mark, c)) {
      stack_.pop();
      return;
    }
    // » and › also open quotations (Danish, Swedish), but not inside a quotation of another style
    // at the same level: there they are a wrong closing mark.
    if ((c == U'\u00BB' || c == U'\u203A') && !stack_.empty() && is_single(stack_.back().mark) == is_single(c)) {
      emit(Rule::MismatchedQuotes, at,
           fmt::format("closing {} does not match the opening {}", mark_text(c), mark_text(stack_.back().mark)));
      stack_.pop();
      return;
    }
    if (can_open(c)) {
      // A turned apostrophe: O‘Neill, ‘90s.
      if (c == U'\u2018' && (is_word_char(prev) || looks_like_decade(i + len))) return;
      stack_.push({c, at});
      const Family f = family_of(c);
      if (f != kNoFamily && first_of_family_[f] == UINT32_MAX) first_of_family_[f] = at;
      return;
    }
    // A closing-only mark (” 」 』): find the quotation it closes.
    if (const size_t k = stack_.find_closable(c); k != OpenMarks::npos) {
      close_down_to(k);
      return;
    }
    if (!stack_.empty() && !is_single(stack_.back().mark)) {
      emit(Rule::MismatchedQuotes, at,
           fmt::format("closing {} does not match the opening {}", mark_text(c), mark_text(stack_.back().mark)));
      stack_.pop();
      return;
    }
    emit(Rule::UnbalancedQuotes, at, fmt::format("closing {} has no opening mark", mark_text(c)));
  }

  // Closes the quotation at stack_[k]; the ones opened inside it and left open are unbalanced.
  void close_down_to(size_t k) {
    for (size_t j = k + 1; j < stack_.size(); ++j) report_unclosed(stack_[j], "before its enclosing quotation ends");
    stack_.truncate(k);
  }

  void report_unclosed(const OpenMark& m, std::string_view where) {
    emit(Rule::UnbalancedQuotes, m.offset, fmt::format("opening {} is not closed {}", mark_text(m.mark), where));
  }

  void line_end(size_t i) {
    if (stack_.empty()) return;
    if (text_[i] == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n') return;  // the LF ends it
    if (blank_line_paragraphs_) {
      size_t j = i + 1;
      while (j < text_.size() && (text_[j] == ' ' || text_[j] == '\t' || text_[j] == '\r')) ++j;
      if (j >= text_.size() || text_[j] != '\n') return;  // a line end inside a paragraph
    }
    paragraph_end(i);
  }

  // End of a paragraph at byte i: marks still open are unbalanced, unless the next paragraph
  // reopens the outermost quotation with a mark of the same style (news convention).
  void paragraph_end(size_t i) {
    if (stack_.empty()) return;
    size_t j = i;
    while (j < text_.size() && is_blank_byte(static_cast<unsigned char>(text_[j]))) ++j;
    if (j < text_.size()) {
      size_t len;
      const char32_t next = utf8::decode(text_, j, len);
      const char32_t outer = stack_.front().mark;
      if (next == outer || (family_of(next) != kNoFamily && family_of(next) == family_of(outer))) {
        stack_.clear();
        return;
      }
    }
    for (size_t k = 0; k < stack_.size(); ++k) report_unclosed(stack_[k], "in its paragraph");
    stack_.clear();
  }

  void report_mixed_styles() {
    uint32_t first = UINT32_MAX, second = UINT32_MAX;
    int first_f = -1, second_f = -1;
    for (int f = 0; f < kFamilies; ++f) {
      const uint32_t at = first_of_family_[f];
      if (at == UINT32_MAX) continue;
      if (at < first) {
        second = first, second_f = first_f;
        first = at, first_f = f;
      } else if (at < second) {
        second = at, second_f = f;
      }
    }
    if (second_f < 0) return;
    emit(Rule::MixedQuoteStyles, second,
         fmt::format("quotations opened with {} here but with {} earlier", kFamilyNames[second_f], kFamilyNames[first_f]));
  }

  const LintConfig& config_;
  std::string_view text_;
  std::vector<Finding>& out_;
  std::array<size_t, kRuleCount> counts_{};
  std::array<uint32_t, kRuleCount> overflow_offset_{};
  OpenMarks stack_;
  uint32_t first_of_family_[kFamilies] = {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX};
  bool blank_line_paragraphs_ = false;

};

// The start of a quotation's text for a message: at most ~40 bytes, cut on a character boundary,
// line ends shown as spaces.
std::string snippet(std::string_view text, ByteSpan span) {
  const size_t end = std::min<size_t>(span.end, text.size());
  std::string out;
  size_t i = span.start;
  while (i < end && out.size() < 40) {
    size_t len = utf8::sequence_length(text, i);
    if (len == 0) {
      out += "\uFFFD";
      ++i;
      continue;
    }
    if (text[i] == '\n' || text[i] == '\r' || text[i] == '\t') out += ' ';
    else out.append(text.substr(i, len));
    i += len;
  }
  if (i < end) out += "\u2026";
  return out;
}

}  // namespace

void Linter::lint(const Document& doc, const Analysis* analysis, std::vector<Finding>& out) const {
  const size_t first = out.size();
  if (!doc.read_error_code.empty()) {
    // The finding's location names the file and line already; the message need not repeat them.
    std::string_view message = doc.read_error_message;
    if (const std::string where = fmt::format("{}:{}: ", doc.source, doc.line); doc.line > 0 && message.starts_with(where))
      message.remove_prefix(where.size());
    out.push_back({Rule::ReadError, Severity::Error, 0, std::string(message.empty() ? doc.read_error_code : message)});
    return;
  }
  Pass pass(config_, doc.text, out);
  if (doc.text.size() > config_.max_doc_bytes) {
    pass.emit(Rule::DocumentTooLarge, 0,
              fmt::format("document of {} bytes is over --max-doc-bytes {}", doc.text.size(), config_.max_doc_bytes));
    return;
  }
  pass.run();
  if (analysis && !analysis->error && config_.enabled(Rule::QuoteWithoutSpeaker)) {
    for (const Quote& q : analysis->quotes) {
      if (q.type != QuoteType::Direct || q.speaker) continue;
      pass.emit(Rule::QuoteWithoutSpeaker, q.span.start,
                fmt::format("direct quotation with no speaker: {}", snippet(doc.text, q.span)));
    }
  }
  pass.finish_caps();
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                   [](const Finding& a, const Finding& b) { return a.offset < b.offset; });
}

void locate(const Document& doc, const std::vector<Finding>& findings, std::vector<Location>& out) {
  out.clear();
  out.reserve(findings.size());
  const std::string_view text = doc.text;
  const bool jsonl = doc.line > 0;
  uint64_t line = jsonl ? doc.line : 1, column = 1;
  size_t i = 0;
  for (const Finding& f : findings) {
    const size_t target = std::min<size_t>(f.offset, text.size());
    while (i < target) {
      const char c = text[i];
      if (!jsonl && (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')))) {
        ++line;
        column = 1;
        ++i;
        continue;
      }
      const size_t len = utf8::sequence_length(text, i);
      i += len == 0 ? 1 : len;
      ++column;
    }
    out.push_back({line, column});
  }
}

}  // namespace quoth::check
