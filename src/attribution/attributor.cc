// RE2 attributor (see attributor.h). Each paragraph is copied once into a masked form (quotes
// replaced by one placeholder byte, white space runs folded to one space, every byte mapped back to
// the original offsets) and cut into sentences. A sentence is then tokenized, each token looked up
// once (hash) and written as ONE class letter (Q quotation, V speech verb, C capitalised word, ...),
// and the rules, RE2 patterns over that class string, run only on sentences that hold what they
// need: small programs over strings a sixth of the text's size. A rule in ShapeRegex's subset of
// RE2 syntax (all default rules) is searched by ShapeRegex, which gives RE2's results with less
// cost per search; RE2 searches the rest. RE2 compiles every rule of a user's rules file at start-up
// (validation); the default rules alone get their RE2 programs on first use (`rules show`).
#include "attribution/attributor.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <span>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "attribution/pattern_needs.h"
#include "attribution/rule_gates.h"
#include "attribution/rules_file.h"
#include "attribution/shape_regex.h"
#include "data/embedded.h"
#include "data/image.h"

namespace quoth {
namespace {

constexpr char kQuoteByte = '\x01';

// One token of a masked sentence: its masked byte range and its class letter.
struct Token {
  int start = 0, end = 0;
  char cls = 'l';
};

// A small open-addressing hash map from words to values, looked up by string_view without
// allocating; filled at start-up, read-only while matching. A word of up to 16 bytes is held in its
// slot as two 8-byte words (overlapping loads), so a lookup hashes and compares it in registers.
template <class V>
class WordMap {
 public:
  // The value of `key`, inserted default-constructed when absent.
  V& operator[](std::string_view key) {
    if ((size_ + 1) * 2 > slots_.size()) grow(slots_.empty() ? 64 : slots_.size() * 2);
    const Key k = make_key(key.data(), key.size(), false);
    size_t i = probe(k, key);
    if (!slots_[i].used) {
      slots_[i].used = true;
      slots_[i].a = k.a;
      slots_[i].b = k.b;
      slots_[i].n = k.n;
      slots_[i].value = V{};
      keys_[i].assign(key);
      const uint64_t h = hash(k, key) >> 48;
      present_[h >> 6] |= uint64_t{1} << (h & 63);
      ++size_;
    }
    return slots_[i].value;
  }
  void insert(std::string_view key) { (*this)[key]; }
  // Makes room for `n` keys in all, so that inserting them rehashes nothing.
  void reserve(size_t n) {
    size_t slots = slots_.empty() ? 64 : slots_.size();
    while (n * 2 > slots) slots *= 2;
    if (slots != slots_.size()) grow(slots);
  }
  [[gnu::always_inline]] const V* find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    return find_key(make_key(key.data(), key.size(), false), key);
  }
  // The value of `key` with its first byte's 0x20 bit set (an ASCII capital in lower case).
  [[gnu::always_inline]] const V* find_lower_first(std::string_view key) const {
    if (slots_.empty() || key.empty()) return nullptr;
    if (key.size() > 16) {
      thread_local std::string lower;
      lower.assign(key);
      lower[0] = static_cast<char>(lower[0] | 0x20);
      return find(lower);
    }
    return find_key(make_key(key.data(), key.size(), true), key);
  }
  size_t count(std::string_view key) const { return find(key) ? 1 : 0; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  template <class F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].used) f(std::string_view(keys_[i]), slots_[i].value);
  }

 private:
  // A word as two 8-byte words and its length: the whole word when it has up to 16 bytes.
  struct Key {
    uint64_t a = 0, b = 0;
    uint32_t n = 0;
  };
  struct Slot {
    uint64_t a = 0, b = 0;
    uint32_t n = 0;
    bool used = false;
    V value{};
  };
  // The value of a key, or null; the bit set of hashes present answers most absent words.
  [[gnu::always_inline]] const V* find_key(const Key& k, std::string_view key) const {
    const uint64_t h = hash(k, key);
    const uint64_t top = h >> 48;
    if (!((present_[top >> 6] >> (top & 63)) & 1)) return nullptr;
    const Slot& s = slots_[probe_hashed(k, key, h)];
    return s.used ? &s.value : nullptr;
  }
  static uint64_t load64(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  }
  static uint32_t load32(const char* p) {
    uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
  }
  // The key of p[0, n); with lower_first, as if p[0] had its 0x20 bit set.
  [[gnu::always_inline]] static Key make_key(const char* p, size_t n, bool lower_first) {
    Key k;
    k.n = static_cast<uint32_t>(n);
    const uint64_t low = lower_first ? 0x20 : 0;
    if (n >= 8) {
      k.a = load64(p) | low;
      k.b = load64(p + n - 8) | (n == 8 ? low : 0);
    } else if (n >= 4) {
      k.a = load32(p) | low;
      k.b = load32(p + n - 4) | (n == 4 ? low : 0);
    } else if (n > 0) {
      const uint64_t c0 = static_cast<unsigned char>(p[0]) | low;
      const uint64_t c1 = n > 1 ? static_cast<unsigned char>(p[n / 2]) : c0;
      const uint64_t c2 = n > 1 ? static_cast<unsigned char>(p[n - 1]) : c0;
      k.a = c0 | c1 << 8 | c2 << 16;
    }
    return k;
  }
  // The hash of a key; a word longer than 16 bytes also mixes in its middle bytes (never byte 0).
  [[gnu::always_inline]] static uint64_t hash(const Key& k, std::string_view s) {
    uint64_t h = (k.a ^ 0x9E3779B97F4A7C15ull) * 0xff51afd7ed558ccdull;
    h ^= (k.b + k.n) * 0xC2B2AE3D27D4EB4Full;
    for (size_t i = 8; k.n > 16 && i + 16 <= s.size(); i += 8) h = (h ^ load64(s.data() + i)) * 0xff51afd7ed558ccdull;
    h ^= h >> 29;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 32);
  }
  // The slot of the key: its own, else the empty slot where it would go.
  [[gnu::always_inline]] size_t probe(const Key& k, std::string_view key) const {
    return probe_hashed(k, key, hash(k, key));
  }
  [[gnu::always_inline]] size_t probe_hashed(const Key& k, std::string_view key, uint64_t h) const {
    const size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(h) & mask;
    while (slots_[i].used && !(slots_[i].a == k.a && slots_[i].b == k.b && slots_[i].n == k.n &&
                               (k.n <= 16 || std::string_view(keys_[i]) == key)))
      i = (i + 1) & mask;
    return i;
  }
  // Rehashes into `slots` slots (a power of two, more than twice the keys).
  void grow(size_t slots) {
    std::vector<Slot> old = std::move(slots_);
    std::vector<std::string> old_keys = std::move(keys_);
    slots_.assign(slots, Slot{});
    keys_.assign(slots_.size(), std::string());
    for (size_t j = 0; j < old.size(); ++j) {
      if (!old[j].used) continue;
      const size_t i = probe(Key{old[j].a, old[j].b, old[j].n}, old_keys[j]);
      slots_[i] = old[j];
      keys_[i] = std::move(old_keys[j]);
    }
  }
  std::vector<Slot> slots_;
  std::vector<std::string> keys_;  // the word of each used slot
  std::array<uint64_t, 1024> present_{};  // bit (hash >> 48) of every key held
  size_t size_ = 0;
};
using WordSet = WordMap<char>;
using WordFlags = WordMap<uint8_t>;

// The key an abbreviation is stored and looked up by: `word` with its dots dropped and its ASCII
// capitals lowered ("sen" for "Sen", "us" for "U.S"), written to out[0, word.size()); returns
// its length.
size_t abbreviation_key(std::string_view word, char* out) {
  size_t n = 0;
  for (const char ch : word) {
    const auto c = static_cast<unsigned char>(ch);
    if (c != '.') out[n++] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return n;
}

// True when the abbreviation_key() of `word` is a non-empty member of `set`. A word of up to 64
// bytes is folded on the stack.
bool has_abbreviation_key(const WordSet& set, std::string_view word) {
  char buf[64];
  std::string long_key;
  char* out = buf;
  if (word.size() > sizeof buf) {
    long_key.resize(word.size());
    out = long_key.data();
  }
  const size_t n = abbreviation_key(word, out);
  return n > 0 && set.count(std::string_view(out, n));
}

// What a sentence holds, found by one token scan; a rule runs only on sentences holding all it
// needs.
enum Feature : uint8_t {
  kHasQuote = 1,      // a quotation
  kHasFinite = 2,     // a finite speech verb ("said", "told")
  kHasParticiple = 4, // an -ing speech verb ("saying")
  kHasAccording = 8,  // "according"
  kHasColon = 16,     // a colon
  kAllFeatures = 31,
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

// A rule's RE2 program, either compiled already or compiled from its pattern on the first get()
// (a default rule that ShapeRegex searches: RE2 then serves only `rules show` and the groups of
// very long matches, and start-up does not pay for it). get() returns the same program either
// way, and may be called from many threads at once; once compiled, it costs one atomic load.
class RuleProgram {
 public:
  // Holds `re`, compiled already (ok() or not).
  explicit RuleProgram(std::unique_ptr<RE2> re) : re_(std::move(re)), ready_(re_.get()) {}
  // Compiles `pattern` with `options` on the first get(). The caller vouches that it compiles.
  RuleProgram(std::string pattern, const RE2::Options& options)
      : pattern_(std::move(pattern)), options_(options) {}
  RuleProgram(const RuleProgram&) = delete;
  RuleProgram& operator=(const RuleProgram&) = delete;

  // The program, compiled now when it was not yet.
  const RE2& get() const {
    if (const RE2* re = ready_.load(std::memory_order_acquire)) return *re;
    std::call_once(once_, [this] {
      re_ = std::make_unique<RE2>(pattern_, options_);
      ready_.store(re_.get(), std::memory_order_release);
    });
    return *re_;
  }

 private:
  std::string pattern_;  // the expanded pattern, when compiled on first use
  RE2::Options options_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> re_;
  mutable std::atomic<const RE2*> ready_{nullptr};  // re_ once it is built
};

// A compiled rule and the indices of its named groups.
struct CompiledRule {
  std::string name;
  std::string file;
  int line = 0;
  std::unique_ptr<RuleProgram> re;
  // The same pattern for ShapeRegex, which gives RE2's results faster on class strings; null when
  // the pattern is outside its subset (RE2 then searches).
  std::unique_ptr<ShapeRegex> fast;
  // Capturing groups, as RE2 counts them (the whole match not counted): ShapeRegex counts them as
  // RE2 does for any rule it searches, and a rule it does not search has its RE2 program already.
  int groups() const { return fast ? fast->number_of_groups() : re->get().NumberOfCapturingGroups(); }
  int content = -1, speaker = -1, cue = -1;
  int lead = -1;  // empty group: the content runs from the sentence start to here
  int rest = -1;  // empty group: the content runs from here to the sentence end
  // The groups of a match may depend on the bytes around it: the pattern may hold a word boundary
  // (\b, \B) or a flag group such as (?m). Else only whether the match touches the sentence's
  // start and end (^, $) counts.
  bool groups_see_context = true;
  uint8_t needs = 0;  // Feature bits the sentence must have
  // Byte sets each match draws at least one byte from and meets in order (pattern_needs()),
  // packed into the attributor's RuleGates.
  PatternNeeds sets;
};

// One attribution proposed by a rule, in masked-sentence byte offsets (-1: group absent).
struct Candidate {
  int rule = 0;
  int content_start = -1, content_end = -1;
  int speaker_start = -1, speaker_end = -1;
  int cue_start = -1, cue_end = -1;
};

// The masked copy of one paragraph and its map back to the original bytes.
// An allocator whose resize() leaves new elements uninitialized: the masking arrays are sized for
// the whole paragraph but written only as far as masking goes, so pages never written (a long
// quotation collapses to one byte) are never made resident.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <class T>
using ScratchVector = std::vector<T, UninitializedAllocator<T>>;

struct Masked {
  ScratchVector<char> text;       // the masked bytes
  // The masked bytes as a string view.
  std::string_view view() const { return {text.data(), text.size()}; }
  ScratchVector<uint32_t> start;  // original offset of masked byte i
  ScratchVector<uint32_t> end;    // original end of the source of masked byte i
  ScratchVector<int> quote;       // index into the quote list of a placeholder byte, else -1
  std::vector<int> quote_at;    // masked offsets of the placeholder bytes, ascending
  // Sizes every array to n bytes.
  void resize(size_t n) {
    text.resize(n);
    start.resize(n);
    end.resize(n);
    quote.resize(n);
  }
  // True when a placeholder byte lies in [a, b).
  bool has_quote_in(int a, int b) const {
    const auto it = std::lower_bound(quote_at.begin(), quote_at.end(), a);
    return it != quote_at.end() && *it < b;
  }
};

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
constexpr bool is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
// is_alpha() as a table.
constexpr std::array<bool, 256> kAlpha = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = is_alpha(static_cast<unsigned char>(c));
  return t;
}();
bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

// Is the 2/3-byte sequence at s[i] a non-breaking or typographic space?
size_t unicode_space_len(std::string_view s, size_t i) {
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  if (u[i] == 0xC2 && i + 1 < s.size() && u[i + 1] == 0xA0) return 2;
  if (u[i] == 0xE2 && i + 2 < s.size() && u[i + 1] == 0x80 && (u[i + 2] <= 0x8A || u[i + 2] == 0xAF)) return 3;
  return 0;
}

// The rules image the build embeds (generated/tables_image.cc, written by quoth_make_tables): null
// in a program that does not link it, such as quoth_make_tables itself.
extern "C" const char quoth_rules_image[] __attribute__((weak));
extern "C" const char quoth_rules_image_end[] __attribute__((weak));

// Tells an image of the default rules ("QRULES" and a layout version).
constexpr uint64_t kRulesImageMagic = 0x0153454c55525101ull;

// A list of byte sets read from an image array (the lists are small: they are copied).
bool read_byte_sets(ImageReader& in, std::vector<ByteSet>& sets) {
  std::span<const ByteSet> view;
  if (!in.array(view)) return false;
  sets.assign(view.begin(), view.end());
  return true;
}

// One rule as the rules image holds it: the pattern it was compiled from (its macros expanded),
// its ShapeRegex and what its matches need.
struct PrebuiltRule {
  std::string_view expanded;
  std::unique_ptr<ShapeRegex> fast;
  PatternNeeds needs;
};

// The rules of an image the build wrote (RulesAttributor::build() with an ImageWriter); empty when
// `image` is empty or does not read.
std::vector<PrebuiltRule> read_rules_image(std::string_view image) {
  std::vector<PrebuiltRule> rules;
  if (image.empty()) return rules;
  ImageReader in(image);
  uint64_t magic = 0, count = 0;
  if (!in.u64(magic) || magic != kRulesImageMagic || !in.u64(count)) return rules;
  for (uint64_t k = 0; k < count; ++k) {
    PrebuiltRule& r = rules.emplace_back();
    if (!in.block(r.expanded) || !(r.fast = ShapeRegex::read_image(in)) || !read_byte_sets(in, r.needs.clauses) ||
        !read_byte_sets(in, r.needs.order)) {
      rules.clear();
      return rules;
    }
  }
  if (!in.at_end()) rules.clear();
  return rules;
}

class RulesAttributor final : public Attributor {
 public:
  // Compiles `set`'s rules and lexicons. `defaults_alone`: the set is the embedded default rules
  // and nothing else, whose patterns tests/attribution_test.cc proves to compile with RE2 and to
  // be read by ShapeRegex with RE2's groups; a rule ShapeRegex reads then gets its RE2 program
  // on first use (RuleProgram). Otherwise every pattern compiles with RE2 now, and a rule
  // ShapeRegex reads with other groups than RE2 is searched by RE2. False and `error`
  // ("file:line: message") at the first rule, in rule order, that does not expand or compile,
  // names a group that is none of the five or has no cue group.
  //
  // With `defaults_alone`, a rule whose expanded pattern the build's rules image holds takes its
  // ShapeRegex and needs from there instead of compiling them (`prebuilt`: the image's rules, in
  // rule order). With `image`, each rule ShapeRegex reads is written to it, for such an image.
  bool build(const RuleSet& set, bool defaults_alone, std::string& error, std::vector<PrebuiltRule> prebuilt = {},
             ImageWriter* image = nullptr) {
    // Word lists and cue forms become macros; later `define`s of a name win.
    Macros macros;
    for (const auto& [name, words] : set.word_lists) macros.lists[name] = &words;
    // Word classes: speech verbs first (finite V, -ing G), then `class` lists, which win.
    size_t classed = set.cue_forms.size();
    for (const auto& [letter, words] : set.word_classes) classed += words.size();
    word_class_.reserve(classed);
    cue_words_.reserve(set.cue_forms.size());
    for (const auto& f : set.cue_forms) {
      cue_words_[first_word_lower(f)] |= f.ends_with("ing") ? kHasParticiple : kHasFinite;
      if (f.find(' ') == std::string::npos) word_class_[f] = f.ends_with("ing") ? 'G' : 'V';
    }
    for (const auto& [letter, words] : set.word_classes)
      for (const auto& w : words) word_class_[w] = letter;
    macros.defined["CUE"] = "[VWG]";
    macros.defined["CUE_FINITE"] = "[VW]";
    macros.defined["CUE_ING"] = "G";
    macros.defined["Q"] = "Q[,.?!:;]?";
    for (const auto& m : set.macros) macros.defined[m.name] = m.pattern;
    for (const auto& a : set.abbreviations) {
      std::string w(a.size(), '\0');
      w.resize(abbreviation_key(a, w.data()));
      abbreviations_.insert(w);
    }
    for (const auto& [name, words] : set.word_lists)
      if (name == "CONTENT_END") content_end_ = words;
    for (size_t w = 0; w < content_end_.size(); ++w) {
      const std::string& stop = content_end_[w];
      if (stop.empty()) continue;
      // A word's anchor is its first byte past its leading spaces (the word's first byte when it
      // is all spaces).
      size_t lead = stop.find_first_not_of(' ');
      if (lead == std::string::npos) lead = 0;
      const auto anchor = static_cast<unsigned char>(stop[lead]);
      if (content_end_by_anchor_[anchor].empty()) content_end_anchors_.push_back(anchor);
      content_end_by_anchor_[anchor].push_back({static_cast<uint32_t>(w), static_cast<uint32_t>(lead)});
      content_end_max_lead_ = std::max(content_end_max_lead_, lead);
    }
    // The word lists that are sets of words to the engine.
    const std::pair<std::string_view, WordSet*> word_sets[] = {
        {"NOT_SPEAKER_END", &not_speaker_end_}, {"AFTER_SPEAKER_OK", &after_speaker_ok_},
        {"NOT_SPEAKER", &not_speaker_},         {"WORK_NOUN", &work_nouns_},
        {"WORK_MAKER", &work_makers_}, {"TOPIC_CUE", &topic_cues_}, {"TOPIC_OPENER", &topic_openers_},
        {"APPEARANCE_CUE", &appearance_cues_}, {"APPEARANCE_WORD", &appearance_words_},
        {"NOUN_CUE", &noun_cues_}, {"MEDIUM_NOUN", &medium_nouns_}, {"BE_FORM", &be_forms_},
        {"AUX_VERB", &aux_verbs_}};
    for (const auto& [name, words] : set.word_lists)
      for (const auto& [list, target] : word_sets)
        if (name == list)
          for (const auto& w : words) target->insert(w);
    for (const auto& [name, words] : set.word_lists)
      if (name == "SENTENCE_INITIAL_CUE")
        for (const auto& w : words) cue_words_[first_word_lower(w)] |= kHasAccording;

    RE2::Options options;
    options.set_log_errors(getenv("QUOTH_RE2_LOG") != nullptr);
    // QUOTH_RULE_ENGINE=re2 searches with RE2 alone: the reference ShapeRegex is checked against.
    const char* engine = getenv("QUOTH_RULE_ENGINE");
    const bool use_shape_regex = !(engine && std::string_view(engine) == "re2");
    options.set_max_mem(64 << 20);
    // The rules' patterns expand here and compile, with what they need (pattern_needs()), on two
    // threads: compiling the RE2 programs is most of the attributor's start-up, so the default
    // rules alone leave it to first use where ShapeRegex searches. Errors are then reported in
    // rule order, as one thread would find them.
    const bool lazy_re2 = defaults_alone && use_shape_regex;
    struct Compiled {
      const RuleSource* source = nullptr;
      std::string expanded, why;  // `why`: the expansion's error, empty when it expanded
      std::unique_ptr<RE2> re;    // null when compiled on first use (fast then reads the rule)
      std::unique_ptr<ShapeRegex> fast;
      PatternNeeds needs;
      bool done = false;  // fast and needs came from the rules image
    };
    std::vector<Compiled> compiled;
    for (const auto& r : set.rules) {
      if (std::any_of(set.dropped.begin(), set.dropped.end(), [&](const DropSource& d) { return d.name == r.name; }))
        continue;
      Compiled& c = compiled.emplace_back();
      c.source = &r;
      expand(r.pattern, macros, c.expanded, c.why, 0);  // false exactly when it sets `why`
    }
    // The image holds the embedded default rules that ShapeRegex reads, in rule order; a rule it
    // does not hold as expanded here (one outside the subset, or an image gone stale) compiles.
    prebuilt_ = 0;
    for (size_t i = 0, next = 0; lazy_re2 && i < compiled.size() && next < prebuilt.size(); ++i) {
      Compiled& c = compiled[i];
      if (!c.why.empty() || prebuilt[next].expanded != c.expanded) continue;
      c.fast = std::move(prebuilt[next].fast);
      c.needs = std::move(prebuilt[next].needs);
      c.done = true;
      ++next;
      ++prebuilt_;
    }
    auto compile = [&](size_t first) {
      for (size_t i = first; i < compiled.size(); i += 2) {
        Compiled& c = compiled[i];
        if (!c.why.empty() || c.done) continue;
        if (use_shape_regex) {
          c.fast = std::make_unique<ShapeRegex>(c.expanded);
          if (!c.fast->ok()) c.fast.reset();  // outside ShapeRegex's subset: RE2 searches
        }
        // RE2 compiles the rule now unless it may wait for first use.
        if (!(lazy_re2 && c.fast)) {
          c.re = std::make_unique<RE2>(c.expanded, options);
          if (!c.re->ok()) continue;
          if (c.fast && (c.fast->number_of_groups() != c.re->NumberOfCapturingGroups() ||
                         c.fast->named_groups() != c.re->NamedCapturingGroups()))
            c.fast.reset();
        }
        c.needs = pattern_needs_and_order(c.expanded);
      }
    };
    if (prebuilt_ < compiled.size()) {
      std::thread second([&] { compile(1); });
      compile(0);
      second.join();
    }
    if (image) {
      // The rules ShapeRegex reads, in rule order.
      auto in_image = [](const Compiled& c) { return c.why.empty() && c.fast; };
      image->u64(kRulesImageMagic);
      image->u64(static_cast<uint64_t>(std::count_if(compiled.begin(), compiled.end(), in_image)));
      for (const auto& c : compiled) {
        if (!in_image(c)) continue;
        image->block(c.expanded.data(), c.expanded.size());
        c.fast->write_image(*image);
        image->array(std::span<const ByteSet>(c.needs.clauses));
        image->array(std::span<const ByteSet>(c.needs.order));
      }
    }
    for (auto& pending : compiled) {
      const RuleSource& r = *pending.source;
      if (!pending.why.empty()) {
        error = fmt::format("{}:{}: {}", r.file, r.line, pending.why);
        return false;
      }
      auto re = std::move(pending.re);
      if (re && !re->ok()) {
        error = fmt::format("{}:{}: {}", r.file, r.line, re->error());
        return false;
      }
      // RE2's groups, or ShapeRegex's (the same) for a rule whose RE2 program waits for first use.
      const std::map<std::string, int>& groups = re ? re->NamedCapturingGroups() : pending.fast->named_groups();
      for (const auto& [name, index] : groups) {
        if (name != "content" && name != "speaker" && name != "cue" && name != "lead" && name != "rest") {
          error = fmt::format("{}:{}: rule `{}` has a group (?P<{}>...), which no rule may name "
                              "(the groups are cue, speaker, content, rest and lead)",
                              r.file, r.line, r.name, name);
          return false;
        }
      }
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
      c.groups_see_context = sees_context(pending.expanded);
      // What the rule needs, read from the macros it uses.
      const std::string_view raw = r.pattern;
      if (raw.find("{Q}") != std::string_view::npos) c.needs |= kHasQuote;
      if (raw.find("{CUE_FINITE}") != std::string_view::npos || raw.find("{TELL}") != std::string_view::npos)
        c.needs |= kHasFinite;
      if (raw.find("{CUE_ING}") != std::string_view::npos) c.needs |= kHasParticiple;
      if (raw.find("{ACCORDING}") != std::string_view::npos) c.needs |= kHasAccording;
      if (raw.find("(?P<cue>:)") != std::string_view::npos) c.needs |= kHasColon;
      if (c.cue < 0) {
        error = fmt::format("{}:{}: rule `{}` has no (?P<cue>...) group", r.file, r.line, r.name);
        return false;
      }
      c.sets = std::move(pending.needs);
      c.re = re ? std::make_unique<RuleProgram>(std::move(re))
                : std::make_unique<RuleProgram>(std::move(pending.expanded), options);
      c.fast = std::move(pending.fast);
      // A later rule of the same name replaces the earlier one in place.
      auto same = std::find_if(rules_.begin(), rules_.end(), [&](const CompiledRule& x) { return x.name == c.name; });
      if (same != rules_.end()) *same = std::move(c);
      else rules_.push_back(std::move(c));
    }
    // The paragraph gate: every word that can make a speech-verb token (V, W, G, A) with its first
    // letter in lower case. Only when all of them are plain ASCII letters: a letter run of the text
    // then stands for every candidate word.
    paragraph_gate_ = true;
    gate_max_len_ = 0;
    word_class_.for_each([&](std::string_view w, char cls) {
      if (cls != 'V' && cls != 'W' && cls != 'G' && cls != 'A') return;
      for (char ch : w)
        if (!is_alpha(static_cast<unsigned char>(ch))) paragraph_gate_ = false;
      std::string key(w);
      if (!key.empty()) key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
      gate_words_.insert(key);
      gate_max_len_ = std::max(gate_max_len_, w.size());
      if (w.size() >= 32) gate_long_ = true;
      else if (!w.empty()) gate_filter_[w.size() * 32 + (w[0] & 31)] |= uint32_t{1} << (w.back() & 31);
    });
    max_groups_ = 0;
    std::vector<PatternNeeds> sets;
    heads_.clear();
    for (auto& r : rules_) {
      heads_.push_back(RuleHead{r.needs, r.groups() + 1});
      max_groups_ = std::max(max_groups_, heads_.back().ngroups);
      sets.push_back(std::move(r.sets));
    }
    gates_ = RuleGates(sets);
    for (uint8_t have = 0; have <= kAllFeatures; ++have) {
      rules_needing_[have].clear();
      for (size_t r = 0; r < heads_.size(); ++r)
        if ((heads_[r].needs & have) == heads_[r].needs) rules_needing_[have].push_back(static_cast<uint32_t>(r));
    }
    return true;
  }

  void attribute(std::string_view text, const std::vector<ByteSpan>& sentences,
                 const std::vector<QuoteSpan>& quotes, std::vector<Quote>& out) const override;

  std::string describe() const override {
    std::string s = fmt::format("speech verb forms: {}\nclassed words: {}\nabbreviations: {}\n", cue_words_.size(),
                                word_class_.size(), abbreviations_.size());
    if (prebuilt_ > 0) s += fmt::format("rules read precompiled from the binary: {}\n", prebuilt_);
    s += fmt::format("rules: {}\n", rules_.size());
    for (const auto& r : rules_)
      s += fmt::format("  {} ({}:{}, program size {}, searched by {})\n", r.name, r.file, r.line, r.re->get().ProgramSize(),
                       r.fast ? "ShapeRegex" : "RE2");
    return s;
  }

 private:
  // True unless `pattern` surely has no assertion about the bytes around a match: no \b or \B and
  // no (? group but (?: and (?P<.
  static bool sees_context(std::string_view pattern) {
    for (size_t i = 0; i + 1 < pattern.size(); ++i) {
      if (pattern[i] == '\\' && (pattern[i + 1] == 'b' || pattern[i + 1] == 'B')) return true;
      if (pattern[i] == '(' && pattern[i + 1] == '?' &&
          !(i + 2 < pattern.size() && (pattern[i + 2] == ':' || pattern[i + 2] == 'P')))
        return true;
    }
    return false;
  }
  static std::string first_word_lower(std::string_view s) {
    std::string w;
    for (char c : s) {
      if (c == ' ') break;
      w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return w;
  }

  // The macros a pattern may use by name: the built-in ones and `define`s, else a word list as the
  // alternation of its words, built when a pattern first uses it (the default rules' word lists are
  // sets to the engine, used by no pattern).
  struct Macros {
    std::unordered_map<std::string, std::string> defined;
    std::unordered_map<std::string, const std::vector<std::string>*> lists;  // the last list of each name
    std::unordered_map<std::string, std::string> alternations;              // of the lists used so far
    // The expansion of `name`, or null when no macro has that name.
    const std::string* find(const std::string& name) {
      if (auto d = defined.find(name); d != defined.end()) return &d->second;
      if (auto a = alternations.find(name); a != alternations.end()) return &a->second;
      auto l = lists.find(name);
      if (l == lists.end()) return nullptr;
      return &(alternations[name] = alternation(*l->second));
    }
  };

  // Replaces every {NAME} (NAME starting with a letter or '_') by (?:its expansion).
  static bool expand(std::string_view pattern, Macros& macros, std::string& out, std::string& error, int depth) {
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
          const std::string* expansion = macros.find(name);
          if (!expansion) {
            error = fmt::format("unknown macro {{{}}}", name);
            return false;
          }
          if (!in_class) out += "(?:";
          if (!expand(*expansion, macros, out, error, depth + 1)) return false;
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
  uint8_t tokenize(const Masked& m, int a, int b, std::vector<Token>& tokens, std::string& shape) const;
  char word_class(std::string_view word, bool initial) const;
  int word_end_at_period(std::string_view s, int i, int we) const;
  bool cue_follows(std::string_view s, size_t pos) const;
  // True when the words right before the quotation name a work it is the title of: "the book
  // “…”", "his memoir, “…”", "the author of “…”", "a film titled “…”" (WORK_NOUN, WORK_MAKER).
  bool follows_work_noun(std::string_view text, const QuoteSpan& q) const;
  bool find_match(size_t r, const re2::StringPiece& sentence, size_t pos, re2::StringPiece* groups, int ngroups) const;
  void match_sentence(const Masked& m, int a, int b, uint8_t have, const std::vector<Token>& tokens,
                      const std::string& shape, std::vector<Candidate>& cands) const;
  // Prints the sentence masked[a, b), its class string and each rule's candidate on stderr.
  void trace_sentence(const Masked& m, int a, int b, const std::string& shape, const std::vector<Candidate>& cands) const;

  std::vector<CompiledRule> rules_;
  size_t prebuilt_ = 0;  // rules whose ShapeRegex and needs came from the build's rules image
  // What the rule loop reads of every rule on every sentence, kept together: rules_[r]'s Feature
  // bits and number of groups (with the whole match), and its gate.
  struct RuleHead {
    uint8_t needs = 0;
    int ngroups = 1;
  };
  std::vector<RuleHead> heads_;
  // Per set of Feature bits a sentence has, the rules needing no more than those, in rule order.
  std::array<std::vector<uint32_t>, kAllFeatures + 1> rules_needing_;
  RuleGates gates_;
  WordFlags cue_words_;
  WordMap<char> word_class_;
  WordSet abbreviations_;
  WordSet not_speaker_;
  WordSet after_speaker_ok_;
  WordSet not_speaker_end_;
  WordSet work_nouns_;   // "book", "titled": a title quoted right after names a work
  WordSet work_makers_;  // "author", "host": … and so does one after "author of"
  WordSet topic_cues_;     // "spoke", "talked": they report what was said only through …
  WordSet topic_openers_;  // … "about", "of", "out": "spoke about X", not "spoke to reporters"
  WordSet appearance_cues_;   // "appeared": before one of …
  WordSet appearance_words_;  // … "on", "with", "at": someone was seen, nothing was said
  WordSet medium_nouns_;  // "statement", "interview": "said in a statement it …" (no "that")
  WordSet noun_cues_;  // "report", "offer", "credit": after a singular word, nouns ("the annual report")
  WordSet be_forms_;   // "is", "was", "been": a cue after them is a passive
  WordSet aux_verbs_;  // "was", "would", "has": the verb of a short clause
  std::vector<std::string> content_end_;
  // content_end_ words by their anchor byte (the first past leading spaces), each with the number
  // of spaces before it; the distinct anchor bytes, and the most leading spaces of any word.
  struct ContentEndWord {
    uint32_t word, lead;
  };
  std::array<std::vector<ContentEndWord>, 256> content_end_by_anchor_;
  std::vector<unsigned char> content_end_anchors_;
  size_t content_end_max_lead_ = 0;
  // The earliest position p > 0 in `rest` where a content_end_ word occurs whose first occurrence
  // in `rest` is not at 0 (the first occurrence of each word, past the start, ends the content);
  // npos when there is none. Only the anchor bytes are looked at: with four distinct anchors or
  // fewer (the default words have ',', ';' and the dashes' first bytes), sixteen bytes at a time.
  size_t content_stop(std::string_view rest) const {
    const auto* u = reinterpret_cast<const unsigned char*>(rest.data());
    const size_t n = rest.size();
    size_t best = std::string_view::npos;
    // The words anchored at q; false once no later anchor can start a word before `best`.
    auto at_anchor = [&](size_t q) {
      if (best != std::string_view::npos && q > best + content_end_max_lead_) return false;
      for (const ContentEndWord& cw : content_end_by_anchor_[u[q]]) {
        if (q < cw.lead + 1) continue;  // the word would start at 0 or before
        const size_t p = q - cw.lead;
        if (p >= best) continue;
        const std::string& stop = content_end_[cw.word];
        if (stop.size() > n - p || std::memcmp(u + p, stop.data(), stop.size()) != 0 || rest.starts_with(stop)) continue;
        best = p;
      }
      return true;
    };
    size_t q = 1;
#if defined(__SSE2__)
    if (!content_end_anchors_.empty() && content_end_anchors_.size() <= 4) {
      __m128i anchor[4];
      for (size_t k = 0; k < 4; ++k)
        anchor[k] = _mm_set1_epi8(static_cast<char>(content_end_anchors_[std::min(k, content_end_anchors_.size() - 1)]));
      for (; q + 16 <= n; q += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u + q));
        const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, anchor[0]), _mm_cmpeq_epi8(v, anchor[1])),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, anchor[2]), _mm_cmpeq_epi8(v, anchor[3])));
        for (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit)); mask != 0; mask &= mask - 1)
          if (!at_anchor(q + static_cast<size_t>(__builtin_ctz(mask)))) return best;
      }
    }
#endif
    for (; q < n; ++q)
      if (!content_end_by_anchor_[u[q]].empty() && !at_anchor(q)) return best;
    return best;
  }
  int max_groups_ = 1;
  WordSet gate_words_;          // lower-cased first letter: words that may be speech-verb tokens
  size_t gate_max_len_ = 0;
  // A necessary condition for a letter run of 1 to 31 letters to be in gate_words_: bit
  // (last letter & 31) of entry [length * 32 + (first letter & 31)] (the & 31 folds case).
  std::array<uint32_t, 32 * 32> gate_filter_{};
  bool gate_long_ = false;  // gate_words_ holds words of 32 letters or more
  bool paragraph_gate_ = false;  // gate_words_ are letters only, so skip_paragraph() may be used
  // Tells attributors apart for per-thread caches (never 0).
  const uint64_t id_ = [] {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1);
  }();

 public:
  // True when the paragraph text[begin, end) (no quotation starts in it) can yield nothing: no
  // colon and no ASCII letter run that may be a speech-verb token. Every sentence of such a
  // paragraph would be tokenized only to be passed over.
  bool skip_paragraph(std::string_view text, size_t begin, size_t end) const {
    if (!paragraph_gate_) return false;
    const auto* const u = reinterpret_cast<const unsigned char*>(text.data());
    const unsigned char* p = u + begin;
    const unsigned char* const e = u + end;
#if defined(__SSE2__)
    // Sixty-four bytes at a time: a colon anywhere ends the scan; the letter runs are read off a
    // mask of the letters. A run reaching the window's last byte is read again from its start
    // with the next window (p is never inside a run).
    while (e - p >= 64) {
      uint64_t letters = 0;
      unsigned colons = 0;  // only whether there is one counts
      for (int k = 0; k < 4; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
        const __m128i d = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
        const __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(25)), d);  // (c | 0x20) in a..z
        letters |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(letter))) << (16 * k);
        colons |= static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(':'))));
      }
      if (colons != 0) return false;
      size_t next = 64;  // where the next window starts, from p
      for (uint64_t rest = letters; rest != 0;) {
        const unsigned start = static_cast<unsigned>(__builtin_ctzll(rest));
        const uint64_t after = ~(rest >> start);  // ones from the first byte past the run
        const unsigned len = after == 0 ? 64 : static_cast<unsigned>(__builtin_ctzll(after));
        if (start + len == 64) {
          next = start;
          break;
        }
        if (may_be_gate_word(p + start, len)) return false;
        rest &= ~uint64_t{0} << (start + len);
      }
      if (next == 0) break;  // a run of 64 letters or more: read byte by byte below
      p += next;
    }
#endif
    while (p < e) {
      if (!kAlpha[*p]) {
        if (*p == ':') return false;
        ++p;
        continue;
      }
      const unsigned char* q = p + 1;
      while (q < e && kAlpha[*q]) ++q;
      if (may_be_gate_word(p, static_cast<size_t>(q - p))) return false;
      p = q;
    }
    return true;
  }
  // Whether the letter run p[0, len) may be a token in gate_words_ (its first letter in lower case).
  [[gnu::always_inline]] bool may_be_gate_word(const unsigned char* p, size_t len) const {
    const bool maybe = len < 32 ? ((gate_filter_[len * 32 + (p[0] & 31)] >> (p[len - 1] & 31)) & 1) != 0 : gate_long_;
    return maybe && len <= gate_max_len_ && len <= 64 &&
           gate_words_.find_lower_first(std::string_view(reinterpret_cast<const char*>(p), len));
  }
  // True when masking text[begin, end) (no quotation in it) leaves some text.
  static bool has_text(std::string_view text, size_t begin, size_t end) {
    size_t i = begin;
    while (i < end) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c <= ' ') {
        ++i;
        continue;
      }
      if (c >= 0xC2) {
        if (const size_t ulen = unicode_space_len(text, i); ulen > 0) {
          i += ulen;
          continue;
        }
      }
      return true;
    }
    return false;
  }
};

namespace {
// Bytes that end a run of ordinary bytes while masking: spaces, control bytes, the lead bytes of
// possible Unicode spaces, and angle brackets.
constexpr std::array<bool, 256> kRunStop = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c <= ' '; ++c) t[c] = true;
  t[0xC2] = t[0xE2] = t[0xE3] = t[0xEF] = true;
  t['<'] = t['>'] = true;
  return t;
}();

// The end of the run of ordinary bytes (kRunStop) and single spaces between them that starts at
// text[i], as far as sixteen bytes at a time can tell it before `stop`: a position the byte-wise
// loop in mask_paragraph() goes on from (i itself when text[i] stops a run).
size_t ordinary_run_end(std::string_view text, size_t i, size_t stop) {
  size_t j = i;
#if defined(__SSE2__)
  if (j >= stop || kRunStop[static_cast<unsigned char>(text[j])]) return j;
  ++j;  // past the run's first byte, a space between ordinary bytes stays
  const auto* u = reinterpret_cast<const unsigned char*>(text.data());
  const __m128i space = _mm_set1_epi8(' ');
  auto stops = [&](__m128i v) {
    // Bytes up to ' ' (unsigned), the lead bytes of possible Unicode spaces, angle brackets.
    __m128i m = _mm_cmpeq_epi8(_mm_min_epu8(v, space), v);
    for (const char c : {'\xC2', '\xE2', '\xE3', '\xEF', '<', '>'}) m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
    return m;
  };
  // Byte k may stay when it is no run stop, or a space followed by a byte that is none (k + 1 < stop
  // holds for every lane while j + 17 <= stop).
  while (j + 17 <= stop) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u + j));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u + j + 1));
    const __m128i lone_space = _mm_andnot_si128(stops(next), _mm_cmpeq_epi8(v, space));
    const auto bad = static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(lone_space, stops(v))));
    if (bad != 0) return j + static_cast<size_t>(__builtin_ctz(bad));
    j += 16;
  }
#endif
  return j;
}

// The offset of the '>' closing an angle bracket that opens at text[i] ('<') within 80 bytes,
// with no line break or other bracket inside; 0 when there is none.
size_t angle_close(std::string_view text, size_t i, size_t end) {
  for (size_t k = i + 1; k < end && k <= i + 81; ++k) {
    const char c = text[k];
    if (c == '>') return k > i + 1 ? k : 0;
    if (c == '<' || c == '\n') return 0;
  }
  return 0;
}
}  // namespace

void RulesAttributor::mask_paragraph(std::string_view text, size_t begin, size_t end,
                                     const std::vector<QuoteSpan>& quotes, size_t& qi, Masked& m) const {
  // Every source byte yields at most one masked byte, a quote at most two; the arrays are sized
  // once and written through pointers.
  size_t cap = end - begin + 2;
  m.resize(cap);
  m.quote_at.clear();
  char* t = m.text.data();
  uint32_t* st = m.start.data();
  uint32_t* en = m.end.data();
  int* qu = m.quote.data();
  size_t n = 0;
  auto push = [&](char c, uint32_t s, uint32_t e, int q) {
    t[n] = c;
    st[n] = s;
    en[n] = e;
    qu[n] = q;
    ++n;
  };
  size_t i = begin;
  size_t bracket_close = 0;  // the '>' of a bracketed name being read (its brackets are dropped)
  while (i < end) {
    while (qi < quotes.size() && quotes[qi].span.start < i) ++qi;
    if (qi < quotes.size() && quotes[qi].span.start == i) {
      if (n + 2 + (end - i) > cap) {  // a quote that does not consume its bytes
        cap = n + 2 + (end - i);
        m.resize(cap);
        t = m.text.data();
        st = m.start.data();
        en = m.end.data();
        qu = m.quote.data();
      }
      const QuoteSpan& q = quotes[qi];
      m.quote_at.push_back(static_cast<int>(n));
      push(kQuoteByte, q.span.start, q.span.end, static_cast<int>(qi));
      // The quote's final punctuation, as the sentence around it sees it.
      size_t k = q.inner.end;
      while (k > q.inner.start && is_space(static_cast<unsigned char>(text[k - 1]))) --k;
      if (k > q.inner.start) {
        const char p = text[k - 1];
        if (p == ',' || p == '.' || p == '?' || p == '!' || p == ':' || p == ';')
          push(p, q.span.end, q.span.end, -1);
      }
      i = std::min<size_t>(q.span.end, end);
      ++qi;
      continue;
    }
    // A run of ordinary bytes (and single spaces between them) up to the next quote, other space,
    // control byte or possible Unicode space.
    {
      const size_t stop = qi < quotes.size() ? std::min<size_t>(end, quotes[qi].span.start) : end;
      size_t j = ordinary_run_end(text, i, stop);
      while (j < stop) {
        if (!kRunStop[static_cast<unsigned char>(text[j])]) {
          ++j;
        } else if (text[j] == ' ' && j > i && j + 1 < stop && !kRunStop[static_cast<unsigned char>(text[j + 1])]) {
          j += 2;  // one space between ordinary bytes stays as it is
        } else {
          break;
        }
      }
      if (j > i) {
        const size_t len = j - i;
        std::memcpy(t + n, text.data() + i, len);
        for (size_t k = 0; k < len; ++k) {
          st[n + k] = static_cast<uint32_t>(i + k);
          en[n + k] = static_cast<uint32_t>(i + k + 1);
          qu[n + k] = -1;
        }
        n += len;
        i = j;
        continue;
      }
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    // Wire copy brackets company names and tickers: "<Hawley Group Ltd> said", "CSR Ltd <CSRA.S>
    // said". A bracketed name reads without its brackets; a ticker (no space in it) is left out.
    if (c == '<') {
      if (const size_t k = angle_close(text, i, end); k > 0) {
        const std::string_view inner = text.substr(i + 1, k - i - 1);
        if (inner.find(' ') == std::string_view::npos) {
          i = k + 1;
        } else {
          bracket_close = k;
          ++i;
        }
        continue;
      }
    }
    if (c == '>' && i == bracket_close) {
      ++i;
      continue;
    }
    size_t ulen = 0;
    if (is_space(c) || (c >= 0xC2 && (ulen = unicode_space_len(text, i)) > 0)) {
      size_t j = i;
      for (;;) {
        if (j < end && is_space(static_cast<unsigned char>(text[j]))) ++j;
        else if (j < end && (ulen = unicode_space_len(text, j)) > 0) j += ulen;
        else break;
      }
      if (n > 0 && t[n - 1] != ' ') push(' ', static_cast<uint32_t>(i), static_cast<uint32_t>(j), -1);
      i = j;
      continue;
    }
    push(c < 0x20 ? ' ' : static_cast<char>(c), static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1), -1);
    ++i;
  }
  while (n > 0 && t[n - 1] == ' ') --n;
  m.resize(n);
}

// The class letter of one word: its `class` or speech-verb entry (as written, else, for a word
// opening the sentence or following a quote or colon, with its first letter in lower case), else
// its shape: C capitalised (or a name after "al-", "el-"), 9 number, X adverb in -ly, E word in -ed, B plural noun for people
// (-ists, -ers, -ors, -ians, -ants, -ents, -ates), l other.
char RulesAttributor::word_class(std::string_view word, bool initial) const {
  if (const char* cls = word_class_.find(word)) return *cls;
  const unsigned char c0 = static_cast<unsigned char>(word[0]);
  if (is_upper(c0) && !initial) return 'C';
  if (is_upper(c0)) {
    if (const char* cls = word_class_.find_lower_first(word)) return *cls;
    return 'C';
  }
  if (c0 >= '0' && c0 <= '9') return '9';
  // A name with its Arabic article: "al-Salim", "el-Sisi".
  if ((c0 == 'a' || c0 == 'e') && word.size() > 3 && word[1] == 'l' && word[2] == '-' &&
      is_upper(static_cast<unsigned char>(word[3])))
    return 'C';
  if (c0 == 0xC3 && word.size() > 1 && static_cast<unsigned char>(word[1]) < 0x9F) return 'C';  // À-Þ
  if (word.size() > 4 && word.ends_with("ly")) return 'X';
  if (word.size() > 3 && word.ends_with("ed")) return 'E';
  // Plural nouns for people ("specialists", "advocates", "members") stand as bare sources.
  if (word.size() > 5 && word.back() == 's')
    for (const std::string_view suffix : {"ists", "ers", "ors", "ians", "ants", "ents", "ates"})
      if (word.ends_with(suffix)) return 'B';
  return 'l';
}

namespace {
// A word that ends an amount of money or a count in the millions ("40 million", "12 mln dlrs").
bool is_amount_word(std::string_view w) {
  for (std::string_view a : {"million", "billion", "trillion", "mln", "bln", "dlrs", "dollars"})
    if (w == a) return true;
  return false;
}
// A currency sign standing before an amount.
bool is_currency(std::string_view w) {
  for (std::string_view c : {"$", "US$", "\u20AC", "\u00A3", "\u00A5"})
    if (w == c) return true;
  return false;
}
constexpr bool word_byte(unsigned char c) {
  return is_alpha(c) || (c >= '0' && c <= '9') || c == '\'' || c == '-' || c == '&' || c == '.' || c >= 0x80;
}
// The third byte of a dash E2 80 xx: figure dash ‒, en dash –, em dash —, horizontal bar ―.
constexpr bool is_dash_third_byte(unsigned char d) { return d >= 0x92 && d <= 0x95; }
// A UTF-8 punctuation mark starting at s[i] (dashes, stray quotation marks, ellipsis); its length.
size_t unicode_punct_len(std::string_view s, size_t i) {
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  // E2 80 80..BF is U+2000..U+203F; ’ (E2 80 99) stays in words, and a truncated sequence
  // (E2 80 then no continuation byte) is no mark, so no token starts inside the next character.
  if (u[i] == 0xE2 && i + 2 < s.size() && u[i + 1] == 0x80 && (u[i + 2] & 0xC0) == 0x80 && u[i + 2] != 0x99) return 3;
  if (u[i] == 0xC2 && i + 1 < s.size() && (u[i + 1] == 0xAB || u[i + 1] == 0xBB)) return 2;
  return 0;
}
}  // namespace

// Short function words that stay in lower case in Title Case ("Mayor Says Bridge Will Open in May").
bool title_case_small_word(std::string_view w) {
  static constexpr std::string_view kSmall[] = {"a", "an", "the", "of", "to", "in", "on", "at", "for",
                                                "and", "or", "but", "by", "with", "from", "as", "vs"};
  return std::find(std::begin(kSmall), std::end(kSmall), w) != std::end(kSmall);
}

// True when the masked sentence [a, b) is a headline in title case: four words or more, every
// word capitalised except short function words ("Mayor Says Bridge Will Open in May"). Its
// capitalised words are then looked up as if in lower case, so its verbs are verbs.
bool title_case(std::string_view s, int a, int b) {
  int words = 0;
  for (int i = a; i < b;) {
    if (!is_alpha(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    int j = i;
    while (j < b && (is_alpha(static_cast<unsigned char>(s[j])) || s[j] == '\'' || s[j] == '-')) ++j;
    const std::string_view w(s.data() + i, j - i);
    if (!is_upper(static_cast<unsigned char>(w[0])) && !(i > a && (s[i - 1] == '\'' || s[i - 1] == '-'))) {
      if (!title_case_small_word(w)) return false;
    } else if (w.size() > 4 && is_upper(static_cast<unsigned char>(w[1]))) {
      return false;  // all capitals: a shouted line, not title case
    }
    ++words;
    i = j;
  }
  return words >= 4;
}

namespace {
// word_byte() as a table.
constexpr std::array<bool, 256> kWordByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = word_byte(static_cast<unsigned char>(c));
  return t;
}();
// Word bytes that never start a punctuation mark (all but 0xC2 and 0xE2).
constexpr std::array<bool, 256> kPlainWordByte = [] {
  std::array<bool, 256> t = kWordByte;
  t[0xC2] = t[0xE2] = false;
  return t;
}();
// Bytes that always start a punctuation token: no word byte, '.' and '\'' ('-' depends on what
// follows it).
constexpr std::array<bool, 256> kPunctStart = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = !kWordByte[c] || c == '.' || c == '\'';
  return t;
}();
// Class letters after which a word is read as if it opened the sentence (its capital tells
// nothing): a quotation, a colon, an opening parenthesis, a dash, other punctuation, a semicolon.
constexpr std::array<bool, 256> kOpensAfter = [] {
  std::array<bool, 256> t{};
  for (const char c : {'Q', ':', '(', '-', '#', ';'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

// Bytes that always open a word token: word bytes that never start a punctuation mark or a
// punctuation token ('.', '\'', '-', 0xC2 and 0xE2 are looked at more closely).
constexpr std::array<bool, 256> kWordStart = [] {
  std::array<bool, 256> t = kPlainWordByte;
  t['.'] = t['\''] = t['-'] = false;
  return t;
}();

// The punctuation token starting at s[i] of the sentence ending at b: its end, its class letter
// in `cls` and its Feature bits added to `f`; i when s[i] starts a word instead.
[[gnu::noinline]] int punctuation_token(std::string_view s, int i, int b, char& cls, uint8_t& f) {
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char c = u[i];
  if (c == static_cast<unsigned char>(kQuoteByte)) {
    f |= kHasQuote;
    cls = 'Q';
    return i + 1;
  }
  if (c == 0xE2 || c == 0xC2) {
    if (size_t pl = unicode_punct_len(s, i); pl > 0) {
      cls = (c == 0xE2 && is_dash_third_byte(u[i + 2])) ? '-' : '#';
      return i + static_cast<int>(pl);
    }
    return i;
  }
  if (kPunctStart[c] ||
      (c == '-' && (i + 1 >= b || s[i + 1] == ' ' || s[i + 1] == '-' || is_upper(static_cast<unsigned char>(s[i + 1]))))) {
    cls = '#';
    if (c == ',' || c == '.' || c == ':' || c == ';' || c == '?' || c == '!' || c == '(' || c == ')') cls = static_cast<char>(c);
    if (c == ':') f |= kHasColon;
    else if (c == '-') cls = '-';
    int j = i + 1;
    if (c == '-')
      while (j < b && s[j] == '-') ++j;
    return j;
  }
  return i;
}

// The end of the word starting at s[i] of the sentence ending at b: word bytes, and the bytes of
// UTF-8 characters that are no punctuation mark.
inline int word_bytes_end(std::string_view s, int i, int b) {
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  int j = i;
  for (;;) {
    const unsigned char* q = u + j;
    const unsigned char* const qe = u + b;
    while (q < qe && kPlainWordByte[*q]) ++q;
    j = static_cast<int>(q - u);
    if (j < b && (u[j] == 0xE2 || u[j] == 0xC2) && !unicode_punct_len(s, j)) ++j;
    else return j;
  }
}

// Where the possessive "'s" / "’s" / "s'" / "’" ending the word s[i, we) starts, else -1.
inline int possessive_start(const unsigned char* u, int i, int we) {
  auto apostrophe_at = [&](int k) { return u[k] == 0xE2 && u[k + 1] == 0x80 && u[k + 2] == 0x99; };
  const unsigned char last = u[we - 1];
  if (last == 's') {
    if (we - i > 2 && u[we - 2] == '\'') return we - 2;
    if (we - i > 4 && apostrophe_at(we - 4)) return we - 4;
  } else if (last == '\'') {
    if (we - i > 1) return we - 1;
  } else if (last == 0x99) {
    if (we - i > 3 && apostrophe_at(we - 3)) return we - 3;
  }
  return -1;
}
}  // namespace

// The end of the word s[i, we) as a token: a final period belongs to an abbreviation or initial
// ("Sen.", "J.", "U.S."), else it is a token of its own.
int RulesAttributor::word_end_at_period(std::string_view s, int i, int we) const {
  const std::string_view w(s.data() + i, we - 1 - i);
  const bool keep = (w.size() == 1 && is_upper(static_cast<unsigned char>(w[0]))) ||
                    w.find('.') != std::string_view::npos || has_abbreviation_key(abbreviations_, w);
  return keep ? we : we - 1;
}

// Splits the masked sentence [a, b) into tokens and writes their class letters to `shape`.
// Returns the Feature bits of the sentence.
uint8_t RulesAttributor::tokenize(const Masked& m, int a, int b, std::vector<Token>& tokens, std::string& shape) const {
  // Every token holds at least one byte: the arrays are sized once and written through pointers.
  const size_t cap = static_cast<size_t>(std::max(b - a, 0));
  if (tokens.size() < cap) tokens.resize(cap);
  shape.resize(cap);
  Token* const tok = tokens.data();
  char* const sh = shape.data();
  uint8_t f = 0;
  const std::string_view s = m.view();
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  // First the token boundaries, each word with the class letter kWordToken for now; then the
  // words' classes, which look back at the letters before them. Two short loops keep their state
  // in registers where one long loop would not.
  constexpr char kWordToken = '\0';
  Token* tp = tok;
  int i = a;
  while (i < b) {
    const unsigned char c = u[i];
    if (c == ' ') {
      ++i;
      continue;
    }
    if (!kWordStart[c]) {
      char cls = '#';
      if (const int j = punctuation_token(s, i, b, cls, f); j > i) {
        *tp++ = Token{i, j, cls};
        i = j;
        continue;
      }
    }
    int we = word_bytes_end(s, i, b);
    if (we - i > 1 && u[we - 1] == '.') we = word_end_at_period(s, i, we);
    // Possessive "'s" / "’s" / "s'" as its own token S.
    const int poss = possessive_start(u, i, we);
    if (poss > i) {
      *tp++ = Token{i, poss, kWordToken};
      *tp++ = Token{poss, we, 'S'};
    } else {
      *tp++ = Token{i, we, kWordToken};
    }
    i = we;
  }
  const auto nt = static_cast<size_t>(tp - tok);
  const bool title = title_case(s, a, b);
  for (size_t k = 0; k < nt; ++k) {
    Token& t = tok[k];
    if (t.cls != kWordToken) {
      sh[k] = t.cls;
      continue;
    }
    const bool initial = title || k == 0 || kOpensAfter[static_cast<unsigned char>(sh[k - 1])] || (k >= 2 && sh[k - 2] == 'Q');
    char cls = word_class(std::string_view(s.data() + t.start, t.end - t.start), initial);
    // An auxiliary that is also a first name ("Will", "May") is the name when a capitalised word
    // follows: "“…,” Will Moy told …" (not "“…?” Will the plan work").
    if (cls == 'X' && initial && k + 1 < nt && tok[k + 1].cls == kWordToken && is_upper(u[tok[k + 1].start])) {
      const std::string_view w(s.data() + t.start, t.end - t.start);
      if (w == "Will" || w == "May") cls = 'C';
    }
    // A capitalised speech verb inside a sentence is a name ("“…,” State Department …").
    // In a headline only a verb in -s is taken for one ("Mayor Says …"; "Harbour Plan Wins").
    if (k > 0 && (cls == 'V' || cls == 'W' || cls == 'G') && is_upper(u[t.start]) && (!title || u[t.end - 1] != 's'))
      cls = 'C';
    if (cls == 'V' || cls == 'W') f |= kHasFinite;
    else if (cls == 'G') f |= kHasParticiple;
    else if (cls == 'A') f |= kHasAccording;
    t.cls = cls;
    sh[k] = cls;
  }
  tokens.resize(nt);
  shape.resize(nt);
  return f;
}

// True when a speech verb comes within the next six words after `pos`, before any punctuation
// ("Why?" Smith asked. / "Enough!" US Senator Jane Roe said.). Only names, pronouns and "the"
// may stand between; a word in -ed right after a name or pronoun counts as the verb ("Hannity
// pressed").
bool RulesAttributor::cue_follows(std::string_view s, size_t pos) const {
  thread_local std::string word;
  int words = 0;
  bool named = false;  // the words so far are a name or a pronoun
  size_t i = pos;
  while (i < s.size() && words < 6) {
    const char c = s[i];
    if (c == ' ') {
      ++i;
      continue;
    }
    if (!is_alpha(c) && static_cast<unsigned char>(c) < 0x80 && c != '-' && c != '\'') return false;
    const bool capital = is_upper(static_cast<unsigned char>(c));
    word.clear();
    while (i < s.size() && s[i] != ' ' && s[i] != ',' && s[i] != '.') word.push_back(static_cast<char>(s[i++] | 0x20));
    if (cue_words_.find(std::string_view(word))) return true;
    if (named && !capital && word.size() > 4 && word.ends_with("ed")) return true;
    // Only a name or a pronoun stands between the quote and its verb.
    const bool pronoun = word == "he" || word == "she" || word == "they";
    if (!capital && !pronoun && word != "the") return false;
    named = (capital || pronoun) && (words == 0 || named);
    ++words;
  }
  return false;
}

namespace {
// The offset of the first '.', '?' or '!' in s[i, end), else s.size().
size_t next_terminal(std::string_view s, size_t i) {
  const char* const p = s.data();
  const size_t n = s.size();
#if defined(__SSE2__)
  const __m128i dot = _mm_set1_epi8('.'), question = _mm_set1_epi8('?'), bang = _mm_set1_epi8('!');
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_or_si128(_mm_cmpeq_epi8(v, question), _mm_cmpeq_epi8(v, bang)));
    if (const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(m)); mask != 0)
      return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  while (i < n && p[i] != '.' && p[i] != '?' && p[i] != '!') ++i;
  return i;
}
}  // namespace

void RulesAttributor::split_sentences(const Masked& m, std::vector<std::pair<int, int>>& out) const {
  out.clear();
  const std::string_view s = m.view();
  const int n = static_cast<int>(s.size());
  int start = 0;
  for (int i = 0; (i = static_cast<int>(next_terminal(s, static_cast<size_t>(i)))) < n; ++i) {
    const char c = s[i];
    int j = i + 1;
    while (j < n && (s[j] == ')' || s[j] == '.' || s[j] == '?' || s[j] == '!')) ++j;
    if (j >= n || s[j] != ' ' || j + 1 >= n) continue;
    const unsigned char next = static_cast<unsigned char>(s[j + 1]);
    if (!(is_upper(next) || next == kQuoteByte || (next >= '0' && next <= '9') || next >= 0xC3 || next == '(' ||
          next == '"' || next == '\''))
      continue;
    const bool after_quote = i > 0 && s[i - 1] == kQuoteByte;
    if (after_quote) {
      if (c != '.' && cue_follows(s, j + 1)) continue;
    } else if (c == '.') {
      // The word before the period: an initial or a known abbreviation does not end a sentence.
      int w = i;
      while (w > start && s[w - 1] != ' ' && s[w - 1] != '(' && s[w - 1] != kQuoteByte) --w;
      std::string_view word(s.data() + w, i - w);
      if (word.size() == 1 && is_upper(word[0])) continue;
      if (has_abbreviation_key(abbreviations_, word)) continue;
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

namespace {
uint64_t mix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 33);
}

// A hash of the bytes of `s`, eight at a time.
uint64_t hash_bytes(std::string_view s) {
  uint64_t h = s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 31;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return mix64(h ^ tail);
}

// A per-thread cache from keys (a 64-bit hash and the key's bytes) to lists of ints, in one
// open-addressing table of 16-byte entries whose key and list lie together in one pool, so that a
// lookup touches one entry and one stretch of the pool. It starts over when half full.
class FlatCache {
 public:
  // The list stored under the key, or null.
  const int* find(uint64_t hash, std::string_view key, uint32_t& len) const {
    if (table_.empty()) return nullptr;
    for (size_t i = hash & (table_.size() - 1);; i = (i + 1) & (table_.size() - 1)) {
      const Entry& e = table_[i];
      if (e.off == kEmpty) return nullptr;
      if (e.hash == hash && e.key_len == key.size() &&
          std::memcmp(pool_.data() + e.off, key.data(), key.size()) == 0) {
        len = e.len;
        return pool_.data() + e.off + key_ints(e.key_len);
      }
    }
  }
  // Stores `list` under the key (absent from the cache); a key or list too long is not kept.
  void insert(uint64_t hash, std::string_view key, const int* list, uint32_t len) {
    if (key.size() > 0xFFFF || len > 0xFFFF) return;
    if (table_.empty() || (size_ + 1) * 2 > table_.size()) clear(table_.empty() ? 1 << 15 : table_.size());
    size_t i = hash & (table_.size() - 1);
    while (table_[i].off != kEmpty) i = (i + 1) & (table_.size() - 1);
    Entry& e = table_[i];
    e.hash = hash;
    e.off = static_cast<uint32_t>(pool_.size());
    e.key_len = static_cast<uint16_t>(key.size());
    e.len = static_cast<uint16_t>(len);
    pool_.resize(pool_.size() + key_ints(key.size()));
    std::memcpy(pool_.data() + e.off, key.data(), key.size());
    pool_.insert(pool_.end(), list, list + len);
    ++size_;
  }
  void clear(size_t slots) {
    table_.assign(slots, Entry{});
    pool_.clear();
    size_ = 0;
  }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFF;
  static size_t key_ints(size_t bytes) { return (bytes + sizeof(int) - 1) / sizeof(int); }
  struct Entry {
    uint64_t hash = 0;
    uint32_t off = kEmpty;  // the key's bytes, then the list, in pool_
    uint16_t key_len = 0, len = 0;
  };
  std::vector<Entry> table_;
  std::vector<int> pool_;
  size_t size_ = 0;
};
}  // namespace

namespace {
// The groups of rule matches already seen, keyed by the rule, the matched class letters, whether
// the match starts and ends the sentence and, for a rule whose groups see the context, the
// letters on either side: a rule's groups within a match depend on nothing else. Per thread,
// bounded (it starts over when full).
struct SubmatchCache {
  uint64_t owner = 0;  // the attributor the entries belong to
  FlatCache groups;    // key -> per group: start relative to the match (-1 absent), size
  std::string key;     // scratch
  std::vector<int> scratch;
  void reset(uint64_t id) {
    owner = id;
    groups.clear(1 << 15);
  }
};
}  // namespace

// The leftmost match of rule r in sentence[pos, end) with its ngroups groups, as
// RE2::Match(sentence, pos, end, UNANCHORED, groups, ngroups) gives them. The DFAs find the match;
// its groups come from the cache, else from an anchored match over exactly the match (the same
// search RE2 runs after its DFAs), which the cache then keeps.
bool RulesAttributor::find_match(size_t r, const re2::StringPiece& sentence, size_t pos, re2::StringPiece* groups,
                                 int ngroups) const {
  const CompiledRule& rule = rules_[r];
  const std::string_view text(sentence.data(), sentence.size());
  size_t ms = 0, me = 0;
  if (rule.fast) {
    if (!rule.fast->search(text, pos, ms, me)) return false;
    groups[0] = re2::StringPiece(sentence.data() + ms, me - ms);
  } else {
    if (!rule.re->get().Match(sentence, pos, sentence.size(), RE2::UNANCHORED, groups, 1)) return false;
    ms = static_cast<size_t>(groups[0].data() - sentence.data());
    me = ms + groups[0].size();
  }
  if (ngroups <= 1) return true;
  thread_local SubmatchCache cache;
  if (cache.owner != id_) cache.reset(id_);
  // The key: the rule (4 bytes), the letters around the match (when they count), whether the
  // match touches the sentence's start and end, and the matched letters.
  std::string& key = cache.key;
  const size_t head = rule.groups_see_context ? 8 : 6;
  key.resize(head + (me - ms));
  char* kp = key.data();
  const auto r32 = static_cast<uint32_t>(r);
  for (int b = 0; b < 4; ++b) *kp++ = static_cast<char>(r32 >> (8 * b));
  if (rule.groups_see_context) {
    *kp++ = ms > 0 ? sentence[ms - 1] : '\0';
    *kp++ = me < sentence.size() ? sentence[me] : '\0';
  }
  *kp++ = ms > 0 ? '1' : '0';
  *kp++ = me < sentence.size() ? '1' : '0';
  std::memcpy(kp, sentence.data() + ms, me - ms);
  const uint64_t hash = hash_bytes(key);
  uint32_t len = 0;
  auto from_spans = [&](const int* g) {
    for (int k = 1; k < ngroups; ++k, g += 2)
      groups[k] = g[0] < 0 ? re2::StringPiece() : re2::StringPiece(sentence.data() + ms + g[0], static_cast<size_t>(g[1]));
  };
  if (const int* g = cache.groups.find(hash, key, len); g && len == 2 * static_cast<uint32_t>(ngroups - 1)) {
    from_spans(g);
    return true;
  }
  cache.scratch.clear();
  // Byte offsets in the sentence, start and end per group; -1 for a group that took no part.
  thread_local std::vector<int> spans;
  spans.resize(2 * static_cast<size_t>(ngroups - 1));
  // ShapeRegex leaves the groups of a very long match (a paragraph of thousands of tokens) to RE2.
  if (rule.fast && rule.fast->groups(text, ms, me, spans.data())) {
    for (int k = 1; k < ngroups; ++k) {
      const int a = spans[2 * static_cast<size_t>(k) - 2], z = spans[2 * static_cast<size_t>(k) - 1];
      cache.scratch.push_back(a < 0 ? -1 : a - static_cast<int>(ms));
      cache.scratch.push_back(a < 0 ? 0 : z - a);
    }
    from_spans(cache.scratch.data());
  } else {
    const RE2& re = rule.re->get();  // compiled here on a default rule's first very long match
    if (!re.Match(sentence, ms, me, RE2::ANCHOR_BOTH, groups, ngroups) ||
        groups[0].data() != sentence.data() + ms || groups[0].size() != me - ms) {
      // Not expected: the search over the whole rest decides.
      return re.Match(sentence, pos, sentence.size(), RE2::UNANCHORED, groups, ngroups);
    }
    for (int k = 1; k < ngroups; ++k) {
      cache.scratch.push_back(groups[k].data() ? static_cast<int>(groups[k].data() - sentence.data() - ms) : -1);
      cache.scratch.push_back(static_cast<int>(groups[k].size()));
    }
  }
  cache.groups.insert(hash, key, cache.scratch.data(), static_cast<uint32_t>(cache.scratch.size()));
  return true;
}

void RulesAttributor::trace_sentence(const Masked& m, int a, int b, const std::string& shape,
                                     const std::vector<Candidate>& cands) const {
  // A quotation shows as «Q»; everything goes out as one write, so threads do not interleave.
  auto slice = [&](int x, int y) {
    std::string out;
    if (x < 0) return std::string("-");
    for (char ch : m.view().substr(x, y - x)) {
      if (ch == kQuoteByte) out += "«Q»";
      else out.push_back(ch);
    }
    return out;
  };
  std::string trace = fmt::format("sentence: {}\nclasses:  {}\n", slice(a, b), shape);
  for (const Candidate& c : cands)
    trace += fmt::format("  rule {}: speaker [{}] cue [{}] content [{}]\n", rules_[c.rule].name,
                         slice(c.speaker_start, c.speaker_end), slice(c.cue_start, c.cue_end),
                         slice(c.content_start, c.content_end));
  std::fwrite(trace.data(), 1, trace.size(), stderr);
}

void RulesAttributor::match_sentence(const Masked& m, int a, int b, uint8_t have, const std::vector<Token>& tokens,
                                     const std::string& shape, std::vector<Candidate>& cands) const {
  thread_local std::vector<re2::StringPiece> groups;
  const re2::StringPiece sentence(shape);
  const int ntok = static_cast<int>(tokens.size());
  groups.resize(max_groups_);
  auto token_text = [&](int t) { return std::string_view(m.text.data() + tokens[t].start, tokens[t].end - tokens[t].start); };
  // Whether token t, right before a verb's base form, makes that form a noun: a word in the
  // singular (capitalised, lower-case or a number, not in -s and not a plural noun without it), a
  // verb (its object: "declined comment"), or an article or possessive ("the plan").
  auto noun_before = [&](int t) {
    const char c = shape[t];
    const std::string_view w = token_text(t);
    if (c == 'V' || c == 'W' || c == 'G') return true;
    if (c == 'D') {
      for (const std::string_view d : {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this"})
        if (w.size() == d.size() && (w[0] | 0x20) == d[0] && w.substr(1) == d.substr(1)) return true;  // "The" too
      return false;
    }
    if (c != 'C' && c != 'l' && c != 'E' && c != '9') return false;
    if (w.back() == 's' || w.back() == 'S') return false;
    for (const std::string_view plural : {"people", "police", "men", "women", "children", "staff"})
      if (w == plural) return false;
    return true;
  };
  // Whether a form of "be" stands among the auxiliaries and adverbs right before token t.
  auto passive_before = [&](int t) {
    for (int k = t - 1; k >= 0 && shape[k] == 'X'; --k)
      if (be_forms_.count(token_text(k))) return true;
    return false;
  };
  // Whether token k can open a clause: a pronoun, a determiner, a name, a number, a plural noun.
  auto opens_clause = [&](int k) {
    const char c = shape[k];
    return c == 'P' || c == 'D' || c == 'C' || c == '9' || c == 'B';
  };
  // Where the reported clause starts when the content opened at token t is "out" and what
  // follows it ("pointed out that the …", "pointed out Brazil was …"); else t.
  auto past_out = [&](int t) {
    if (t + 1 >= ntok || shape[t] != 'l' || token_text(t) != "out") return t;
    return shape[t + 1] == 'T' ? t + 2 : opens_clause(t + 1) ? t + 1 : t;
  };
  // Where the reported clause starts when the content opened at token t goes on without "that"
  // after a medium: a preposition, a determiner, up to four words and a MEDIUM_NOUN ("in a
  // statement it said …", "in its quarterly nickel market report, the …"), which may follow the
  // object of a tell-type cue at token cs. At the clause's first word, or past "that" or a comma;
  // else t; -1 when the medium ends the sentence.
  auto past_medium = [&](int t, int cs) {
    auto past_that = [&](int k) {
      if (shape[k] == ',') ++k;
      if (k < ntok && shape[k] == 'T') ++k;
      return k;
    };
    if (t + 1 >= ntok) return t;
    // After a tell-type verb its object comes first ("told Reuters in an interview").
    int k = t;
    if (cs >= 0 && shape[cs] == 'W')
      while (k < ntok && k - t < 4 && (shape[k] == 'C' || shape[k] == 'O' || shape[k] == 'B' || shape[k] == 'D' || shape[k] == 'l'))
        ++k;
    if (k >= ntok || shape[k] != 'I' || medium_nouns_.empty()) return t;
    ++k;
    if (shape[k] == 'D') ++k;
    for (int words = 0; k < ntok && words <= 4; ++k, ++words) {
      if (medium_nouns_.count(token_text(k))) {
        ++k;
        if (k >= ntok || shape[k] == '.') return -1;
        if (shape[k] == ',' || shape[k] == 'T') return past_that(k) < ntok ? past_that(k) : t;
        return opens_clause(k) ? k : t;
      }
      if (shape[k] != 'l' && shape[k] != 'C' && shape[k] != 'E' && shape[k] != '9' && shape[k] != 'X') break;
    }
    return t;
  };
  // Masked offset where token position p starts (the sentence end past the last token).
  auto offset_at = [&](int p) { return p < ntok ? tokens[p].start : b; };
  // The token after a dateline opening a paragraph's first sentence at token t, before token
  // `limit` ("GENEVA (Reuters) - ", "LONDON, March 4 - ", "PORTSMOUTH, Maine — "): capitalised
  // place words, at least the first in capitals, then names, numbers, commas and a parenthesis
  // up to a dash. No one says a dateline; t itself when there is none.
  auto skip_dateline = [&](int t, int limit) {
    if (a != 0) return t;
    auto capitals = [&](int k) {
      const std::string_view w = token_text(k);
      int upper = 0;
      for (const char ch : w) {
        if (is_upper(static_cast<unsigned char>(ch))) ++upper;
        else if (ch != '.' && ch != '\'' && ch != '-') return false;
      }
      return upper >= 2;
    };
    int k = t;
    while (k < limit && shape[k] == 'C' && capitals(k)) ++k;
    if (k == t) return t;
    for (const int stop = std::min(limit, k + 8); k < stop; ++k) {
      if (shape[k] == '-') return k + 1 < limit ? k + 1 : t;
      if (shape[k] != 'C' && shape[k] != '9' && shape[k] != ',' && shape[k] != '(' && shape[k] != ')') return t;
    }
    return t;
  };
  // Each rule's own DFA runs only on sentences holding what the rule needs (its Feature bits and
  // its gate, rule_gates.h; a rule that matches nowhere fails at its first search). One RE2::Set
  // over all rules would say the same, but its combined DFA has too many states to stay cached
  // and costs far more than the rules alone; a FilteredRE2 prefilter of literal atoms saved fewer
  // searches than its per-sentence lookups cost.
  const std::vector<uint32_t>& runnable = rules_needing_[have & kAllFeatures];
  if (runnable.empty()) return;
  thread_local RuleGates::Presence present;
  gates_.present_from(shape, present);
  for (const size_t r : runnable) {
    const int ngroups = heads_[r].ngroups;
    size_t pos = 0;
    while (pos <= sentence.size() && gates_.may_match(r, shape, pos, present) &&
           find_match(r, sentence, pos, groups.data(), ngroups)) {
      const CompiledRule& rule = rules_[r];
      const size_t match_end = static_cast<size_t>(groups[0].data() - sentence.data() + groups[0].size());
      // Token range [s, e) of a group; false when the group did not take part.
      auto range = [&](int g, int& ts, int& te) {
        if (g < 0 || groups[g].data() == nullptr) return false;
        ts = static_cast<int>(groups[g].data() - sentence.data());
        te = ts + static_cast<int>(groups[g].size());
        return true;
      };
      Candidate c;
      c.rule = static_cast<int>(r);
      int ss = -1, se = -1, cs = -1, ce = -1, xs = -1, xe = -1;
      range(rule.cue, cs, ce);
      const bool has_speaker = range(rule.speaker, ss, se) && se > ss;
      // A comma closing an apposition is no part of the speaker ("Kirsten Pfeifer from the
      // Consumer Electronics Association, told").
      while (has_speaker && se - ss > 1 && shape[se - 1] == ',') --se;
      bool bad_speaker = rule.speaker >= 0 && groups[rule.speaker].data() != nullptr && !has_speaker;
      // A verb in the past or in -s right after a plural noun, or after a name that does not
      // open the mention, starts a clause: the mention ends before it ("Several Acme
      // shareholders | expressed anger, saying …", "The Bank | raised rates, citing …"). A
      // verb's base form may be a noun ("the NAO report"), and a first word may be an adverb
      // ("Broadly defined M-3"): those stay.
      int swallowed_cue = -1;  // a speech verb the speaker's words ran over, where they were cut
      if (has_speaker)
        for (int t = ss + 1; t < se; ++t) {
          const std::string_view w = token_text(t);
          const bool verb = shape[t] == 'E' || (shape[t] == 'V' && (w.back() == 's' || w.back() == 'd'));
          if (verb && (shape[t - 1] == 'B' || (shape[t - 1] == 'C' && t - 1 > ss))) {
            se = t;
            if (shape[t] == 'V') swallowed_cue = t;
            break;
          }
        }
      if (has_speaker) {
        // Leading words that never start a mention ("When asked, ...") are dropped, and so is a
        // speech verb ending it ("The company said, adding …": the speaker is "The company").
        while (ss < se && not_speaker_.count(token_text(ss))) ++ss;
        if (se - ss >= 2 && (shape[se - 1] == 'V' || shape[se - 1] == 'W') && cs >= se) {
          const std::string_view w = token_text(se - 1);  // a past form: no noun ("the report")
          if (w.ends_with("ed") || w == "said" || w == "told") --se;
        }
        if (ss >= se) bad_speaker = true;
        // Nor does a mention end with a function word ("the company denied the"); after its verb
        // the mention just stops before it ("said one official familiar with").
        else if (not_speaker_end_.count(token_text(se - 1))) {
          if (cs >= 0 && cs < ss)
            while (se > ss && not_speaker_end_.count(token_text(se - 1))) --se;
          if (se <= ss || !(cs >= 0 && cs < ss)) bad_speaker = true;
        }
        // After a lower-case word that cannot precede a subject, the match is an object or a
        // noun phrase inside a clause.
        // Nor does a subject follow a preposition ("In a Facebook post, …").
        else if (ss > 0 && !(cs >= 0 && cs < ss) && (shape[ss - 1] == 'I' || shape[ss - 1] == 'J' || shape[ss - 1] == 'o')) {
          pos = std::max(pos + 1, static_cast<size_t>(ss + 1));
          continue;
        }
        else if (ss > 0 && !(cs >= 0 && cs < ss) && !after_speaker_ok_.empty()) {
          const std::string_view before = token_text(ss - 1);
          if (!before.empty() && before[0] >= 'a' && before[0] <= 'z' && is_alpha(before.back()) &&
              !after_speaker_ok_.count(before)) {
            pos = std::max(pos + 1, static_cast<size_t>(ss + 1));
            continue;
          }
        }
      }
      // An amount is no source: "a $40 million plan to …" does not make "40 million" a speaker.
      if (has_speaker && !bad_speaker && (is_amount_word(token_text(se - 1)) || (ss > 0 && is_currency(token_text(ss - 1)))))
        bad_speaker = true;
      if (bad_speaker) {
        pos = std::max(pos + 1, static_cast<size_t>(ce >= 0 ? ce : match_end));
        continue;
      }
      if (has_speaker) {
        c.speaker_start = tokens[ss].start;
        c.speaker_end = tokens[se - 1].end;
      }
      if (cs >= 0 && ce > cs) {
        c.cue_start = tokens[cs].start;
        c.cue_end = tokens[ce - 1].end;
      } else if (cs >= 0) {
        continue;  // an empty cue names nothing
      }
      int rest_from = -1;  // where the content captured by (?P<rest>) starts instead, when set
      if (ce == cs + 1) {
        const std::string_view cue = token_text(cs);
        // A verb's base form that is also a noun (NOUN_CUE), right after a singular word, a verb,
        // an article or a preposition, is the head of a noun phrase: "the annual report",
        // "Revolving credit", "the tender offer", "declined comment", "growth in domestic demand".
        // A plural or a pronoun before it keeps the verb ("analysts report", "they plan"), and so
        // does an auxiliary ("the bank would offer"). A participle after a form of "be" is
        // passive: its subject is what was said or who was told ("Results will be announced",
        // "Prices were said to be attractive", "Smith was told"), not who said it; but who "was
        // quoted as saying" said it.
        const bool noun = cs > 0 && noun_cues_.count(cue) && (noun_before(cs - 1) || shape[cs - 1] == 'I' || shape[cs - 1] == 'J');
        const bool passive = !noun && !cue.ends_with("ing") && cue != "quoted" && passive_before(cs);
        if (noun || passive) {
          // When the speaker's words ran over the sentence's own speech verb ("The Department
          // said significant increases were shown …"), that verb is the cue and what follows it
          // the content; else the match is none.
          if (swallowed_cue >= 0 && rule.rest >= 0 && groups[rule.rest].data() != nullptr) {
            cs = swallowed_cue;
            ce = cs + 1;
            rest_from = ce;
            c.cue_start = tokens[cs].start;
            c.cue_end = tokens[cs].end;
          } else {
            pos = std::max(pos + 1, static_cast<size_t>(ce));
            continue;
          }
        }
      }
      int topic_from = -1;  // the token a topic after a TOPIC_CUE starts at
      if (ce > cs) {
        const std::string_view cue = token_text(ce - 1);
        int t = ce;  // the word after the cue, past adverbs
        while (t < ntok && shape[t] == 'X') ++t;
        // "appeared on MSNBC", "appeared with Clinton": an appearance, no attribution.
        if (t < ntok && appearance_cues_.count(cue) && appearance_words_.count(token_text(t))) {
          pos = std::max(pos + 1, match_end);
          continue;
        }
        // "spoke about the economy" reports a topic; "spoke to reporters", "spoke for an hour" and
        // "spoke Hebrew" report nothing said (TOPIC_CUE, TOPIC_OPENER).
        int content_from = -1, unused = -1;
        if (topic_cues_.count(cue) &&
            (range(rule.content, content_from, unused) || range(rule.rest, content_from, unused)) && content_from >= ce) {
          if (t >= ntok || !topic_openers_.count(token_text(t))) {
            pos = std::max(pos + 1, match_end);
            continue;
          }
          // The topic is what follows a preposition ("about the economy"); "out", "up" stay.
          if (t + 1 < ntok && (shape[t] == 'F' || shape[t] == 'J' || shape[t] == 'I')) topic_from = t + 1;
        }
      }
      if (range(rule.content, xs, xe) && xe > xs) {
        if (xs == 0) xs = std::min(skip_dateline(0, xe), xe - 1);
        c.content_start = tokens[xs].start;
        c.content_end = tokens[xe - 1].end;
      }
      if (range(rule.lead, xs, xe)) {
        c.content_start = a;
        c.content_end = offset_at(xs);
        // An introductory clause ("Even as the campaign moves on, the race will be tight, he
        // said") is not part of what was said.
        int t0 = 0;
        while (t0 < xs && (shape[t0] == 'R' || shape[t0] == 'I')) {
          int comma = t0 + 1;
          while (comma < xs && shape[comma] != ',') ++comma;
          if (comma + 1 >= xs) break;
          t0 = comma + 1;
        }
        if (t0 == 0) t0 = skip_dateline(0, xs);
        if (t0 > 0 && t0 < xs) c.content_start = tokens[t0].start;
        // A bare introductory phrase ("In interviews on Sunday, he defended …", "Last week, he
        // said") is no content; a short clause with its verb before a sentence-ending attribution
        // is ("Profits rose, the company said.", "It was hard, Smith said.").
        bool quoted = false, verb = false;
        for (int t = t0; t < xs; ++t) {
          quoted |= shape[t] == 'Q';
          verb |= t > t0 && (shape[t] == 'E' || (shape[t] == 'X' && aux_verbs_.count(token_text(t))));
        }
        const bool short_clause = xs - t0 >= 2 && verb && shape[t0] != 'I' && shape[t0] != 'R' &&
                                  match_end == static_cast<size_t>(ntok);
        if (!quoted && (shape[t0] == 'I' || (xs - t0 <= 3 && !short_clause))) {
          pos = std::max(pos + 1, match_end);
          continue;
        }
      }
      // Wire copy leaves "that" out after the medium and after "out": "said in a statement it
      // had …", "pointed out Brazil was paying …". The content starts at the clause after them; a
      // match whose rest is nothing but the medium ("Smith told Reuters in an interview.") is one
      // without content, like "Smith said:".
      int from = -1;
      if (range(rule.rest, xs, xe)) {
        if (rest_from >= 0) xs = rest_from;
        if (const int past = past_out(xs); past > xs) {
          if (cs >= 0 && ce == xs) c.cue_end = tokens[xs].end;  // "out" joins the cue: "pointed out"
          from = past;
        } else {
          from = past_medium(xs, cs);
        }
      }
      if (from >= 0) {
        xs = from;
        c.content_start = offset_at(xs);
        c.content_end = b;
        // Inside an introductory clause ("When Francis said X, the pope …") the content ends at
        // the clause's comma.
        if (has_speaker && ss == 1 && shape[0] == 'R')
          for (int t = xs; t < ntok; ++t)
            if (shape[t] == ',') {
              c.content_end = tokens[t].start;
              break;
            }
        // The content also stops before a participle clause (", claiming …") and before a new
        // clause with its own subject (", and the police said …").
        for (int t = xs + 1; t + 1 < ntok; ++t) {
          // A comma right after "that" opens an aside the content goes on after ("said that,
          // having lost, she would run again").
          if (shape[t] != ',' || shape[t - 1] == 'T') continue;
          const char next = shape[t + 1];
          const std::string_view nw = token_text(t + 1);
          const bool participle = next == 'G' || (next == 'l' && nw.size() > 5 && nw.ends_with("ing"));
          const bool new_clause = next == 'N' && t + 2 < ntok &&
                                  (shape[t + 2] == 'P' || shape[t + 2] == 'D' || shape[t + 2] == 'C' || shape[t + 2] == 'B');
          if (participle || new_clause) {
            c.content_end = tokens[t].start;
            break;
          }
        }
        // … and before a new subject with its own reporting verb (", Lewandowski said he …").
        for (int t = xs + 1; t + 2 < ntok && tokens[t].start < c.content_end; ++t) {
          if (shape[t] != ',' || shape[t - 1] == 'T') continue;
          int v = t + 1;
          while (v < ntok && v - t <= 5 && (shape[v] == 'C' || shape[v] == 'P' || shape[v] == 'D' || shape[v] == 'B' ||
                                            shape[v] == 'l' || shape[v] == 'X'))
            ++v;
          if (v > t + 1 && v < ntok && (shape[v] == 'V' || shape[v] == 'W') && (v + 1 >= ntok || shape[v + 1] != ',')) {
            c.content_end = tokens[t].start;
            break;
          }
        }
        // … and before a second reporting verb of the same speaker ("called X crazy and said …"),
        // or any second verb when the content has none of its own ("called the merger “a bad
        // deal” and ranked her last": the speaker's own second predicate).
        bool content_verb = false;  // a verb or auxiliary in the content so far
        bool content_word = shape[xs] != 'Q';  // a token that is no quotation, so far
        for (int t = xs + 1; t + 1 < ntok && tokens[t].start < c.content_end; ++t) {
          if (shape[t] != 'N') {
            const char k = shape[t];
            content_verb |= k == 'V' || k == 'W' || k == 'E' || k == 'G' || k == 'X';
            content_word |= k != 'Q' && k != ',' && k != '.';
            continue;
          }
          int v = t + 1;
          while (v < ntok && shape[v] == 'X') ++v;
          const std::string_view verb = v < ntok ? token_text(v) : std::string_view{};
          if (v < ntok && (shape[v] == 'V' || shape[v] == 'W') &&
              ((v + 1 < ntok && (shape[v + 1] == 'T' || shape[v + 1] == ',' || shape[v + 1] == ':')) ||
               verb == "said" || verb == "says" || verb == "told" || verb == "added" || verb == "called")) {
            c.content_end = tokens[t].start;
            break;
          }
          if (v < ntok && !content_verb && content_word && shape[xs] != 'T' &&
              (shape[v] == 'V' || shape[v] == 'W' || shape[v] == 'E')) {
            c.content_end = tokens[t].start;
            break;
          }
        }
        // The content stops before a new clause or aside.
        const std::string_view rest(m.text.data() + c.content_start, c.content_end - c.content_start);
        const size_t at = content_stop(rest);
        if (at != std::string_view::npos && c.content_start + static_cast<int>(at) < c.content_end)
          c.content_end = c.content_start + static_cast<int>(at);
      }
      if (topic_from >= 0 && c.content_start == tokens[topic_from - 1].start && c.content_end > tokens[topic_from].start)
        c.content_start = tokens[topic_from].start;
      cands.push_back(c);
      // Go on after the cue (a sentence may hold several attributions).
      size_t next = ce >= 0 ? static_cast<size_t>(ce) : 0;
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
  bool announced = false;         // attributed by a speaker the sentence before announced
  bool sentence_has_cue = false;  // the quote's sentence holds a speech verb of its own
  bool alone = false;             // the quote is its sentence (nothing but punctuation around)
  int text_paragraph = -1;        // index among the paragraphs that hold text
  int subject_start = -1, subject_end = -1;  // the mention opening the quote's sentence, if any
};

// True when QUOTH_TRACE_RULES is set: every matched sentence is shown on stderr (for rule authors).
bool trace_rules() {
  static const bool on = getenv("QUOTH_TRACE_RULES") != nullptr;
  return on;
}

// Gives the quote the speaker and cue of a content-less candidate ("Smith said." / "- Smith."),
// unless the quote has a speaker already or lies inside reported speech. True when it did. With
// `signature`, the candidate signs the quote ("“…” — Smith") and wins over a speaker the
// sentence before announced.
bool attribute_quote(QuoteInfo& q, const Masked& m, const Candidate& c, bool signature = false) {
  if ((q.attributed && !(signature && q.announced)) || q.used_in_reported) return false;
  q.announced = false;
  q.speaker_start = static_cast<int>(m.start[c.speaker_start]);
  q.speaker_end = static_cast<int>(m.end[c.speaker_end - 1]);
  q.cue_start = static_cast<int>(m.start[c.cue_start]);
  q.cue_end = static_cast<int>(m.end[c.cue_end - 1]);
  q.attributed = true;
  return true;
}

// Gives the quote the speaker (which `r` has) and the cue of the reported speech `r`.
void take_speaker_of(QuoteInfo& q, const Quote& r) {
  q.speaker_start = static_cast<int>(r.speaker->span.start);
  q.speaker_end = static_cast<int>(r.speaker->span.end);
  if (r.cue) {
    q.cue_start = static_cast<int>(r.cue->start);
    q.cue_end = static_cast<int>(r.cue->end);
  }
}

// The first byte of text[begin, end) that is no space or tab (end when none).
size_t first_non_blank(std::string_view text, size_t begin, size_t end) {
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
  return begin;
}

// True when the paragraph text[begin, end) opens with a dash (-, or one of ‒ – — ―) right before
// a word: an attribution line under a pull quote ("- Senator Smith.").
bool opens_with_dash(std::string_view text, size_t begin, size_t end) {
  begin = first_non_blank(text, begin, end);
  if (begin < end && text[begin] == '-') return true;
  return end - begin >= 3 && text[begin] == '\xE2' && text[begin + 1] == '\x80' &&
         is_dash_third_byte(static_cast<unsigned char>(text[begin + 2]));
}

// True when the quotation is a title rather than speech: one to eight words, all capitalised but
// short function words, and no final punctuation ("Twin Peaks", "Destiny and Power"). With
// `punctuated_ok`, two words or more ending in a comma or period inside the marks are a title
// too ("Twin Peaks," as some styles write it): for a quote no rule attributed.
bool reads_as_title(std::string_view text, const QuoteSpan& q, bool punctuated_ok) {
  uint32_t b = q.inner.start, e = q.inner.end;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\'' || text[e - 1] == '"')) --e;
  if (e == b) return false;
  const char last = text[e - 1];
  if (last == '?' || last == '!' || last == ';' || last == ':') return false;
  // One capitalised word with a comma or period is as likely a name called out (“Cruz,”).
  const bool punctuated = last == '.' || last == ',';
  if (punctuated && !punctuated_ok) return false;
  if (punctuated) --e;
  int words = 0;
  for (uint32_t i = b; i < e;) {
    if (!is_alpha(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    uint32_t j = i;
    while (j < e && (is_alpha(static_cast<unsigned char>(text[j])) || text[j] == '\'' || text[j] == '-' ||
                     (text[j] >= '0' && text[j] <= '9')))
      ++j;
    const std::string_view w = text.substr(i, j - i);
    if (!is_upper(static_cast<unsigned char>(w[0])) && (words == 0 || !title_case_small_word(w))) return false;
    if (++words > 8) return false;
    i = j;
  }
  return words > (punctuated ? 1 : 0);
}

// The word ending at text[end) (spaces and one comma before it passed over), lower-cased, and in
// `start` where it starts; empty at none.
std::string word_before(std::string_view text, size_t end, size_t& start) {
  while (end > 0 && text[end - 1] == ' ') --end;
  if (end > 0 && text[end - 1] == ',') --end;
  start = end;
  while (start > 0 && (is_alpha(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == '-')) --start;
  std::string w(text.substr(start, end - start));
  for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return w;
}

// The spaces inside the quotation's marks: one less than its words, near enough.
int spaces_inside(std::string_view text, const QuoteSpan& q) {
  return static_cast<int>(std::count(text.begin() + q.inner.start, text.begin() + q.inner.end, ' '));
}

// Paragraphs longer than this are attributed a piece at a time, each piece ending with a sentence
// outside any quotation, so the masking arrays follow the piece, not a one-line document.
constexpr size_t kMaxPiece = 1 << 20;

// The end of the stretch of text[p, pend) (pend: the paragraph's end) to attribute at once: pend,
// or for a paragraph longer than kMaxPiece the first white space ending a sentence past p +
// kMaxPiece that no quotation spans. The byte at the returned offset is passed over, like the
// newline ending a paragraph.
size_t piece_end(std::string_view text, const std::vector<ByteSpan>& sentences, const std::vector<QuoteSpan>& quotes,
                 size_t qi, size_t p, size_t pend) {
  if (pend - p <= kMaxPiece) return pend;
  auto it = std::lower_bound(sentences.begin(), sentences.end(), static_cast<uint32_t>(p + kMaxPiece),
                             [](const ByteSpan& s, uint32_t pos) { return s.end < pos; });
  for (; it != sentences.end() && it->end < pend; ++it) {
    const size_t cut = it->end;
    if (cut >= text.size() || (text[cut] != ' ' && text[cut] != '\t')) continue;
    while (qi < quotes.size() && quotes[qi].span.end <= cut) ++qi;
    bool inside = false;  // a quotation starting before the cut runs past it
    for (size_t q = qi; q < quotes.size() && quotes[q].span.start <= cut; ++q)
      if (quotes[q].span.end > cut) inside = true;
    if (!inside) return cut;
  }
  return pend;
}

// Offset of the first non-blank byte of the line holding `pos`.
uint32_t paragraph_start(std::string_view text, uint32_t pos) {
  uint32_t a = pos;
  while (a > 0 && text[a - 1] != '\n') --a;
  while (a < pos && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r')) ++a;
  return a;
}

// Offset of the first byte of the paragraph holding text before the line holding `pos`, else 0.
uint32_t previous_paragraph_start(std::string_view text, uint32_t pos) {
  uint32_t a = paragraph_start(text, pos);
  while (a > 0 && is_space(static_cast<unsigned char>(text[a - 1]))) --a;
  return a == 0 ? 0 : paragraph_start(text, a - 1);
}

int sentence_index(const std::vector<ByteSpan>& sentences, uint32_t pos) {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), pos,
                             [](uint32_t p, const ByteSpan& s) { return p < s.start; });
  if (it == sentences.begin()) return sentences.empty() ? -1 : 0;
  return static_cast<int>(it - sentences.begin()) - 1;
}

// True when the tokens starting in the masked range [start, end) hold a name, a pronoun or a plural
// noun for people (classes C, P, B): a phrase that can be a source ("Smith", "he", "analysts"),
// unlike "this strong showing" or "the report".
bool names_someone(const std::vector<Token>& tokens, const std::string& shape, int start, int end) {
  for (size_t k = 0; k < shape.size() && tokens[k].start < end; ++k)  // tokens in text order
    if (tokens[k].start >= start && (shape[k] == 'C' || shape[k] == 'P' || shape[k] == 'B')) return true;
  return false;
}

// True when another candidate, its speaker before c's, reports content that holds c's speaker and
// content; with `opening`, content that starts at c's speaker ("said [he has asked …]").
bool reported_by_other(const std::vector<Candidate>& cands, const Candidate& c, bool opening = false) {
  for (const Candidate& o : cands)
    if (&o != &c && o.speaker_start >= 0 && o.content_start >= 0 && o.content_start <= c.speaker_start &&
        (!opening || o.content_start == c.speaker_start) && o.content_end >= c.content_end &&
        o.speaker_end <= c.speaker_start)
      return true;
  return false;
}

// Trims white space and edge punctuation from a masked range.
void trim_range(std::string_view s, int& a, int& b) {
  auto edge = [](char c) { return c == ' ' || c == ',' || c == ';' || c == ':' || c == '.' || c == '-'; };
  while (a < b && edge(s[a])) ++a;
  while (b > a && edge(s[b - 1])) --b;
  if (b - a > 5 && s[a] == 't' && s.compare(a, 5, "that ") == 0) a += 5;
}

bool RulesAttributor::follows_work_noun(std::string_view text, const QuoteSpan& q) const {
  size_t start = 0;
  const std::string w = word_before(text, q.span.start, start);
  if (w.empty()) return false;
  if (work_nouns_.count(w)) return true;
  return w == "of" && work_makers_.count(word_before(text, start, start)) != 0;
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
  int text_paragraph = -1;  // index among the paragraphs that hold text
  const size_t n = text.size();
  // A speaker announced at a paragraph's end ("Smith said:") for the next paragraph's quote.
  int pending_speaker_start = -1, pending_speaker_end = -1, pending_cue_start = -1, pending_cue_end = -1;
  // The quotation that closes the previous paragraph holding text, else -1: an attribution line
  // ("- Smith.") right under it names its speaker.
  int closing_quote = -1;
  for (size_t p = 0; p < n; ++paragraph) {
    const void* nl = std::memchr(text.data() + p, '\n', n - p);
    const size_t pend = piece_end(text, sentences, quotes, qi, p, nl ? static_cast<const char*>(nl) - text.data() : n);
    const size_t first_quote = qi;
    // True when the paragraph's gate ran (and, the paragraph being kept, found a colon or a
    // speech-verb token).
    bool gated = false;
    {
      // A paragraph without quotations, colons or speech verbs yields nothing: only its count
      // and the reset of a pending speaker are kept.
      size_t q = qi;  // as mask_paragraph() leaves it: quotes before the paragraph passed over
      while (p < pend && q < quotes.size() && quotes[q].span.start < p) ++q;
      gated = (q >= quotes.size() || quotes[q].span.start >= pend) && !opens_with_dash(text, p, pend);
      if (gated && skip_paragraph(text, p, pend)) {
        qi = q;
        for (size_t k = first_quote; k < qi; ++k) info[k].paragraph = paragraph;
        if (has_text(text, p, pend)) {
          ++text_paragraph;
          for (size_t k = first_quote; k < qi; ++k) info[k].text_paragraph = text_paragraph;
          pending_speaker_start = -1;
          closing_quote = -1;
        }
        p = pend + 1;
        continue;
      }
    }
    mask_paragraph(text, p, pend, quotes, qi, m);
    for (size_t k = first_quote; k < qi; ++k) info[k].paragraph = paragraph;
    if (m.text.empty()) {
      p = pend + 1;
      continue;
    }
    ++text_paragraph;
    for (size_t k = first_quote; k < qi; ++k) info[k].text_paragraph = text_paragraph;
    // A speaker announced by the last sentence of the paragraph before carries over to this
    // paragraph's first sentence (below).
    split_sentences(m, units);
    int previous_end = -1;  // masked end of the previous sentence of this paragraph
    for (const auto& [a, b] : units) {
      // A sentence that opens with a quote its own words do not attribute takes a speaker
      // announced by the sentence before ("Smith agreed. “…”").
      struct Announced {
        int speaker_start, speaker_end, cue_start, cue_end;
      } announced{pending_speaker_start, pending_speaker_end, pending_cue_start, pending_cue_end};
      pending_speaker_start = -1;
      struct ApplyAnnounced {
        const Announced& an;
        int quote;
        std::vector<QuoteInfo>& info;
        ~ApplyAnnounced() {
          if (an.speaker_start < 0 || quote < 0 || info[quote].attributed || info[quote].used_in_reported) return;
          QuoteInfo& qinfo = info[quote];
          qinfo.speaker_start = an.speaker_start;
          qinfo.speaker_end = an.speaker_end;
          qinfo.cue_start = an.cue_start;
          qinfo.cue_end = an.cue_end;
          qinfo.attributed = true;
          qinfo.announced = true;
        }
      } apply_announced{announced, m.quote[a], info};
      const int before = previous_end;
      previous_end = b;
      const bool has_quote = m.has_quote_in(a, b);
      // The quote ending the sentence before, past its own punctuation, else -1.
      int quote_before = -1;
      if (before >= 0) {
        int k = before - 1;
        while (k >= 0 && m.quote[k] < 0 && m.start[k] == m.end[k]) --k;
        if (k >= 0) quote_before = m.quote[k];
      }
      // A sentence opening with a dash right after a quotation, or a paragraph's under a quotation
      // paragraph, may sign it ("“…” — Smith", "- Smith."), with no verb; so may a parenthesis
      // right after a quotation of the same paragraph ("“…” (Smith, Ohio)").
      const size_t first_byte = first_non_blank(m.view(), a, b);
      const bool opens_dash = opens_with_dash(m.view(), a, b) ||
                              (quote_before >= 0 && first_byte < static_cast<size_t>(b) && m.text[first_byte] == '(');
      const int signed_quote = before < 0 ? closing_quote : quote_before;
      const bool dash_line = signed_quote >= 0 && opens_dash;
      // A sentence without a quotation, a colon or a speech verb is passed over untokenized. The
      // gate need not run again on a sentence that is the whole of a paragraph whose gate passed:
      // masking a paragraph without quotations keeps its letter runs and colons as they are.
      const bool whole_paragraph = a == 0 && b == static_cast<int>(m.text.size());
      if (!has_quote && !dash_line && !(gated && whole_paragraph) &&
          skip_paragraph(m.view(), static_cast<size_t>(a), static_cast<size_t>(b)))
        continue;
      thread_local std::vector<Token> tokens;
      thread_local std::string shape;
      const uint8_t have = tokenize(m, a, b, tokens, shape);
      const bool has_cue = (have & (kHasFinite | kHasParticiple | kHasAccording)) != 0;
      if (has_quote) {
        for (int k = a; k < b; ++k) {
          if (m.quote[k] < 0) continue;
          QuoteInfo& qinfo = info[m.quote[k]];
          qinfo.sentence_has_cue = has_cue;
          int x = a, y = b;
          trim_range(m.view(), x, y);
          qinfo.alone = x == k && (y == k + 1 || (y == k + 2 && m.quote[k + 1] < 0));
        }
      }
      if (has_quote && !tokens.empty()) {
        // The mention opening the sentence: a pronoun, a run of capitalised words, or a short
        // determiner phrase; the last resort for a long quote no rule attributed.
        int se = 0;
        if (shape[0] == 'P') se = 1;
        else if (shape[0] == 'C') {
          se = 1;
          while (se < static_cast<int>(shape.size()) && (shape[se] == 'C' || (shape[se] == 'J' && se + 1 < static_cast<int>(shape.size()) && shape[se + 1] == 'C'))) ++se;
        } else if (shape[0] == 'D') {
          se = 1;
          while (se < static_cast<int>(shape.size()) && se < 5 && (shape[se] == 'l' || shape[se] == 'C' || shape[se] == 'B')) ++se;
          if (se == 1) se = 0;
        }
        // A sentence adverb ("Likewise, …") is no mention.
        if (se == 1 && shape[0] == 'C' &&
            not_speaker_.count(std::string_view(m.text.data() + tokens[0].start, tokens[0].end - tokens[0].start)))
          se = 0;
        if (se > 0 && se < static_cast<int>(shape.size()) && shape[se] != 'Q')
          for (int k = a; k < b; ++k)
            if (m.quote[k] >= 0) {
              info[m.quote[k]].subject_start = static_cast<int>(m.start[tokens[0].start]);
              info[m.quote[k]].subject_end = static_cast<int>(m.end[tokens[se - 1].end - 1]);
            }
      }
      if (!has_cue && !has_quote && !dash_line && !(have & kHasColon)) continue;
      cands.clear();
      match_sentence(m, a, b, have, tokens, shape, cands);
      if (trace_rules()) trace_sentence(m, a, b, shape, cands);
      if (cands.empty()) continue;
      // Rules in priority order; within a rule, left to right. match_sentence() finds them in that
      // order, so the (allocating) sort rarely has anything to do.
      auto by_rule = [](const Candidate& x, const Candidate& y) { return x.rule < y.rule; };
      if (!std::is_sorted(cands.begin(), cands.end(), by_rule)) std::stable_sort(cands.begin(), cands.end(), by_rule);
      used_cues.clear();
      thread_local std::vector<std::pair<int, int>> taken;  // masked content ranges already reported
      taken.clear();
      for (const Candidate& c : cands) {
        if (c.content_start < 0) {
          // A sentence of a speaker and a verb alone: it attributes the quote that ends the
          // sentence before ("“…?” Miller, a retired worker, said.") or else the quote that
          // follows ("Smith said:" / "Smith agreed. “…”").
          if (c.speaker_start < 0) continue;
          // An attribution line signing a quote: "- Smith." (the cue is the dash or parenthesis).
          if (c.cue_start == a && opens_dash) {
            if (signed_quote >= 0) attribute_quote(info[signed_quote], m, c, /*signature=*/true);
            continue;
          }
          if (c.speaker_start == a && quote_before >= 0 && attribute_quote(info[quote_before], m, c)) {
            used_cues.push_back(c.cue_start);  // the verb reports nothing else
            continue;
          }
          pending_speaker_start = m.start[c.speaker_start];
          pending_speaker_end = m.end[c.speaker_end - 1];
          pending_cue_start = m.start[c.cue_start];
          pending_cue_end = m.end[c.cue_end - 1];
          continue;
        }
        int x = c.content_start, y = c.content_end;
        trim_range(m.view(), x, y);
        if (y <= x) continue;
        int nquotes = 0, other = 0;
        const bool quoted = m.has_quote_in(x, y);  // else the loops over quotes below find none
        for (int k = x; quoted && k < y; ++k) {
          if (m.quote[k] >= 0) ++nquotes;
          else if (!(k > x && m.quote[k - 1] >= 0 && m.start[k] == m.end[k]) && m.text[k] != ' ') ++other;
        }
        const bool direct = nquotes > 0 && other == 0;
        // "Kosslick says this strong showing suggests “…”": a quotation whose speaker names no
        // one, inside what another candidate reports, is that candidate's (mixed) quote; not after
        // a colon, which gives the words to the subject ("He said the man shouted: “…”").
        if (direct && c.speaker_start >= 0 && !names_someone(tokens, shape, c.speaker_start, c.speaker_end) &&
            std::find(m.text.begin() + c.cue_end, m.text.begin() + x, ':') == m.text.begin() + x &&
            reported_by_other(cands, c))
          continue;
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
        // Reported speech that opens what another candidate reports is part of that report:
        // "Hockin said he has asked the banks to act" reports Hockin, not "to act" by "he".
        if (c.speaker_start >= 0 && reported_by_other(cands, c, /*opening=*/true)) continue;
        bool overlaps = false;
        for (const auto& [tx, ty] : taken)
          if (x < ty && tx < y) overlaps = true;
        if (overlaps) continue;
        bool quote_taken = false;
        for (int k = x; quoted && k < y; ++k)
          if (m.quote[k] >= 0 && (info[m.quote[k]].attributed || info[m.quote[k]].used_in_reported)) quote_taken = true;
        if (quote_taken) continue;
        for (int k = x; quoted && k < y; ++k)
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
    // The quotation closing this paragraph, if nothing but punctuation follows it.
    closing_quote = -1;
    for (int k = static_cast<int>(m.text.size()); k-- > 0;) {
      if (m.quote[k] >= 0) {
        closing_quote = m.quote[k];
        break;
      }
      const char ch = m.text[k];
      if (ch != '.' && ch != ',' && ch != ' ' && ch != '!' && ch != '?' && ch != ')' && ch != ']') break;
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
    const int words = spaces_inside(text, quotes[k]);
    if (q.sentence_has_cue && !q.alone && words < 10) continue;
    // Right after reported speech that ends with a quotation, a bare quote goes on with its
    // speaker: "Howard said Labour would “do anything …”. “So far this year …”".
    if (k > 0 && info[k - 1].used_in_reported && info[k - 1].paragraph == q.paragraph) {
      const ByteSpan before = quotes[k - 1].span;
      // The reported speech just before the quote must be the one holding that quotation.
      for (size_t j = reported.size(), seen = 0; j-- > 0 && seen < 64; ++seen) {
        const Quote& r = reported[j];
        if (r.span.start >= quotes[k].span.start) continue;
        if (r.span.start <= before.start && r.span.end == before.end && r.speaker) take_speaker_of(q, r);
        break;
      }
      if (q.speaker_start >= 0) continue;
    }
    // The nearest attributed direct quote before it in the paragraph, else the next one.
    int from = -1;
    for (size_t j = k; j-- > 0 && info[j].paragraph == q.paragraph;) {
      // Quoted fragments inside reported speech or other sentences are passed over.
      if (info[j].used_in_reported || (!info[j].attributed && !info[j].alone)) continue;
      if (info[j].speaker_start >= 0) from = static_cast<int>(j);
      break;
    }
    if (from < 0)
      for (size_t j = k + 1; j < quotes.size() && info[j].paragraph == q.paragraph; ++j) {
        if (info[j].used_in_reported || (!info[j].attributed && !info[j].alone)) continue;
        if (info[j].speaker_start >= 0) from = static_cast<int>(j);
        break;
      }
    // A paragraph that is a bare quote continues the speaker of the quote that closed the
    // paragraph before (news style: a new speaker would be named).
    if (from < 0 && q.alone && k > 0 && info[k - 1].text_paragraph == q.text_paragraph - 1 &&
        info[k - 1].speaker_start >= 0 && !info[k - 1].used_in_reported && quotes[k].span.start == paragraph_start(text, quotes[k].span.start))
      from = static_cast<int>(k - 1);
    // Else it continues the reported speech that closed the paragraph before ("Smith said the
    // plan would fail." / "“It is doomed.”").
    if (from < 0 && q.alone && quotes[k].closed && quotes[k].span.start == paragraph_start(text, quotes[k].span.start)) {
      const uint32_t previous = previous_paragraph_start(text, quotes[k].span.start);
      for (size_t j = reported.size(); j-- > 0;) {
        const Quote& r = reported[j];
        if (r.span.start >= quotes[k].span.start) continue;
        if (r.span.start < previous || !r.speaker) break;
        if (k > 0 && quotes[k - 1].span.start > r.span.end) break;  // a quotation came after it
        take_speaker_of(q, r);
        break;
      }
      if (q.speaker_start >= 0) continue;
    }
    if (from < 0 && !q.alone && words >= 10) {
      if (q.subject_start >= 0) {
        q.speaker_start = q.subject_start;
        q.speaker_end = q.subject_end;
        continue;
      }
      // Else the speaker of the reported speech just before it in the paragraph.
      for (size_t j = reported.size(); j-- > 0;) {
        const Quote& r = reported[j];
        if (r.span.start >= quotes[k].span.start || !r.speaker) continue;
        if (std::memchr(text.data() + r.span.start, '\n', quotes[k].span.start - r.span.start)) break;
        q.speaker_start = static_cast<int>(r.speaker->span.start);
        q.speaker_end = static_cast<int>(r.speaker->span.end);
        break;
      }
      if (q.speaker_start >= 0) continue;
    }
    if (from >= 0) {
      q.speaker_start = info[from].speaker_start;
      q.speaker_end = info[from].speaker_end;
      q.cue_start = info[from].cue_start;
      q.cue_end = info[from].cue_end;
    }
  }

  // Merge direct quotes and reported speech in document order.
  // Whether speech is in double marks, so that single marks are headlines' style: counted once,
  // for the first quotation that needs it.
  int double_style = -1;
  auto speech_in_double_marks = [&] {
    if (double_style < 0) {
      size_t single = 0;
      for (const QuoteSpan& qs : quotes) single += qs.single_marks;
      double_style = single * 2 < quotes.size();
    }
    return double_style == 1;
  };
  const size_t first = out.size();
  for (size_t k = 0; k < quotes.size(); ++k) {
    const QuoteInfo& q = info[k];
    if (q.used_in_reported) continue;
    // A title is no speech. It may end in a comma or period when no rule attributed it, or when it
    // follows the noun of a work ("… the author of “Destiny and Power,” said").
    if (reads_as_title(text, quotes[k], !q.attributed || follows_work_noun(text, quotes[k]))) continue;
    if (!q.attributed || q.announced) {
      // No rule of the quotation's own paragraph attributed it: it must read as speech.
      const int words = spaces_inside(text, quotes[k]);
      // A paragraph that is nothing but a short quotation in single marks, where speech is in
      // double marks, is a subheading ('A really tough decision.').
      if (words < 8 && q.alone && quotes[k].single_marks &&
          quotes[k].span.start == paragraph_start(text, quotes[k].span.start) && speech_in_double_marks())
        continue;
      // A one-word paragraph taking the speaker of the quote before ("Related:", "Nooooo!") is no
      // quotation of that speaker.
      if (!q.attributed && q.alone && words == 0 && q.speaker_start >= 0) continue;
      // An unattributed quote counts only when it reads as speech: a whole sentence of its own
      // of more than three words ("Related:" or a slogan alone is no quotation of speech). A long
      // quotation inside a sentence is speech too, even when no rule named its speaker.
      if (!q.attributed && q.speaker_start < 0 && (!quotes[k].closed || (!q.alone && words < 10) || words < 3))
        continue;
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
  auto by_start = [](const Quote& x, const Quote& y) { return x.span.start < y.span.start; };
  const auto from = out.begin() + static_cast<std::ptrdiff_t>(first);
  if (!std::is_sorted(from, out.end(), by_start)) std::stable_sort(from, out.end(), by_start);
}

// Adds the embedded default rules (data/rules.txt) to `set`; false with `error` when they are
// missing or do not parse.
bool parse_default_rules(RuleSet& set, std::string& error) {
  const std::string_view data = embedded::find("rules.txt");
  if (data.empty()) {
    error = "the embedded default rules (rules.txt) are missing";
    return false;
  }
  return parse_rules(data, "rules.txt", set, error);
}

}  // namespace

std::unique_ptr<Attributor> Attributor::create(const PipelineOptions& options, std::string& error) {
  RuleSet set;
  if (!options.replace_default_rules && !parse_default_rules(set, error)) return nullptr;
  for (const auto& path : options.rules_files) {
    std::string data;
    if (!read_file(path, data)) {
      error = fmt::format("{}: cannot read the rules file: {}", path, std::strerror(errno));
      return nullptr;
    }
    if (!parse_rules(data, path, set, error)) return nullptr;
  }
  // A `drop` that names no rule is a typo that would leave the rule meant in force.
  for (const DropSource& d : set.dropped) {
    if (std::none_of(set.rules.begin(), set.rules.end(), [&](const RuleSource& r) { return r.name == d.name; })) {
      error = fmt::format("{}:{}: `drop {}`: no rule has that name", d.file, d.line, d.name);
      return nullptr;
    }
  }
  // The embedded rules alone are trusted to compile (tests/attribution_test.cc checks them). A
  // user file, even one named rules.txt like the embedded one, makes every rule compile now.
  const bool defaults_alone = default_rules_alone(options);
  auto a = std::make_unique<RulesAttributor>();
  if (!a->build(set, defaults_alone, error, defaults_alone ? read_rules_image(embedded_rules_image()) : std::vector<PrebuiltRule>{}))
    return nullptr;
  return a;
}

std::string_view Attributor::embedded_rules_image() { return embedded_image(quoth_rules_image, quoth_rules_image_end); }

std::string Attributor::default_rules_image() {
  RuleSet set;
  std::string error;
  if (!parse_default_rules(set, error)) return {};
  RulesAttributor a;
  ImageWriter out;
  if (!a.build(set, true, error, {}, &out)) return {};
  return out.bytes();
}

}  // namespace quoth
