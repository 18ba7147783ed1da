// Entity linker: clusters the recognizer's mentions within one document and resolves each quote's
// speaker (name, surname, pronoun, title phrase) to a cluster. Linear in the number of mentions
// (clusters are found through hash indexes; speakers through binary searches).
#include "entity/entity_linker.h"
#include "entity/entity_recognizer.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <span>
#include <string>
#include <unordered_set>

#include "data/data_lines.h"
#include "data/embedded.h"
#include "entity/name_tokens.h"

namespace quoth {
namespace {

bool ascii_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Lower-cases ASCII letters and unifies the typographic apostrophe, into `out`.
void fold_into(std::string_view s, std::string& out) {
  out.resize(s.size());
  size_t o = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x99') {
      out[o++] = '\'';
      i += 2;
      continue;
    }
    out[o++] = lower(s[i]);
  }
  out.resize(o);
}

// Hash of the folded form of `s` (as fold_into would write it); never 0. ASCII capitals are
// lowered eight bytes at a time (the last, partial word read with loads inside `s`); a text
// holding ’ is folded first.
uint64_t fold_hash(std::string_view s) {
  using namespace name_tokens_detail;
  const char* p = s.data();
  const size_t n = s.size();
  auto lowered = [](uint64_t w) { return w | (bytes_in(w, 'A', 'Z') >> 2); };  // 0x80 >> 2 is 0x20
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (static_cast<uint64_t>(n) * 0xC2B2AE3D27D4EB4Full);
  auto step = [&h](uint64_t w) {
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  };
  uint64_t high = 0;  // the bytes' high bits: set when the text is not all ASCII
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const uint64_t w = load_le(p + i);
    high |= w;
    step(lowered(w));
  }
  if (i < n) {
    const size_t rest = n - i;  // 1 to 7 bytes
    uint64_t w;
    if (n >= 8) {
      w = load_le(p + n - 8) >> (8 * (8 - rest));
    } else if (n >= 4) {
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      w = lo | (static_cast<uint64_t>(hi) << (8 * (n - 4)));  // the bytes both loads hold are alike
    } else {
      w = static_cast<unsigned char>(p[0]);
      if (n > 1) w |= static_cast<uint64_t>(static_cast<unsigned char>(p[1])) << 8;
      if (n > 2) w |= static_cast<uint64_t>(static_cast<unsigned char>(p[2])) << 16;
    }
    high |= w;
    step(lowered(w));
  }
  if ((high & kHighBits) != 0 && s.find("\xE2\x80\x99") != std::string_view::npos) {
    thread_local std::string f;
    fold_into(s, f);
    return fold_hash(f);  // no ’ is left in it
  }
  return h | 1;
}

// fold_hash of a person's surname: "al-Sadr" is known as "Sadr" too.
uint64_t surname_hash(std::string_view word) { return fold_hash(word.substr(arabic_article_length(word))); }

std::string folded(std::string_view s) {
  std::string out;
  fold_into(s, out);
  return out;
}

// Splits on spaces; trailing possessive "'s" / "’s" removed from the last word.
void words_of(std::string_view s, std::vector<std::string_view>& out) {
  out.clear();
  // Separators (' ', '\n', '\t') eight bytes at a time, then byte by byte near the end; a word
  // runs from one separator to the next.
  using namespace name_tokens_detail;
  auto separators = [](uint64_t w) { return bytes_in(w, ' ', ' ') | bytes_in(w, '\t', '\n'); };
  const char* p = s.data();
  const size_t n = s.size();
  size_t word = 0;  // where the current word starts
  auto cut = [&](size_t at) {
    if (at > word) out.push_back(s.substr(word, at - word));
    word = at + 1;
  };
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (uint64_t m = separators(load_le(p + i)); m != 0; m &= m - 1) cut(i + (static_cast<size_t>(__builtin_ctzll(m)) >> 3));
  for (; i < n; ++i)
    if (p[i] == ' ' || p[i] == '\n' || p[i] == '\t') cut(i);
  cut(n);
}

// True when `s` folds to `word` (lower-case ASCII letters, no apostrophe): "The" to "the".
bool folds_to(std::string_view s, std::string_view word) {
  if (s.size() != word.size()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (lower(s[i]) != word[i]) return false;
  return true;
}

// The fold_hash of each title and role word of the embedded rule words: what may precede a name.
const std::unordered_set<uint64_t>& title_words() {
  static const std::unordered_set<uint64_t> words = [] {
    std::unordered_set<uint64_t> w;
    for_each_data_line(embedded::find("gazetteer/words.tsv"), [&](size_t, std::string_view line) {
      size_t tab = line.find('\t');
      if (tab == std::string_view::npos) return true;
      std::string_view cls = line.substr(tab + 1);
      if (cls != "title" && cls != "role") return true;
      std::vector<std::string_view> ws;
      words_of(line.substr(0, tab), ws);
      for (auto x : ws) w.insert(fold_hash(x));
      return true;
    });
    return w;
  }();
  return words;
}
bool is_title_word(std::string_view s) { return title_words().count(fold_hash(s)) != 0; }

bool is_pronoun(std::string_view s, bool& male, bool& female) {
  male = folds_to(s, "he") || folds_to(s, "him");
  female = folds_to(s, "she") || folds_to(s, "her");
  return male || female;
}

// True when a speaker's words `ws` describe one person without naming them: an indefinite
// article, then words ending in a noun for a person ("an Agriculture Department official", "a
// company spokesman", "one source"), or "the spokesman", "the official".
bool describes_person(const std::vector<std::string_view>& ws) {
  if (ws.size() < 2 || ws.size() > 6) return false;
  bool indefinite = false;
  for (const std::string_view a : {"a", "an", "one", "another"}) indefinite |= folds_to(ws[0], a);
  const std::string_view head = ws.back();
  if (head.empty() || !(head[0] >= 'a' && head[0] <= 'z')) return false;
  // After "the", only heads that seldom stand for someone named ("the spokesman", not "the
  // minister", who is named elsewhere).
  if (!indefinite) {
    if (!folds_to(ws[0], "the")) return false;
    for (const std::string_view h : {"spokesman", "spokeswoman", "spokesperson", "official", "source"})
      if (head == h) return true;
    return false;
  }
  static constexpr std::string_view kPersonHeads[] = {
      "official", "spokesman", "spokeswoman", "spokesperson", "source", "analyst", "trader", "dealer",
      "economist", "banker", "executive", "diplomat", "minister", "aide", "adviser", "advisor", "lawyer",
      "director", "manager", "chairman", "president", "expert", "officer", "representative", "delegate",
      "broker", "strategist", "negotiator", "observer", "insider", "worker", "resident", "witness", "man",
      "woman"};
  return std::find(std::begin(kPersonHeads), std::end(kPersonHeads), head) != std::end(kPersonHeads);
}

// True when a speaker's words `ws` refer back to a person named before by a description: "the",
// one to three words and a noun for a person that is no title ("the Arsenal boss", "the Liverpool
// player", "the Waterford man"), "the 30-year-old", or, when `nationality` (the words hold a
// nationality's mention), "the American".
bool refers_back_to_person(const std::vector<std::string_view>& ws, bool nationality) {
  if (ws.size() < 2 || ws.size() > 5 || !folds_to(ws[0], "the")) return false;
  const std::string_view head = ws.back();
  // One person of a nation ("the American", "the Irishman"), not a people ("the Japanese", "the
  // French", "the Soviets").
  if (nationality)
    return ws.size() == 2 && !head.ends_with("s") && !head.ends_with("ese") && !head.ends_with("ch") &&
           !head.ends_with("sh");
  if (head.ends_with("-year-old") && head.size() > 9 && head[0] >= '0' && head[0] <= '9') return true;
  // A bare role ("the keeper") may be someone else; one that says where ("the Arsenal boss") is
  // who the text is about.
  if (ws.size() < 3 || head.empty() || !(head[0] >= 'a' && head[0] <= 'z') || is_title_word(head)) return false;
  static constexpr std::string_view kHeads[] = {
      "boss", "player", "striker", "defender", "midfielder", "winger", "goalkeeper", "keeper", "forward",
      "captain", "star", "champion", "singer", "actor", "actress", "man", "woman", "veteran", "youngster",
      "teenager", "rookie", "newcomer"};
  return std::find(std::begin(kHeads), std::end(kHeads), head) != std::end(kHeads);
}

// True for a mention that stands for an organisation named before: "it", "the company", "the
// firm", "the group", "the bank", "the corporation".
bool refers_to_organisation(const std::vector<std::string_view>& ws) {
  if (ws.size() == 1) return folds_to(ws[0], "it");
  if (ws.size() != 2 || !folds_to(ws[0], "the")) return false;
  for (const std::string_view head : {"company", "firm", "group", "bank", "corporation"})
    if (folds_to(ws[1], head)) return true;
  return false;
}

// The head noun of a definite description of an organisation written in lower case: "the
// department", "the central bank", "the rating agency" (the article, up to two words, the head);
// empty when `ws` is none. Its organisation is the one named last whose name holds the head.
std::string_view described_head(const std::vector<std::string_view>& ws) {
  if (ws.size() < 2 || ws.size() > 4 || !folds_to(ws[0], "the")) return {};
  for (size_t k = 1; k < ws.size(); ++k)
    if (ws[k].empty() || !(ws[k][0] >= 'a' && ws[k][0] <= 'z')) return {};
  return ws.back();
}

// Whether the word `head` (lower case) is a word of `name`, compared case-folded ("department" in
// "U.S. Agriculture Department").
bool names_head(std::string_view name, std::string_view head) {
  size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && !ascii_alpha(name[i])) ++i;
    size_t j = i;
    while (j < name.size() && ascii_alpha(name[j])) ++j;
    if (j > i && folds_to(name.substr(i, j - i), head)) return true;
    i = j;
  }
  return false;
}

struct Cluster {
  EntityType type;
  std::string_view name;  // a view into the text or a gazetteer's canonical name
  uint64_t key = 0;  // fold_hash of the name
  size_t name_words = 0;
  bool canonical = false;  // name from a gazetteer or an acronym definition
  uint64_t last_word = 0;   // fold_hash of the last word (a person's surname)
  uint64_t first_word = 0;  // fold_hash of the first word
  std::string initials;    // multi-word non-persons: upper-case initials of the capitalised words
};

std::string initials_of(const std::vector<std::string_view>& ws) {
  std::string out;
  for (auto w : ws)
    if (!w.empty() && w[0] >= 'A' && w[0] <= 'Z') out.push_back(w[0]);
  return out;
}

// The mention text without a trailing possessive.
std::string_view mention_text(std::string_view text, ByteSpan s) {
  std::string_view t = text.substr(s.start, s.size());
  if (t.size() > 2 && (t.substr(t.size() - 2) == "'s")) t.remove_suffix(2);
  else if (t.size() > 4 && t.substr(t.size() - 4) == "\xE2\x80\x99s") t.remove_suffix(4);
  return t;
}

// Index of the first mention of `sorted` (sorted by start, not overlapping) that overlaps `s`,
// or -1. Binary search.
int overlapping(std::span<const EntityMention> sorted, ByteSpan s) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), s.start,
                             [](const EntityMention& m, uint32_t pos) { return m.span.end <= pos; });
  if (it != sorted.end() && it->span.start < s.end && s.start < it->span.end)
    return static_cast<int>(it - sorted.begin());
  return -1;
}

// Slot of a 64-bit key in an open-addressing table of `mask` + 1 slots (a power of two).
inline size_t slot_of(uint64_t key, size_t mask) { return (key * 0x9e3779b97f4a7c15ull) >> 32 & mask; }

// Size of an open-addressing table for up to `entries` keys: a power of two, at most half full.
inline size_t table_size(size_t entries) {
  size_t cap = 16;
  while (cap < 2 * entries) cap *= 2;
  return cap;
}

// Tables start at most this large and grow as keys arrive: a document's distinct names are far
// fewer than its mentions, so a table sized for the mentions of a huge document would waste memory.
constexpr size_t kInitialEntries = 1 << 12;

// Map from a 64-bit key to a cluster index, keeping the first cluster given for a key. Holds the
// clusters of one document; reset() empties it, sized for up to a number of keys, and it grows
// past that (at most half full).
class ClusterIndex {
 public:
  void reset(size_t entries) {
    slots_.assign(table_size(std::min(entries, kInitialEntries)), Slot{});
    mask_ = slots_.size() - 1;
    count_ = 0;
  }
  // Maps `key` to `cluster` unless the key has a cluster already.
  void emplace(uint64_t key, int cluster) {
    Slot* s = &slots_[index_of(key)];
    if (s->cluster >= 0) return;
    if (2 * (count_ + 1) > slots_.size()) {
      grow();
      s = &slots_[index_of(key)];
    }
    *s = {key, cluster};
    ++count_;
  }
  // The cluster of `key`, or -1.
  int find(uint64_t key) const { return slots_[index_of(key)].cluster; }

 private:
  struct Slot {
    uint64_t key = 0;
    int cluster = -1;  // -1: empty
  };
  // The slot holding `key`, else the empty slot where it would go.
  size_t index_of(uint64_t key) const {
    size_t i = slot_of(key, mask_);
    while (slots_[i].cluster >= 0 && slots_[i].key != key) i = (i + 1) & mask_;
    return i;
  }
  // Doubles the table, keeping every key's cluster.
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(2 * old.size(), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& o : old)
      if (o.cluster >= 0) slots_[index_of(o.key)] = o;
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t count_ = 0;
};

// Map from a 64-bit key to every cluster given for it, visited newest first. Holds the clusters
// of one document; reset() empties it, sized for up to a number of keys, and it grows past that.
class ClusterMultiIndex {
 public:
  void reset(size_t entries) {
    heads_.assign(table_size(std::min(entries, kInitialEntries)), Head{});
    mask_ = heads_.size() - 1;
    nodes_.clear();
    keys_ = 0;
  }
  void add(uint64_t key, int cluster) {
    Head* hp = &heads_[index_of(key)];
    if (hp->first < 0) {
      if (2 * (keys_ + 1) > heads_.size()) {
        grow();
        hp = &heads_[index_of(key)];
      }
      ++keys_;
    }
    Head& h = *hp;
    h.key = key;
    nodes_.push_back({cluster, h.first});
    h.first = static_cast<int>(nodes_.size() - 1);
  }
  // Calls visit(cluster) for each cluster of `key`, the last added first.
  template <class Visit>
  void for_each(uint64_t key, const Visit& visit) const {
    for (int n = heads_[index_of(key)].first; n >= 0; n = nodes_[static_cast<size_t>(n)].next)
      visit(nodes_[static_cast<size_t>(n)].cluster);
  }

 private:
  struct Head {
    uint64_t key = 0;
    int first = -1;  // newest node of the key; -1: empty slot
  };
  struct Node {
    int cluster;
    int next;  // older node of the same key, or -1
  };
  // The slot holding `key`, else the empty slot where it would go.
  size_t index_of(uint64_t key) const {
    size_t i = slot_of(key, mask_);
    while (heads_[i].first >= 0 && heads_[i].key != key) i = (i + 1) & mask_;
    return i;
  }
  // Doubles the table of heads; each key keeps its chain of nodes.
  void grow() {
    std::vector<Head> old = std::move(heads_);
    heads_.assign(2 * old.size(), Head{});
    mask_ = heads_.size() - 1;
    for (const Head& o : old)
      if (o.first >= 0) heads_[index_of(o.key)] = o;
  }
  std::vector<Head> heads_;
  size_t mask_ = 0;
  std::vector<Node> nodes_;
  size_t keys_ = 0;  // keys with a head
};

uint64_t typed(uint64_t h, EntityType t) { return h ^ (0x9e3779b97f4a7c15ull * (static_cast<uint64_t>(t) + 1)); }

// True when `s` holds a word starting with an ASCII letter.
bool has_word(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = static_cast<char>(s[i] | 0x20);
    if (c >= 'a' && c <= 'z' && (i == 0 || s[i - 1] == ' ')) return true;
  }
  return false;
}

}  // namespace

namespace {
// The fold_hash of every word of mentions[from, end) added to `words`.
void add_mention_words(std::string_view text, std::span<const EntityMention> mentions, std::unordered_set<uint64_t>& words) {
  for (const EntityMention& m : mentions) {
    std::string_view mt = text.substr(m.span.start, m.span.size());
    while (!mt.empty()) {
      const size_t space = mt.find_first_of(" \t\n");
      words.insert(fold_hash(mt.substr(0, space)));
      if (space == std::string_view::npos) break;
      mt.remove_prefix(space + 1);
    }
  }
}

// Calls f(i) for each mention i of `sorted` (in text order) that overlaps s, in order.
template <class F>
void for_each_overlapping(std::span<const EntityMention> sorted, ByteSpan s, F&& f) {
  for (int i = overlapping(sorted, s); i >= 0 && static_cast<size_t>(i) < sorted.size(); ++i) {
    const ByteSpan m = sorted[static_cast<size_t>(i)].span;
    if (!(m.start < s.end && s.start < m.end)) break;
    f(static_cast<size_t>(i));
  }
}

// Whether s opens with a capital (ASCII or a letter of two or more bytes): a word of a name.
bool capitalised(std::string_view s) {
  if (s.empty()) return false;
  const auto c = static_cast<unsigned char>(s[0]);
  return (c >= 'A' && c <= 'Z') || c >= 0xC0;
}

// Whether the mention m inside speaker span s reads as a person's name: two words or more, or
// one after a title word ("Lord Walker").
bool named_person(std::string_view text, ByteSpan s, ByteSpan m) {
  if (text.substr(m.start, m.size()).find(' ') != std::string_view::npos) return true;
  if (m.start < s.start + 2 || text[m.start - 1] != ' ') return false;
  const size_t space = text.rfind(' ', m.start - 2);
  const size_t b = space == std::string_view::npos || space < s.start ? s.start : space + 1;
  return is_title_word(text.substr(b, m.start - 1 - b));
}

// The mention `m` of a speaker span `s`, widened over the names joined to it by "and" inside the
// span ("Standard Oil Co and BP North America Inc", "Schlang and Morbelli", "Brazil, India and
// China"), or over capitalised words so joined that complete its name ("Organisation for Economic
// Cooperation and Development", "Energy and Environment Policy Center"); `m` itself when no "and"
// joins it to a name. A joined name is the mention another touches or holds, else a run of
// capitalised words linked by "of", "for" or "&".
ByteSpan joined_names(std::string_view text, ByteSpan s, std::span<const EntityMention> mentions, ByteSpan m) {
  const std::string_view span = text.substr(0, s.end);
  auto mention_at = [&](uint32_t pos) -> const EntityMention* {
    const int i = overlapping(mentions, ByteSpan{pos, pos + 1});
    return i >= 0 ? &mentions[static_cast<size_t>(i)] : nullptr;
  };
  // The name ending at `end` (a word ends there), back to its first word; `end` when no
  // capitalised word ends there, and when the words are a title's, which join no name ("Minister
  // of Mines and Energy Subroto" names one person).
  auto name_before = [&](uint32_t end) {
    auto word_before = [&](uint32_t e) {
      const size_t space = span.rfind(' ', e - 1);
      const uint32_t b = space == std::string_view::npos || space < s.start ? s.start : static_cast<uint32_t>(space + 1);
      return span.substr(b, e - b);
    };
    if (end == s.start || is_title_word(word_before(end))) return end;
    if (const EntityMention* hm = mention_at(end - 1); hm && hm->span.start >= s.start) return hm->span.start;
    uint32_t start = end;
    for (uint32_t e = end; e > s.start;) {
      const std::string_view word = word_before(e);
      const auto b = static_cast<uint32_t>(word.data() - text.data());
      if (is_title_word(word)) return end;
      if (capitalised(word) && !folds_to(word, "both") && !folds_to(word, "the")) start = b;
      else if (!(start < end && b > s.start && (word == "of" || word == "for" || word == "&"))) break;
      if (b == s.start) break;
      e = b - 1;
    }
    return start;
  };
  // The name starting at `start`, to its last word; `start` when no capitalised word starts there.
  auto name_after = [&](uint32_t start) {
    if (const EntityMention* hm = mention_at(start); hm && hm->span.start == start) return std::min(hm->span.end, s.end);
    uint32_t end = start;
    for (uint32_t b = start; b < s.end;) {
      const size_t space = span.find(' ', b);
      const uint32_t e = space == std::string_view::npos ? s.end : static_cast<uint32_t>(space);
      const std::string_view word = span.substr(b, e - b);
      if (capitalised(word)) end = e;
      else if (!(end > start && (word == "of" || word == "for" || word == "&"))) break;
      b = e + 1;
    }
    return end;
  };
  ByteSpan joined = m;
  // Back: "X and " right before the mention, then "W, " before X, and so on.
  std::string_view joiner = " and ";
  while (joined.start >= s.start + joiner.size() + 1 && span.substr(0, joined.start).ends_with(joiner)) {
    const uint32_t b = name_before(joined.start - static_cast<uint32_t>(joiner.size()));
    if (b + joiner.size() >= joined.start) break;
    joined.start = b;
    joiner = ", ";
  }
  // On: " and Y" right after it.
  if (joined.end + 5 < s.end && span.substr(joined.end).starts_with(" and ")) {
    const uint32_t e = name_after(joined.end + 5);
    if (e > joined.end + 5) joined.end = e;
  }
  return joined;
}

}  // namespace

void link_entities(std::string_view text, const std::vector<ByteSpan>& sentences,
                   std::vector<EntityMention>& mentions, std::vector<Quote>& quotes,
                   std::vector<Entity>& entities, const EntityRecognizer* words) {
  entities.clear();
  thread_local std::vector<std::string_view> ws;
  const size_t recognized = mentions.size();  // the recognizer's mentions; speakers are added after

  // 1. Speakers that are names but no mention yet become person (or organisation) mentions.
  thread_local std::unordered_set<uint64_t> mention_words;  // fold_hash of words of mentions[0, words_seen)
  mention_words.clear();
  size_t words_seen = 0;
  for (auto& q : quotes) {
    if (!q.speaker) continue;
    ByteSpan s = q.speaker->span;
    if (s.empty() || s.end > text.size()) continue;
    if (overlapping(std::span<const EntityMention>(mentions.data(), recognized), s) >= 0) continue;
    bool covered = false;  // by a speaker mention added above
    for (size_t i = recognized; i < mentions.size(); ++i)
      if (mentions[i].span.start < s.end && s.start < mentions[i].span.end) covered = true;
    if (covered) continue;
    std::string_view st = text.substr(s.start, s.size());
    words_of(st, ws);
    // Skip leading title words and determiners; the rest must be capitalised words.
    size_t k = 0;
    while (k < ws.size() && (is_title_word(ws[k]) || folds_to(ws[k], "the"))) ++k;
    if (k >= ws.size()) continue;
    const bool name = std::all_of(ws.begin() + static_cast<ptrdiff_t>(k), ws.end(), capitalised);
    bool m_, f_;
    if (!name || (ws.size() == 1 && is_pronoun(ws[0], m_, f_))) continue;
    static const std::unordered_set<std::string> non_names = {"i", "we", "they", "it", "you", "this", "that",
                                                              "officials", "police", "sources"};
    if (ws.size() - k == 1) {
      const std::string w = folded(ws[k]);
      if (non_names.count(w)) continue;
      // A lone letter is no name ("Q: …" in an interview), nor a lone legal form ("Co says …").
      if (ws[k].size() == 1 || (words && words->legal_form(ws[k]))) continue;
      // Nor is a lone plural the recognizer did not take for a name ("Analysts said", "Prosecutors
      // allege"): a description of the speakers. A word of a name in the text stays ("Sanders
      // said" after "Bernie Sanders", "Peerless" after "Peerless Manufacturing Co"), and so does a
      // word after "the" ("the Gunners").
      // So is a lone common word ("Research shows", "Please clarify"), when the recognizer's
      // word lists are at hand.
      if (k == 0 && ((w.size() > 3 && w.back() == 's') || (words && words->common_word(ws[k])))) {
        // The words of the mentions so far, gathered once per text and kept up to date.
        add_mention_words(text, std::span<const EntityMention>(mentions).subspan(words_seen), mention_words);
        words_seen = mentions.size();
        if (!mention_words.count(fold_hash(ws[k]))) continue;
      }
    }
    EntityMention m;
    m.span = {static_cast<uint32_t>(ws[k].data() - text.data()), s.end};
    std::string_view mt = mention_text(text, m.span);
    m.span.end = m.span.start + static_cast<uint32_t>(mt.size());
    // A name right after "the" is a body, a team or a paper, not a person ("the Treasury said",
    // "the Gunners", "the Financial Times"); a title in between makes a person ("the Rev. X").
    m.type = k > 0 && folds_to(ws[k - 1], "the") ? EntityType::Org : EntityType::Person;
    mentions.push_back(m);
  }
  // The recognizer's mentions are in text order; only speakers added above may be out of it.
  auto by_start = [](const EntityMention& a, const EntityMention& b) { return a.span.start < b.span.start; };
  if (!std::is_sorted(mentions.begin(), mentions.end(), by_start)) std::sort(mentions.begin(), mentions.end(), by_start);

  // 1b. One name, one type. The recognizer calls PERSON a name no list or cue types, so a
  // multi-word name it typed otherwise elsewhere in the text ("Aguas Argentinas" ORG once, PERSON
  // later) takes that type everywhere it was such a guess (no gazetteer canonical name).
  thread_local std::vector<std::pair<uint64_t, uint32_t>> keyed;  // (folded name, mention)
  keyed.clear();
  for (size_t i = 0; i < mentions.size(); ++i) {
    const std::string_view t = mention_text(text, mentions[i].span);
    if (mentions[i].canonical.empty() && t.find_first_of(" \t\n") != std::string_view::npos)
      keyed.emplace_back(fold_hash(t), static_cast<uint32_t>(i));
  }
  std::sort(keyed.begin(), keyed.end());
  for (size_t a = 0; a < keyed.size();) {
    size_t b = a;
    std::array<int, 5> votes{};
    for (; b < keyed.size() && keyed[b].first == keyed[a].first; ++b) ++votes[static_cast<size_t>(mentions[keyed[b].second].type)];
    size_t best = 0;  // the most frequent type other than PERSON (index 0)
    for (size_t k = 1; k < votes.size(); ++k)
      if (votes[k] > 0 && (best == 0 || votes[k] > votes[best])) best = k;
    if (best != 0 && votes[0] > 0)
      for (size_t k = a; k < b; ++k)
        if (mentions[keyed[k].second].type == EntityType::Person) mentions[keyed[k].second].type = static_cast<EntityType>(best);
    a = b;
  }

  // 2. Clusters. Multi-word and non-person mentions first, then single-word person mentions
  // (surnames, first names) join the person whose name they are part of.
  thread_local std::vector<Cluster> clusters;
  thread_local std::vector<int> assign;
  clusters.clear();
  assign.assign(mentions.size(), -1);
  // The surname among a name's words: the last one but a suffix after it ("Evans" of "Charles
  // Evans Jr", "MacDonald" of "Ian MacDonald QC"), as far as the recognizer's word lists tell.
  auto surname_in = [&](const std::vector<std::string_view>& w) {
    size_t n = w.size();
    while (n > 1 && words && words->person_suffix(w[n - 1])) --n;
    return w[n - 1];
  };
  // A new cluster for mention i (text `t`); `key` is fold_hash of its name (the canonical name,
  // else t), and `words_known` says that ws holds the words of that name already.
  auto new_cluster = [&](size_t i, std::string_view t, uint64_t key, bool words_known) {
    const auto& m = mentions[i];
    Cluster c;
    c.type = m.type;
    c.canonical = !m.canonical.empty();
    c.name = c.canonical ? m.canonical : t;
    c.key = key;
    if (!words_known) words_of(c.name, ws);
    c.name_words = ws.size();
    if (!ws.empty()) {
      c.last_word = surname_hash(surname_in(ws));
      c.first_word = fold_hash(ws.front());
    }
    if (ws.size() >= 2) c.initials = initials_of(ws);
    clusters.push_back(std::move(c));
    return static_cast<int>(clusters.size() - 1);
  };
  auto grow_name = [&](Cluster& c, std::string_view t) {
    if (c.canonical) return;
    words_of(t, ws);
    if (ws.size() > c.name_words) {
      c.name = t;
      c.key = fold_hash(c.name);
      c.name_words = ws.size();
      c.last_word = surname_hash(surname_in(ws));
      c.first_word = fold_hash(ws.front());
      if (ws.size() >= 2) c.initials = initials_of(ws);
    }
  };
  // Lookups by folded name (typed), by initials of multi-word names, and by words of persons'
  // names, so that clustering stays linear in long documents. Each mention registers a cluster
  // at most once, so the indexes are sized for the number of mentions.
  // by_org_first: organisations of two words or more by their first word ("Dome" of "Dome
  // Petroleum Ltd"), the first one named.
  thread_local ClusterIndex by_key, by_initials, by_org_first;
  thread_local ClusterMultiIndex by_person_word;
  by_key.reset(mentions.size());
  by_initials.reset(mentions.size());
  by_org_first.reset(mentions.size());
  by_person_word.reset(3 * mentions.size());
  auto register_cluster = [&](int c) {
    const Cluster& cl = clusters[static_cast<size_t>(c)];
    by_key.emplace(typed(cl.key, cl.type), c);
    if (!cl.initials.empty()) by_initials.emplace(typed(fold_hash(cl.initials), cl.type), c);
    if (cl.type == EntityType::Org && cl.name_words >= 2) by_org_first.emplace(cl.first_word, c);
    if (cl.type == EntityType::Person) {
      by_person_word.add(cl.key, c);
      by_person_word.add(cl.last_word, c);
      if (cl.first_word != cl.last_word) by_person_word.add(cl.first_word, c);
    }
  };
  auto find_key = [&](const ClusterIndex& index, uint64_t h, EntityType type) -> int {
    int c = index.find(typed(h, type));
    if (c < 0 && type == EntityType::Loc) c = index.find(typed(h, EntityType::Gpe));  // a place listed as GPE, found by a LOC rule
    return c;
  };
  for (size_t i = 0; i < mentions.size(); ++i) {
    const auto& m = mentions[i];
    std::string_view t = mention_text(text, m.span);
    words_of(t, ws);
    // (A one-word name the gazetteer lists as itself, "Kennedy", says no more than the text.)
    const bool single_person = m.type == EntityType::Person && ws.size() == 1 &&
                               (m.canonical.empty() || fold_hash(m.canonical) == fold_hash(t));
    if (single_person) continue;
    thread_local std::string initials;
    const uint64_t key = fold_hash(m.canonical.empty() ? t : m.canonical);
    initials.clear();
    if (ws.size() >= 2) initials = initials_of(ws);
    int found = find_key(by_key, key, m.type);
    // An acronym of an earlier full name ("CSTO" after "Collective Security Treaty Organization").
    if (found < 0 && ws.size() == 1) {
      int c = find_key(by_initials, fold_hash(t), m.type);
      if (c >= 0 && clusters[static_cast<size_t>(c)].initials == t) found = c;
    }
    // The full name of an earlier acronym.
    if (found < 0 && initials.size() >= 2) {
      int c = find_key(by_key, fold_hash(initials), m.type);
      if (c >= 0 && clusters[static_cast<size_t>(c)].name_words == 1 && clusters[static_cast<size_t>(c)].name == initials)
        found = c;
    }
    // A full name after its surname alone was listed ("Putin", then "Vladimir Putin").
    if (found < 0 && m.type == EntityType::Person && ws.size() >= 2) {
      int c = find_key(by_key, surname_hash(surname_in(ws)), m.type);
      if (c >= 0 && clusters[static_cast<size_t>(c)].name_words == 1) found = c;
    }
    // The same first name and surname, with or without middle names or initials ("Martin
    // Sosnoff" and "Martin T. Sosnoff").
    if (found < 0 && m.type == EntityType::Person && ws.size() >= 2 && m.canonical.empty()) {
      const uint64_t first = fold_hash(ws.front()), last = surname_hash(surname_in(ws));
      by_person_word.for_each(last, [&](int c) {
        const Cluster& cl = clusters[static_cast<size_t>(c)];
        if (found < 0 && cl.type == EntityType::Person && cl.name_words >= 2 && cl.first_word == first &&
            cl.last_word == last && cl.name_words != ws.size())
          found = c;
      });
    }
    // A surname of several words after the full name ("Mr De Vido" after "Julio De Vido").
    if (found < 0 && m.type == EntityType::Person && ws.size() >= 2 && m.canonical.empty()) {
      const std::string tail = " " + folded(t);
      by_person_word.for_each(surname_hash(ws.back()), [&](int c) {
        const Cluster& cl = clusters[static_cast<size_t>(c)];
        if (found < 0 && cl.type == EntityType::Person && cl.name_words > ws.size() && folded(cl.name).ends_with(tail))
          found = c;
      });
    }
    // "the Bank" after "Bank of England", "the Commission" after "European Commission": one word
    // after "the" that is a word of an organisation named shortly before is that organisation.
    if (found < 0 && m.type == EntityType::Org && ws.size() == 1 && m.canonical.empty() && m.span.start >= 4 &&
        folds_to(text.substr(m.span.start - 4, 3), "the") && text[m.span.start - 1] == ' ') {
      constexpr size_t kReach = 100;  // mentions looked back at
      const std::string head = folded(t);
      for (size_t j = i; j > 0 && i - j < kReach && found < 0; --j) {
        const int c = assign[j - 1];
        if (c < 0) continue;
        const Cluster& cl = clusters[static_cast<size_t>(c)];
        if (cl.type == EntityType::Org && cl.name_words >= 2 && names_head(cl.name, head)) found = c;
      }
    }
    if (found < 0) {
      found = new_cluster(i, t, key, m.canonical.empty());
      register_cluster(found);
    } else {
      auto& cl = clusters[static_cast<size_t>(found)];
      const uint64_t old_key = cl.key;
      if (!m.canonical.empty() && !cl.canonical) {
        cl.name = m.canonical;
        cl.key = fold_hash(cl.name);
        cl.canonical = true;
        words_of(cl.name, ws);
        cl.name_words = ws.size();
        cl.last_word = ws.empty() ? 0 : surname_hash(surname_in(ws));
        cl.first_word = ws.empty() ? 0 : fold_hash(ws.front());
      } else if (ws.size() >= 2 && cl.name_words == 1 && cl.name.size() >= 2 && initials == cl.name) {
        cl.name = t;  // an acronym seen first: the full form names the entity
        cl.key = fold_hash(cl.name);
        cl.name_words = ws.size();
        cl.initials = initials_of(ws);
      } else {
        grow_name(cl, t);
      }
      if (cl.key != old_key) register_cluster(found);
    }
    assign[i] = found;
  }
  // Single-word person mentions, in text order: the person most recently mentioned whose name
  // has that word (surname preferred on a tie), else a new person.
  thread_local std::vector<uint32_t> last_seen;
  last_seen.assign(clusters.size(), 0);
  for (size_t i = 0; i < mentions.size(); ++i) {
    if (assign[i] >= 0) {
      last_seen[static_cast<size_t>(assign[i])] = mentions[i].span.start + 1;
      continue;
    }
    std::string_view t = mention_text(text, mentions[i].span);
    const uint64_t key = fold_hash(t);
    int found = -1;
    uint32_t best_pos = 0;
    by_person_word.for_each(key, [&](int c) {
      const auto& cl = clusters[static_cast<size_t>(c)];
      if (cl.last_word != key && cl.first_word != key && cl.key != key) return;  // renamed since
      const uint32_t pos = last_seen[static_cast<size_t>(c)];
      if (found < 0 || pos > best_pos || (pos == best_pos && cl.last_word == key)) {
        found = c;
        best_pos = pos;
      }
    });
    // No person has that word: the organisation it opens, if one was named ("Dome" after "Dome
    // Petroleum Ltd": a company the recognizer could only guess at).
    if (found < 0) {
      if (const int o = by_org_first.find(key); o >= 0 && mentions[i].canonical.empty()) {
        found = o;
        mentions[i].type = EntityType::Org;
      }
    }
    if (found < 0) {
      found = new_cluster(i, t, key, false);
      register_cluster(found);
      last_seen.push_back(0);
    }
    assign[i] = found;
    last_seen[static_cast<size_t>(found)] = mentions[i].span.start + 1;
  }

  // 3. Entities numbered in order of first mention.
  thread_local std::vector<int> remap;
  thread_local std::vector<uint32_t> cluster_mentions;
  remap.assign(clusters.size(), -1);
  cluster_mentions.assign(clusters.size(), 0);
  for (size_t i = 0; i < mentions.size(); ++i) ++cluster_mentions[static_cast<size_t>(assign[i])];
  for (size_t i = 0; i < mentions.size(); ++i) {
    int c = assign[i];
    if (remap[static_cast<size_t>(c)] < 0) {
      remap[static_cast<size_t>(c)] = static_cast<int>(entities.size());
      Entity& e = entities.emplace_back();
      e.id = static_cast<int>(entities.size() - 1);
      e.name = clusters[static_cast<size_t>(c)].name;
      e.type = clusters[static_cast<size_t>(c)].type;
      e.mentions.reserve(cluster_mentions[static_cast<size_t>(c)]);
    }
    entities[static_cast<size_t>(remap[static_cast<size_t>(c)])].mentions.push_back(mentions[i].span);
  }
  auto entity_of_mention = [&](size_t i) { return remap[static_cast<size_t>(assign[i])]; };

  // 4. Speakers.
  auto sentence_of = [&](uint32_t pos) -> int {
    auto it = std::upper_bound(sentences.begin(), sentences.end(), pos,
                               [](uint32_t p, const ByteSpan& sp) { return p < sp.start; });
    if (it == sentences.begin()) return -1;
    --it;
    return pos < it->end ? static_cast<int>(it - sentences.begin()) : -1;
  };
  // last_unquoted_person_upto[i]: entity of the last person mention among mentions[0..i) outside
  // direct quotations, or -1: a person the speaker talks about is not who "he" is ("“Gethin
  // Jenkins is starting …,” he added").
  thread_local std::vector<ByteSpan> direct_spans;
  direct_spans.clear();
  for (const auto& q : quotes)
    if (q.type == QuoteType::Direct) direct_spans.push_back(q.span);
  std::sort(direct_spans.begin(), direct_spans.end(), [](const ByteSpan& a, const ByteSpan& b) { return a.start < b.start; });
  auto quoted = [&](const ByteSpan& m) {
    auto it = std::upper_bound(direct_spans.begin(), direct_spans.end(), m.start,
                               [](uint32_t p, const ByteSpan& q) { return p < q.start; });
    return it != direct_spans.begin() && m.end <= std::prev(it)->end;
  };
  thread_local std::vector<int> last_unquoted_person_upto;
  last_unquoted_person_upto.assign(mentions.size() + 1, -1);
  for (size_t i = 0; i < mentions.size(); ++i)
    last_unquoted_person_upto[i + 1] = mentions[i].type == EntityType::Person && !quoted(mentions[i].span)
                                           ? entity_of_mention(i)
                                           : last_unquoted_person_upto[i];
  // last_org_upto[i]: mention index of the last organisation mention among mentions[0..i), or -1.
  thread_local std::vector<int> last_org_upto;
  last_org_upto.assign(mentions.size() + 1, -1);
  for (size_t i = 0; i < mentions.size(); ++i)
    last_org_upto[i + 1] = mentions[i].type == EntityType::Org ? static_cast<int>(i) : last_org_upto[i];
  auto first_at_or_after = [&](uint32_t pos) {
    return static_cast<size_t>(std::lower_bound(mentions.begin(), mentions.end(), pos,
                                                [](const EntityMention& m, uint32_t p) { return m.span.start < p; }) -
                               mentions.begin());
  };
  int last_person = -1;  // entity of the previous quote's person speaker
  uint32_t last_person_pos = 0;
  int last_org = -1;  // entity of the previous quote's organisation speaker
  uint32_t last_org_pos = 0;
  // The name of the previous quote's organisation speaker when that was names joined by "and"
  // (last_org is then -1), else empty.
  std::string last_org_joined;
  // Names speaker `sp` (at `pos`) after entity e, the person or organisation who spoke last now.
  auto name_speaker = [&](Speaker& sp, int e, uint32_t pos) {
    sp.entity = e;
    sp.name = entities[static_cast<size_t>(e)].name;
    if (entities[static_cast<size_t>(e)].type == EntityType::Person) {
      last_person = e;
      last_person_pos = pos;
    } else if (entities[static_cast<size_t>(e)].type == EntityType::Org) {
      last_org = e;
      last_org_pos = pos;
      last_org_joined.clear();
    }
  };
  // The previous quote's speaker when that was a person described, not named ("an Agriculture
  // Department official"), and where it stands; "he" after it is that person.
  thread_local std::vector<std::string_view> gender_words;  // words of a candidate's name
  std::string last_described;
  uint32_t last_described_pos = 0;
  const Speaker* previous = nullptr;
  bool previous_describes = false;  // the previous speaker's words describe a person
  // The person a pronoun or a description ("the 30-year-old") at `pos` stands for: the previous
  // quote's person speaker when in the three sentences before, else the person named last outside
  // quotations, looked for among the mentions shortly before; with `gendered`, one whose first
  // name is not of the other sex ("he" is no Anna). -1 when none.
  auto antecedent = [&](uint32_t pos, bool gendered, bool male) {
    auto agrees = [&](int e) {
      if (!gendered || !words) return true;
      words_of(entities[static_cast<size_t>(e)].name, gender_words);
      const char g = gender_words.size() >= 2 ? words->first_name_gender(gender_words[0]) : 0;
      return g == 0 || (g == 'm') == male;
    };
    const int qs = sentence_of(pos);
    if (last_person >= 0 && (qs < 0 || sentence_of(last_person_pos) >= qs - 3) && agrees(last_person))
      return last_person;
    const size_t at = first_at_or_after(pos);
    if (const int e = last_unquoted_person_upto[at]; e < 0 || agrees(e)) return e;
    // The person named last is of the other sex: the one before who is not, shortly before.
    constexpr size_t kReach = 200;
    for (size_t i = at; i > 0 && at - i < kReach; --i)
      if (mentions[i - 1].type == EntityType::Person && !quoted(mentions[i - 1].span) && agrees(entity_of_mention(i - 1)))
        return entity_of_mention(i - 1);
    return -1;
  };
  for (auto& q : quotes) {
    if (!q.speaker) continue;
    if (previous && previous->entity < 0 && previous_describes) {
      last_described = previous->name;
      last_described_pos = previous->span.start;
    }
    auto& sp = *q.speaker;
    previous = &sp;
    previous_describes = false;
    ByteSpan s = sp.span;
    if (s.end > text.size() || s.empty()) continue;
    std::string_view st = text.substr(s.start, s.size());
    sp.name = std::string(st);
    sp.entity = -1;
    words_of(st, ws);
    previous_describes = describes_person(ws);
    // A mention inside (or around) the speaker span: the last person there, else the last one.
    // A person named before "of" is the head of the span: what follows says where the person
    // works ("Analyst Rosemarie Morbelli of Ingalls and Snyder", "Lord Walker of Gestingthorpe").
    // A lone word not after a title may be no person ("Helen of Troy", "The Journey of ...").
    int hit = -1, hit_person = -1, head_person = -1;
    for_each_overlapping(mentions, s, [&](size_t i) {
      const EntityMention& m = mentions[i];
      hit = static_cast<int>(i);
      if (m.type != EntityType::Person) return;
      hit_person = hit;
      const std::string_view after = text.substr(m.span.end, s.end > m.span.end ? s.end - m.span.end : 0);
      if (head_person < 0 && (after.starts_with(" of ") || after.starts_with(", of ")) && named_person(text, s, m.span))
        head_person = hit;
    });
    if (head_person >= 0) hit_person = head_person;
    if (hit_person >= 0) hit = hit_person;
    // "the Arsenal boss", "the 30-year-old", "the American": a person named before, not the
    // club or the nationality inside the words.
    if (hit_person < 0 && refers_back_to_person(ws, hit >= 0 && mentions[static_cast<size_t>(hit)].type == EntityType::Norp)) {
      if (const int cand = antecedent(s.start, /*gendered=*/false, false); cand >= 0) {
        name_speaker(sp, cand, s.start);
        continue;
      }
    }
    // A place or nationality with more words after it inside the mention modifies it ("A
    // Pittsburgh robotics company", "Chinese officials", "Argentine Economy Minister"): it is not
    // the speaker. An organisation
    // or person in apposition right after the mention is ("…, Lumen Robotics Inc., said"); else
    // the mention stands as it is written.
    const EntityMention* place = nullptr;
    if (hit >= 0 && hit_person < 0) {
      const EntityMention& hm = mentions[static_cast<size_t>(hit)];
      if (hm.type == EntityType::Gpe || hm.type == EntityType::Loc || hm.type == EntityType::Norp) place = &hm;
    }
    if (place) {
      // So is one after "in", "at" or "from" inside it ("A ministry official in Tokyo").
      const std::string_view before = text.substr(s.start, place->span.start > s.start ? place->span.start - s.start : 0);
      const bool located = before.ends_with(" in ") || before.ends_with(" at ") || before.ends_with(" from ");
      if (located || (place->span.end < s.end && has_word(text.substr(place->span.end, s.end - place->span.end)))) {
        hit = -1;
        size_t p = s.end;
        while (p < text.size() && text[p] == ' ') ++p;
        if (!located && p < text.size() && text[p] == ',') {  // after "in Naples", ", Fla." is the state
          ++p;
          while (p < text.size() && text[p] == ' ') ++p;
          const size_t i = first_at_or_after(static_cast<uint32_t>(p));
          if (i < mentions.size() && mentions[i].span.start == p &&
              (mentions[i].type == EntityType::Org || mentions[i].type == EntityType::Person))
            hit = static_cast<int>(i);
        }
        if (hit < 0) continue;  // sp.name is the mention's text, sp.entity -1
      }
    }
    if (hit >= 0) {
      // Names joined by "and" are several speakers, or one name the recognizer cut in two: the
      // speaker is then the names as written, no one entity.
      const ByteSpan hm = mentions[static_cast<size_t>(hit)].span;
      if (const ByteSpan joined = joined_names(text, s, mentions, hm); joined.start != hm.start || joined.end != hm.end) {
        sp.name = std::string(text.substr(joined.start, joined.size()));
        // An organisation among the names makes them the organisation that spoke last ("It said").
        bool org = false;
        for_each_overlapping(mentions, joined, [&](size_t i) { org |= mentions[i].type == EntityType::Org; });
        if (org) {
          last_org = -1;
          last_org_pos = s.start;
          last_org_joined = sp.name;
        } else if (mentions[static_cast<size_t>(hit)].type == EntityType::Person) {
          last_person = -1;  // "he" is then the person named last
        }
        continue;
      }
      name_speaker(sp, entity_of_mention(static_cast<size_t>(hit)), s.start);
      continue;
    }
    bool male, female;
    // "Mr Sullivan, who ..." : the person named right before the comma.
    if (ws.size() == 1 && folds_to(ws[0], "who")) {
      const size_t at = first_at_or_after(s.start);
      if (at > 0) {
        const EntityMention& before = mentions[at - 1];
        const std::string_view gap = text.substr(before.span.end, s.start - std::min(s.start, before.span.end));
        const int e = entity_of_mention(at - 1);
        if (before.span.end <= s.start && gap.find_first_not_of(" ,") == std::string_view::npos &&
            gap.find(',') != std::string_view::npos && entities[static_cast<size_t>(e)].type == EntityType::Person)
          name_speaker(sp, e, s.start);
      }
      continue;
    }
    if (ws.size() == 1 && is_pronoun(ws[0], male, female)) {
      // A person described more recently than the last person speaker, in the three sentences
      // before ("…, a ministry official said. “…,” he added."), is who spoke.
      const int qs = sentence_of(s.start);
      const int cand = antecedent(s.start, /*gendered=*/true, male);
      const bool recent_person = cand >= 0 && cand == last_person;
      auto named_since = [&] {  // a person named outside quotations after the description
        for (size_t i = first_at_or_after(s.start); i > 0 && mentions[i - 1].span.start > last_described_pos; --i)
          if (mentions[i - 1].type == EntityType::Person && !quoted(mentions[i - 1].span)) return true;
        return false;
      };
      if (!last_described.empty() && qs >= 0 && sentence_of(last_described_pos) >= qs - 3 &&
          (!recent_person || last_described_pos > last_person_pos) && !named_since()) {
        sp.name = last_described;
        continue;
      }
      if (cand >= 0) name_speaker(sp, cand, s.start);
      continue;
    }
    // "It said", "the company said": the organisation that spoke last, when it did in the three
    // sentences before; else the organisation named last, in this sentence or the two before
    // (not a stock ticker in angle brackets, "<MTX>"; a name in them, "<Hawley Group Ltd>", counts).
    if (refers_to_organisation(ws)) {
      const int qs = sentence_of(s.start);
      const bool recent = qs >= 0 && sentence_of(last_org_pos) >= qs - 3;
      if (!last_org_joined.empty() && recent) {
        sp.name = last_org_joined;
        last_org_pos = s.start;  // it spoke again
        continue;
      }
      int cand = -1;
      if (last_org >= 0 && recent) cand = last_org;
      const int m = last_org_upto[first_at_or_after(s.start)];
      if (cand < 0 && m >= 0 && qs >= 0 && sentence_of(mentions[static_cast<size_t>(m)].span.start) >= qs - 2) {
        const ByteSpan ms = mentions[static_cast<size_t>(m)].span;
        const int e = entity_of_mention(static_cast<size_t>(m));
        const bool ticker = ms.start > 0 && text[ms.start - 1] == '<' &&
                            text.substr(ms.start, ms.size()).find(' ') == std::string_view::npos;
        if (!ticker && entities[static_cast<size_t>(e)].type == EntityType::Org) cand = e;
      }
      if (cand >= 0) name_speaker(sp, cand, s.start);
      continue;
    }
    // "The department said", "the central bank said": the organisation named last, in this
    // sentence or the five before, whose name holds the head noun ("U.S. Agriculture Department",
    // "Bank of Japan").
    if (const std::string_view head = described_head(ws); !head.empty() && !is_title_word(head)) {
      constexpr size_t kReach = 200;  // mentions looked back at
      const int qs = sentence_of(s.start);
      int cand = -1;
      const size_t at = first_at_or_after(s.start);
      for (size_t i = at; i > 0 && at - i < kReach && cand < 0; --i) {
        const EntityMention& m = mentions[i - 1];
        if (qs >= 0 && sentence_of(m.span.start) < qs - 5) break;
        if (m.type != EntityType::Org || m.span.end > s.start) continue;
        if (names_head(text.substr(m.span.start, m.span.size()), head)) cand = entity_of_mention(i - 1);
      }
      if (cand >= 0) {
        name_speaker(sp, cand, s.start);
        continue;
      }
    }
    // "The prime minister": the person introduced with that title.
    size_t k = 0;
    if (!ws.empty() && (folds_to(ws[0], "the") || folds_to(ws[0], "a"))) k = 1;
    if (k < ws.size() && is_title_word(ws.back())) {
      std::string title;
      for (size_t j = k; j < ws.size(); ++j) {
        if (!title.empty()) title.push_back(' ');
        title += folded(ws[j]);
      }
      // The nearest person before the speaker whose name follows the title, else the first after
      // (a bounded search either way).
      auto introduced = [&](size_t i) {
        if (mentions[i].type != EntityType::Person) return false;
        uint32_t b = mentions[i].span.start;
        if (b < title.size() + 1) return false;
        uint32_t from = b >= title.size() + 8 ? b - static_cast<uint32_t>(title.size()) - 8 : 0;
        std::string before = folded(text.substr(from, b - from));
        while (!before.empty() && (before.back() == ' ' || before.back() == ',')) before.pop_back();
        return before.size() >= title.size() &&
               before.compare(before.size() - title.size(), title.size(), title) == 0 &&
               (before.size() == title.size() || !ascii_alpha(before[before.size() - title.size() - 1]));
      };
      constexpr size_t kReach = 400;
      int cand = -1;
      const size_t at = first_at_or_after(s.start);
      for (size_t i = at; i > 0 && at - i < kReach && cand < 0; --i)
        if (introduced(i - 1)) cand = entity_of_mention(i - 1);
      for (size_t i = at; i < mentions.size() && i - at < kReach && cand < 0; ++i)
        if (introduced(i)) cand = entity_of_mention(i);
      if (cand >= 0) name_speaker(sp, cand, s.start);
    }
  }
}

}  // namespace quoth
