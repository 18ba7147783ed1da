// RE2 attributor (see attributor.h). Each paragraph is copied once into a masked form (quotes
// replaced by one placeholder byte, white space runs folded to one space, every byte mapped back to
// the original offsets), cut into sentences, and only sentences holding a quote or a speech verb
// (hash lookup over tokens) are matched: first one RE2::Set pass to learn which rules can match,
// then those rules alone with submatches.
#include "attribution/attributor.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "attribution/rules_file.h"
#include "data/embedded.h"

namespace quoth {
namespace {

constexpr char kQuoteByte = '\x01';
// Marks put before a speech verb in the masked text: a finite form ("said") and an -ing form.
constexpr char kFiniteCueByte = '\x02';
constexpr char kParticipleCueByte = '\x03';

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using WordSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
using WordFlags = std::unordered_map<std::string, uint8_t, StringHash, std::equal_to<>>;

// What a sentence holds, found by one token scan; a rule runs only on sentences holding all it
// needs.
enum Feature : uint8_t {
  kHasQuote = 1,      // a quotation
  kHasFinite = 2,     // a finite speech verb ("said", "told")
  kHasParticiple = 4, // an -ing speech verb ("saying")
  kHasAccording = 8,  // "according"
};

bool read_file(const std::string& path, std::string& out) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  const bool ok = !std::ferror(f);
  std::fclose(f);
  return ok;
}

// Escapes `word` for RE2 (every non-alphanumeric ASCII byte quoted); a space matches one space.
std::string escape_word(std::string_view word) {
  std::string out;
  for (char c : word) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == ' ') {
      out.push_back(c);
    } else {
      out.push_back('\\');
      out.push_back(c);
    }
  }
  return out;
}

// An alternation of the words, longest first so that RE2's leftmost-first choice takes the
// longest.
std::string alternation(std::vector<std::string> words) {
  std::sort(words.begin(), words.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  words.erase(std::unique(words.begin(), words.end()), words.end());
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out.push_back('|');
    out += escape_word(w);
  }
  return out.empty() ? std::string("[^\\x00-\\x{10FFFF}]") : out;  // an empty list matches nothing
}

// A compiled rule and the indices of its named groups.
struct CompiledRule {
  std::string name;
  std::string file;
  int line = 0;
  std::unique_ptr<RE2> re;
  int content = -1, speaker = -1, cue = -1;
  int lead = -1;  // empty group: the content runs from the sentence start to here
  int rest = -1;  // empty group: the content runs from here to the sentence end
  uint8_t needs = 0;  // Feature bits the sentence must have
};

// One attribution proposed by a rule, in masked-sentence byte offsets (-1: group absent).
struct Candidate {
  int rule = 0;
  int content_start = -1, content_end = -1;
  int speaker_start = -1, speaker_end = -1;
  int cue_start = -1, cue_end = -1;
};

// The masked copy of one paragraph and its map back to the original bytes.
struct Masked {
  std::string text;
  std::vector<uint32_t> start;  // original offset of masked byte i
  std::vector<uint32_t> end;    // original end of the source of masked byte i
  std::vector<int> quote;       // index into the quote list of a placeholder byte, else -1
  void clear() {
    text.clear();
    start.clear();
    end.clear();
    quote.clear();
  }
  void push(char c, uint32_t s, uint32_t e, int q = -1) {
    text.push_back(c);
    start.push_back(s);
    end.push_back(e);
    quote.push_back(q);
  }
};

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

// Is the 2/3-byte sequence at s[i] a non-breaking or typographic space?
size_t unicode_space_len(std::string_view s, size_t i) {
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  if (u[i] == 0xC2 && i + 1 < s.size() && u[i + 1] == 0xA0) return 2;
  if (u[i] == 0xE2 && i + 2 < s.size() && u[i + 1] == 0x80 && (u[i + 2] <= 0x8A || u[i + 2] == 0xAF)) return 3;
  return 0;
}

class RulesAttributor final : public Attributor {
 public:
  bool build(const RuleSet& set, std::string& error) {
    // Word lists and cue forms become macros; later `define`s of a name win.
    std::unordered_map<std::string, std::string> macros;
    for (const auto& [name, words] : set.word_lists) macros[name] = alternation(words);
    std::vector<std::string> finite, participle;
    for (const auto& f : set.cue_forms) {
      cue_words_[first_word_lower(f)] |= f.ends_with("ing") ? kHasParticiple : kHasFinite;
      (f.ends_with("ing") ? participle : finite).push_back(f);
    }
    // Speech verbs are marked in the masked text, so a rule matches the mark and the word after
    // it instead of a long alternation.
    macros["CUE"] = "[\\x02\\x03][^\\x00-\\x20,.;:!?]+";
    macros["CUE_FINITE"] = "\\x02[^\\x00-\\x20,.;:!?]+";
    macros["CUE_ING"] = "\\x03[^\\x00-\\x20,.;:!?]+";
    macros["Q"] = "\\x01[,.?!:;]?";
    for (const auto& m : set.macros) macros[m.name] = m.pattern;
    for (const auto& a : set.abbreviations) {
      std::string w;
      for (char c : a)
        if (c != '.') w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      abbreviations_.insert(w);
    }
    for (const auto& [name, words] : set.word_lists)
      if (name == "CONTENT_END") content_end_ = words;
    for (const auto& [name, words] : set.word_lists)
      if (name == "NOT_SPEAKER_END")
        for (const auto& w : words) not_speaker_end_.insert(w);
    for (const auto& [name, words] : set.word_lists)
      if (name == "AFTER_SPEAKER_OK")
        for (const auto& w : words) after_speaker_ok_.insert(w);
    for (const auto& [name, words] : set.word_lists)
      if (name == "NOT_SPEAKER")
        for (const auto& w : words) not_speaker_.insert(w);
    for (const auto& [name, words] : set.word_lists)
      if (name == "SENTENCE_INITIAL_CUE")
        for (const auto& w : words) cue_words_[first_word_lower(w)] |= kHasAccording;

    RE2::Options options;
    options.set_log_errors(getenv("QUOTH_RE2_LOG") != nullptr);
    options.set_max_mem(64 << 20);
    for (const auto& r : set.rules) {
      if (std::find(set.dropped.begin(), set.dropped.end(), r.name) != set.dropped.end()) continue;
      std::string expanded;
      std::string why;
      if (!expand(r.pattern, macros, expanded, why, 0)) {
        error = fmt::format("{}:{}: {}", r.file, r.line, why);
        return false;
      }
      auto re = std::make_unique<RE2>(expanded, options);
      if (!re->ok()) {
        error = fmt::format("{}:{}: {}", r.file, r.line, re->error());
        return false;
      }
      const auto& groups = re->NamedCapturingGroups();
      auto group = [&](const char* g) {
        auto it = groups.find(g);
        return it == groups.end() ? -1 : it->second;
      };
      CompiledRule c;
      c.name = r.name;
      c.file = r.file;
      c.line = r.line;
      c.content = group("content");
      c.speaker = group("speaker");
      c.cue = group("cue");
      c.lead = group("lead");
      c.rest = group("rest");
      // What the rule needs, read from the macros it uses.
      const std::string_view raw = r.pattern;
      if (raw.find("{Q}") != std::string_view::npos) c.needs |= kHasQuote;
      if (raw.find("{CUE_FINITE}") != std::string_view::npos || raw.find("{TELL}") != std::string_view::npos)
        c.needs |= kHasFinite;
      if (raw.find("{CUE_ING}") != std::string_view::npos) c.needs |= kHasParticiple;
      if (raw.find("ccording to") != std::string_view::npos) c.needs |= kHasAccording;
      if (c.cue < 0) {
        error = fmt::format("{}:{}: rule `{}` has no (?P<cue>...) group", r.file, r.line, r.name);
        return false;
      }
      c.re = std::move(re);
      // A later rule of the same name replaces the earlier one in place.
      auto same = std::find_if(rules_.begin(), rules_.end(), [&](const CompiledRule& x) { return x.name == c.name; });
      if (same != rules_.end()) *same = std::move(c);
      else rules_.push_back(std::move(c));
    }
    max_groups_ = 0;
    for (const auto& r : rules_) max_groups_ = std::max(max_groups_, r.re->NumberOfCapturingGroups() + 1);
    return true;
  }

  void attribute(std::string_view text, const std::vector<ByteSpan>& sentences,
                 const std::vector<QuoteSpan>& quotes, std::vector<Quote>& out) const override;

  std::string describe() const override {
    std::string s = fmt::format("speech verb forms: {}\nabbreviations: {}\nrules: {}\n", cue_words_.size(),
                                abbreviations_.size(), rules_.size());
    for (const auto& r : rules_)
      s += fmt::format("  {} ({}:{}, program size {})\n", r.name, r.file, r.line, r.re->ProgramSize());
    return s;
  }

 private:
  static std::string first_word_lower(std::string_view s) {
    std::string w;
    for (char c : s) {
      if (c == ' ') break;
      w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return w;
  }

  // Replaces every {NAME} (NAME starting with a letter or '_') by (?:its expansion).
  static bool expand(std::string_view pattern, const std::unordered_map<std::string, std::string>& macros,
                     std::string& out, std::string& error, int depth) {
    if (depth > 16) {
      error = "macros nest too deep (a macro that uses itself?)";
      return false;
    }
    bool in_class = false;  // inside [...]: a macro is inserted bare, without (?:...)
    for (size_t i = 0; i < pattern.size(); ++i) {
      const char c = pattern[i];
      if (c == '[' && !in_class) {
        in_class = true;
        out.push_back(c);
        if (i + 1 < pattern.size() && pattern[i + 1] == '^') out.push_back(pattern[++i]);
        if (i + 1 < pattern.size() && pattern[i + 1] == ']') out.push_back(pattern[++i]);
        continue;
      }
      if (c == ']' && in_class) in_class = false;
      if (c == '\\' && i + 1 < pattern.size()) {
        out.push_back(c);
        out.push_back(pattern[++i]);
        // \p{Lu}, \x{263a}: braces that belong to the escape.
        if ((pattern[i] == 'p' || pattern[i] == 'P' || pattern[i] == 'x') && i + 1 < pattern.size() &&
            pattern[i + 1] == '{') {
          while (i + 1 < pattern.size() && pattern[i] != '}') out.push_back(pattern[++i]);
        }
        continue;
      }
      if (c == '{' && i + 1 < pattern.size() && (is_alpha(pattern[i + 1]) || pattern[i + 1] == '_')) {
        const size_t close = pattern.find('}', i);
        if (close != std::string_view::npos) {
          const std::string name(pattern.substr(i + 1, close - i - 1));
          auto it = macros.find(name);
          if (it == macros.end()) {
            error = fmt::format("unknown macro {{{}}}", name);
            return false;
          }
          if (!in_class) out += "(?:";
          if (!expand(it->second, macros, out, error, depth + 1)) return false;
          if (!in_class) out += ")";
          i = close;
          continue;
        }
      }
      out.push_back(c);
    }
    return true;
  }

  void mask_paragraph(std::string_view text, size_t begin, size_t end, const std::vector<QuoteSpan>& quotes,
                      size_t& qi, Masked& m) const;
  void split_sentences(const Masked& m, std::vector<std::pair<int, int>>& out) const;
  uint8_t features(std::string_view s) const;
  bool cue_follows(std::string_view s, size_t pos) const;
  void match_sentence(const Masked& m, int a, int b, uint8_t have, std::vector<Candidate>& cands) const;

  std::vector<CompiledRule> rules_;
  WordFlags cue_words_;
  WordSet abbreviations_;
  WordSet not_speaker_;
  WordSet after_speaker_ok_;
  WordSet not_speaker_end_;
  std::vector<std::string> content_end_;
  int max_groups_ = 1;
};

void RulesAttributor::mask_paragraph(std::string_view text, size_t begin, size_t end,
                                     const std::vector<QuoteSpan>& quotes, size_t& qi, Masked& m) const {
  m.clear();
  size_t i = begin;
  while (i < end) {
    while (qi < quotes.size() && quotes[qi].span.start < i) ++qi;
    if (qi < quotes.size() && quotes[qi].span.start == i) {
      const QuoteSpan& q = quotes[qi];
      m.push(kQuoteByte, q.span.start, q.span.end, static_cast<int>(qi));
      // The quote's final punctuation, as the sentence around it sees it.
      size_t k = q.inner.end;
      while (k > q.inner.start && is_space(static_cast<unsigned char>(text[k - 1]))) --k;
      if (k > q.inner.start) {
        const char p = text[k - 1];
        if (p == ',' || p == '.' || p == '?' || p == '!' || p == ':' || p == ';')
          m.push(p, q.span.end, q.span.end);
      }
      i = std::min<size_t>(q.span.end, end);
      ++qi;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t ulen = 0;
    if (is_space(c) || (c >= 0xC2 && (ulen = unicode_space_len(text, i)) > 0)) {
      size_t j = i;
      for (;;) {
        if (j < end && is_space(static_cast<unsigned char>(text[j]))) ++j;
        else if (j < end && (ulen = unicode_space_len(text, j)) > 0) j += ulen;
        else break;
      }
      if (!m.text.empty() && m.text.back() != ' ') m.push(' ', i, j);
      i = j;
      continue;
    }
    if (is_alpha(c) && (m.text.empty() || !is_alpha(static_cast<unsigned char>(m.text.back())))) {
      // A word start: look the word up among the speech verbs.
      thread_local std::string word;
      word.clear();
      size_t j = i;
      while (j < end && is_alpha(static_cast<unsigned char>(text[j])) && word.size() < 32)
        word.push_back(static_cast<char>(text[j++] | 0x20));
      if (j >= end || !(is_alpha(static_cast<unsigned char>(text[j])) || static_cast<unsigned char>(text[j]) >= 0x80)) {
        auto it = cue_words_.find(std::string_view(word));
        if (it != cue_words_.end()) {
          if (it->second & kHasFinite) m.push(kFiniteCueByte, static_cast<uint32_t>(i), static_cast<uint32_t>(i));
          else if (it->second & kHasParticiple)
            m.push(kParticipleCueByte, static_cast<uint32_t>(i), static_cast<uint32_t>(i));
        }
      }
    }
    m.push(c < 0x20 ? ' ' : static_cast<char>(c), i, i + 1);
    ++i;
  }
  while (!m.text.empty() && m.text.back() == ' ') {
    m.text.pop_back();
    m.start.pop_back();
    m.end.pop_back();
    m.quote.pop_back();
  }
}

uint8_t RulesAttributor::features(std::string_view s) const {
  thread_local std::string word;
  uint8_t f = 0;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == kQuoteByte) f |= kHasQuote;
    if (s[i] == kFiniteCueByte) f |= kHasFinite;
    if (s[i] == kParticipleCueByte) f |= kHasParticiple;
    if (!is_alpha(s[i])) {
      ++i;
      continue;
    }
    word.clear();
    while (i < s.size() && is_alpha(s[i])) word.push_back(static_cast<char>(s[i++] | 0x20));
    if (word == "according") f |= kHasAccording;
  }
  return f;
}

// True when a speech verb comes within the next four words after `pos`, before any punctuation
// ("Why?" Smith asked.).
bool RulesAttributor::cue_follows(std::string_view s, size_t pos) const {
  thread_local std::string word;
  int words = 0;
  size_t i = pos;
  while (i < s.size() && words < 4) {
    const char c = s[i];
    if (c == ' ') {
      ++i;
      continue;
    }
    if (c == kFiniteCueByte || c == kParticipleCueByte) return true;
    if (!is_alpha(c) && static_cast<unsigned char>(c) < 0x80 && c != '-' && c != '\'') return false;
    word.clear();
    while (i < s.size() && s[i] != ' ' && s[i] != ',' && s[i] != '.') word.push_back(static_cast<char>(s[i++] | 0x20));
    if (cue_words_.find(std::string_view(word)) != cue_words_.end()) return true;
    ++words;
  }
  return false;
}

void RulesAttributor::split_sentences(const Masked& m, std::vector<std::pair<int, int>>& out) const {
  out.clear();
  const std::string& s = m.text;
  const int n = static_cast<int>(s.size());
  int start = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[i];
    if (c != '.' && c != '?' && c != '!') continue;
    int j = i + 1;
    while (j < n && (s[j] == ')' || s[j] == '.' || s[j] == '?' || s[j] == '!')) ++j;
    if (j >= n || s[j] != ' ' || j + 1 >= n) continue;
    const unsigned char next = static_cast<unsigned char>(s[j + 1]);
    if (!(is_upper(next) || next == kQuoteByte || (next >= '0' && next <= '9') || next >= 0xC3 || next == '(' ||
          next == '"' || next == '\''))
      continue;
    const bool after_quote = i > 0 && s[i - 1] == kQuoteByte;
    if (after_quote) {
      if (cue_follows(s, j + 1)) continue;
    } else if (c == '.') {
      // The word before the period: an initial or a known abbreviation does not end a sentence.
      int w = i;
      while (w > start && s[w - 1] != ' ' && s[w - 1] != '(' && s[w - 1] != kQuoteByte) --w;
      std::string_view word(s.data() + w, i - w);
      if (word.size() == 1 && is_upper(word[0])) continue;
      std::string key;
      for (char ch : word)
        if (ch != '.') key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
      if (!key.empty() && abbreviations_.count(key)) continue;
      // U.S. / a.m.: a period inside the word.
      if (word.find('.') != std::string_view::npos && word.size() <= 5 && !(is_upper(next) && s[j + 1] != 'I'))
        continue;
    }
    out.emplace_back(start, j);
    start = j + 1;
    i = j;
  }
  if (start < n) out.emplace_back(start, n);
}

void RulesAttributor::match_sentence(const Masked& m, int a, int b, uint8_t have, std::vector<Candidate>& cands) const {
  thread_local std::vector<int> hits;
  thread_local std::vector<re2::StringPiece> groups;
  const re2::StringPiece sentence(m.text.data() + a, b - a);
  hits.clear();
  for (size_t r = 0; r < rules_.size(); ++r)
    if ((rules_[r].needs & have) == rules_[r].needs) hits.push_back(static_cast<int>(r));
  groups.resize(max_groups_);
  for (int r : hits) {
    const CompiledRule& rule = rules_[r];
    const int ngroups = rule.re->NumberOfCapturingGroups() + 1;
    size_t pos = 0;
    while (pos <= sentence.size() &&
           rule.re->Match(sentence, pos, sentence.size(), RE2::UNANCHORED, groups.data(), ngroups)) {
      Candidate c;
      c.rule = r;
      auto set_span = [&](int g, int& s, int& e) {
        if (g < 0 || groups[g].data() == nullptr) return;
        s = a + static_cast<int>(groups[g].data() - sentence.data());
        e = s + static_cast<int>(groups[g].size());
      };
      set_span(rule.content, c.content_start, c.content_end);
      set_span(rule.speaker, c.speaker_start, c.speaker_end);
      set_span(rule.cue, c.cue_start, c.cue_end);
      // Leading words that never start a mention ("When asked, ...") are dropped.
      while (c.speaker_start >= 0) {
        int w = c.speaker_start;
        while (w < c.speaker_end && m.text[w] != ' ') ++w;
        if (!not_speaker_.count(std::string_view(m.text.data() + c.speaker_start, w - c.speaker_start))) break;
        if (w >= c.speaker_end) c.speaker_start = c.speaker_end = -1;
        else c.speaker_start = w + 1;
      }
      // A name that closes the sentence leaves its period ("said Smith.").
      if (c.speaker_start >= 0 && c.speaker_end == b && m.text[b - 1] == '.') {
        int w = c.speaker_end - 1;
        while (w > c.speaker_start && m.text[w - 1] != ' ') --w;
        const std::string_view last(m.text.data() + w, c.speaker_end - 1 - w);
        std::string key;
        for (char ch : last) key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
        if (last.find('.') == std::string_view::npos && !abbreviations_.count(key)) --c.speaker_end;
      }
      bool bad_speaker = rule.speaker >= 0 && groups[rule.speaker].data() != nullptr && c.speaker_start < 0;
      // A mention starts at a word boundary.
      if (c.speaker_start > a && (is_alpha(m.text[c.speaker_start - 1]) ||
                                  static_cast<unsigned char>(m.text[c.speaker_start - 1]) >= 0x80))
        bad_speaker = true;
      // Nor ends with a function word ("the company denied the").
      if (c.speaker_start >= 0) {
        int w = c.speaker_end;
        while (w > c.speaker_start && m.text[w - 1] != ' ') --w;
        std::string_view last(m.text.data() + w, c.speaker_end - w);
        if (!last.empty() && (last[0] == kFiniteCueByte || last[0] == kParticipleCueByte)) last.remove_prefix(1);
        if (not_speaker_end_.count(last)) bad_speaker = true;
      }
      if (bad_speaker) {
        pos = std::max(pos + 1, static_cast<size_t>(c.cue_end >= 0 ? c.cue_end - a : 0));
        continue;
      }
      // A speaker after a lower-case word that cannot precede a subject is an object or a noun
      // phrase inside a clause: no attribution.
      if (c.speaker_start > a + 1 && m.text[c.speaker_start - 1] == ' ' && !after_speaker_ok_.empty() &&
          !(c.cue_start >= 0 && c.cue_start < c.speaker_start)) {
        int w = c.speaker_start - 1;
        while (w > a && m.text[w - 1] != ' ') --w;
        std::string_view before(m.text.data() + w, c.speaker_start - 1 - w);
        if (!before.empty() && (before[0] == kFiniteCueByte || before[0] == kParticipleCueByte)) before.remove_prefix(1);
        if (!before.empty() && before[0] >= 'a' && before[0] <= 'z' && is_alpha(before.back()) &&
            !after_speaker_ok_.count(before)) {
          pos = std::max(pos + 1, static_cast<size_t>(c.speaker_start - a + 1));
          continue;
        }
      }
      set_span(rule.cue, c.cue_start, c.cue_end);
      int mark = -1, unused = -1;
      set_span(rule.lead, mark, unused);
      if (mark >= 0) {
        c.content_start = a;
        c.content_end = mark;
      }
      mark = -1;
      set_span(rule.rest, mark, unused);
      if (mark >= 0) {
        c.content_start = mark;
        c.content_end = b;
        // The content stops before a new clause or aside.
        const std::string_view rest(m.text.data() + mark, b - mark);
        for (const auto& stop : content_end_) {
          const size_t at = rest.find(stop);
          if (at != std::string_view::npos && at > 0 && mark + static_cast<int>(at) < c.content_end)
            c.content_end = mark + static_cast<int>(at);
        }
      }
      cands.push_back(c);
      // Go on after the cue (a sentence may hold several attributions).
      size_t next = c.cue_end >= 0 ? static_cast<size_t>(c.cue_end - a) : 0;
      const size_t match_end = static_cast<size_t>(groups[0].data() - sentence.data() + groups[0].size());
      if (next <= pos) next = std::max(pos + 1, match_end);
      pos = next;
    }
  }
}

// Per-quote result of the attribution pass.
struct QuoteInfo {
  int paragraph = -1;
  int speaker_start = -1, speaker_end = -1;  // original offsets
  int cue_start = -1, cue_end = -1;
  bool used_in_reported = false;  // inside a mixed quote's content
  bool attributed = false;
  bool sentence_has_cue = false;  // the quote's sentence holds a speech verb of its own
  bool alone = false;             // the quote is its sentence (nothing but punctuation around)
};

int sentence_index(const std::vector<ByteSpan>& sentences, uint32_t pos) {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), pos,
                             [](uint32_t p, const ByteSpan& s) { return p < s.start; });
  if (it == sentences.begin()) return sentences.empty() ? -1 : 0;
  return static_cast<int>(it - sentences.begin()) - 1;
}

// Trims white space and edge punctuation from a masked range.
void trim_range(const std::string& s, int& a, int& b) {
  auto edge = [](char c) { return c == ' ' || c == ',' || c == ';' || c == ':' || c == '.' || c == '-'; };
  while (a < b && edge(s[a])) ++a;
  while (b > a && edge(s[b - 1])) --b;
  if (b - a > 5 && s.compare(a, 5, "that ") == 0) a += 5;
}

void RulesAttributor::attribute(std::string_view text, const std::vector<ByteSpan>& sentences,
                                const std::vector<QuoteSpan>& quotes, std::vector<Quote>& out) const {
  thread_local Masked m;
  thread_local std::vector<std::pair<int, int>> units;
  thread_local std::vector<Candidate> cands;
  thread_local std::vector<QuoteInfo> info;
  thread_local std::vector<Quote> reported;
  thread_local std::vector<int> used_cues;
  info.assign(quotes.size(), QuoteInfo{});
  reported.clear();

  size_t qi = 0;
  int paragraph = 0;
  const size_t n = text.size();
  // A speaker announced at a paragraph's end ("Smith said:") for the next paragraph's quote.
  int pending_speaker_start = -1, pending_speaker_end = -1, pending_cue_start = -1, pending_cue_end = -1;
  for (size_t p = 0; p < n; ++paragraph) {
    const void* nl = std::memchr(text.data() + p, '\n', n - p);
    const size_t pend = nl ? static_cast<const char*>(nl) - text.data() : n;
    const size_t first_quote = qi;
    mask_paragraph(text, p, pend, quotes, qi, m);
    for (size_t k = first_quote; k < qi; ++k) info[k].paragraph = paragraph;
    if (m.text.empty()) {
      p = pend + 1;
      continue;
    }
    // A paragraph that opens with a quote takes a speaker announced at the end of the last one.
    if (pending_speaker_start >= 0 && m.quote[0] >= 0) {
      QuoteInfo& qinfo = info[m.quote[0]];
      qinfo.speaker_start = pending_speaker_start;
      qinfo.speaker_end = pending_speaker_end;
      qinfo.cue_start = pending_cue_start;
      qinfo.cue_end = pending_cue_end;
      qinfo.attributed = true;
    }
    pending_speaker_start = -1;
    split_sentences(m, units);
    for (const auto& [a, b] : units) {
      bool has_quote = false;
      for (int k = a; k < b; ++k)
        if (m.quote[k] >= 0) has_quote = true;
      const uint8_t have = features(std::string_view(m.text.data() + a, b - a));
      const bool has_cue = (have & ~kHasQuote) != 0;
      if (has_quote) {
        for (int k = a; k < b; ++k) {
          if (m.quote[k] < 0) continue;
          QuoteInfo& qinfo = info[m.quote[k]];
          qinfo.sentence_has_cue = has_cue;
          int x = a, y = b;
          trim_range(m.text, x, y);
          qinfo.alone = x == k && (y == k + 1 || (y == k + 2 && m.quote[k + 1] < 0));
        }
      }
      if (!has_cue && !has_quote) continue;
      cands.clear();
      match_sentence(m, a, b, have, cands);
      if (cands.empty()) continue;
      // Rules in priority order; within a rule, left to right.
      std::stable_sort(cands.begin(), cands.end(), [](const Candidate& x, const Candidate& y) { return x.rule < y.rule; });
      used_cues.clear();
      thread_local std::vector<std::pair<int, int>> taken;  // masked content ranges already reported
      taken.clear();
      for (const Candidate& c : cands) {
        if (c.content_start < 0) {
          // A cue with no content: a speaker introducing the next paragraph's quote.
          if (c.speaker_start >= 0 && b == static_cast<int>(m.text.size())) {
            pending_speaker_start = m.start[c.speaker_start];
            pending_speaker_end = m.end[c.speaker_end - 1];
            pending_cue_start = m.start[c.cue_start];
            pending_cue_end = m.end[c.cue_end - 1];
          }
          continue;
        }
        int x = c.content_start, y = c.content_end;
        trim_range(m.text, x, y);
        if (y <= x) continue;
        int nquotes = 0, other = 0;
        for (int k = x; k < y; ++k) {
          if (m.quote[k] >= 0) ++nquotes;
          else if (!(k > x && m.quote[k - 1] >= 0 && m.start[k] == m.end[k]) && m.text[k] != ' ') ++other;
        }
        const bool direct = nquotes > 0 && other == 0;
        if (direct) {
          bool any = false;
          for (int k = x; k < y; ++k) {
            if (m.quote[k] < 0) continue;
            QuoteInfo& qinfo = info[m.quote[k]];
            if (qinfo.attributed || qinfo.used_in_reported) continue;
            qinfo.attributed = true;
            any = true;
            if (c.speaker_start >= 0) {
              qinfo.speaker_start = m.start[c.speaker_start];
              qinfo.speaker_end = m.end[c.speaker_end - 1];
            }
            qinfo.cue_start = m.start[c.cue_start];
            qinfo.cue_end = m.end[c.cue_end - 1];
          }
          if (any) used_cues.push_back(c.cue_start);
          continue;
        }
        if (std::find(used_cues.begin(), used_cues.end(), c.cue_start) != used_cues.end()) continue;
        if (nquotes == 0 && std::find(m.text.begin() + x, m.text.begin() + y, ' ') == m.text.begin() + y) continue;
        bool overlaps = false;
        for (const auto& [tx, ty] : taken)
          if (x < ty && tx < y) overlaps = true;
        if (overlaps) continue;
        bool quote_taken = false;
        for (int k = x; k < y; ++k)
          if (m.quote[k] >= 0 && (info[m.quote[k]].attributed || info[m.quote[k]].used_in_reported)) quote_taken = true;
        if (quote_taken) continue;
        for (int k = x; k < y; ++k)
          if (m.quote[k] >= 0) info[m.quote[k]].used_in_reported = true;
        taken.emplace_back(x, y);
        used_cues.push_back(c.cue_start);
        Quote r;
        r.type = nquotes > 0 ? QuoteType::Mixed : QuoteType::Indirect;
        r.span = {m.start[x], m.end[y - 1]};
        if (c.speaker_start >= 0) {
          Speaker sp;
          sp.span = {m.start[c.speaker_start], m.end[c.speaker_end - 1]};
          sp.name = std::string(text.substr(sp.span.start, sp.span.size()));
          r.speaker = std::move(sp);
        }
        r.cue = ByteSpan{m.start[c.cue_start], m.end[c.cue_end - 1]};
        r.sentence = sentence_index(sentences, r.span.start);
        reported.push_back(std::move(r));
      }
    }
    p = pend + 1;
  }

  // Quotes with no speaker of their own: the continued part of a paragraph-spanning quote, and a
  // bare quote sentence following or preceding an attributed quote of the same paragraph.
  for (size_t k = 0; k < quotes.size(); ++k) {
    QuoteInfo& q = info[k];
    if (q.speaker_start >= 0 || q.used_in_reported) continue;
    if (quotes[k].continues_previous_paragraph && k > 0 && info[k - 1].speaker_start >= 0) {
      q.speaker_start = info[k - 1].speaker_start;
      q.speaker_end = info[k - 1].speaker_end;
      q.cue_start = info[k - 1].cue_start;
      q.cue_end = info[k - 1].cue_end;
      continue;
    }
    if (q.sentence_has_cue && !q.alone) continue;
    if (!quotes[k].closed) continue;
    if (k > 0 && info[k - 1].paragraph == q.paragraph && info[k - 1].speaker_start >= 0) {
      q.speaker_start = info[k - 1].speaker_start;
      q.speaker_end = info[k - 1].speaker_end;
      q.cue_start = info[k - 1].cue_start;
      q.cue_end = info[k - 1].cue_end;
    } else if (k + 1 < quotes.size() && info[k + 1].paragraph == q.paragraph && info[k + 1].speaker_start >= 0) {
      q.speaker_start = info[k + 1].speaker_start;
      q.speaker_end = info[k + 1].speaker_end;
      q.cue_start = info[k + 1].cue_start;
      q.cue_end = info[k + 1].cue_end;
    }
  }

  // Merge direct quotes and reported speech in document order.
  const size_t first = out.size();
  for (size_t k = 0; k < quotes.size(); ++k) {
    const QuoteInfo& q = info[k];
    if (q.used_in_reported) continue;
    if (q.speaker_start < 0 && !q.attributed) {
      // An unattributed quote counts only when it reads as speech: a whole sentence of its own.
      if (!q.alone || !quotes[k].closed) continue;
    }
    Quote r;
    r.type = QuoteType::Direct;
    r.span = quotes[k].span;
    if (q.speaker_start >= 0) {
      Speaker sp;
      sp.span = {static_cast<uint32_t>(q.speaker_start), static_cast<uint32_t>(q.speaker_end)};
      sp.name = std::string(text.substr(sp.span.start, sp.span.size()));
      r.speaker = std::move(sp);
    }
    if (q.cue_start >= 0) r.cue = ByteSpan{static_cast<uint32_t>(q.cue_start), static_cast<uint32_t>(q.cue_end)};
    r.sentence = sentence_index(sentences, r.span.start);
    out.push_back(std::move(r));
  }
  for (auto& r : reported) out.push_back(std::move(r));
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                   [](const Quote& x, const Quote& y) { return x.span.start < y.span.start; });
}

}  // namespace

std::unique_ptr<Attributor> Attributor::create(const PipelineOptions& options, std::string& error) {
  RuleSet set;
  if (!options.replace_default_rules) {
    const std::string_view data = embedded::find("rules.txt");
    if (data.empty()) {
      error = "the embedded default rules (rules.txt) are missing";
      return nullptr;
    }
    if (!parse_rules(data, "rules.txt", set, error)) return nullptr;
  }
  for (const auto& path : options.rules_files) {
    std::string data;
    if (!read_file(path, data)) {
      error = fmt::format("{}: cannot read the rules file", path);
      return nullptr;
    }
    if (!parse_rules(data, path, set, error)) return nullptr;
  }
  auto a = std::make_unique<RulesAttributor>();
  if (!a->build(set, error)) return nullptr;
  return a;
}

}  // namespace quoth
