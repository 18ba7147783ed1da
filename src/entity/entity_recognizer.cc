// Entity recognizer: one linear pass over tokens per document. Gazetteer names are found by
// longest match (one hash lookup per token of the match); names no list holds come from rules on
// runs of capitalised tokens: titles, first names, organisation/place heads, acronym definitions.
#include "entity/entity_recognizer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "data/data_lines.h"
#include "data/embedded.h"
#include "data/image.h"
#include "entity/gazetteer.h"
#include "entity/name_tokens.h"

namespace quoth {
namespace {

// Word classes of data/gazetteer/words.tsv (bit flags) plus first names.
enum WordClass : uint32_t {
  kTitle = 1u << 0,
  kRole = 1u << 1,
  kOrgSuffix = 1u << 2,
  kOrgPrefix = 1u << 3,
  kLocSuffix = 1u << 4,
  kLocPrefix = 1u << 5,
  kGpeSuffix = 1u << 6,
  kConnector = 1u << 7,
  kParticle = 1u << 8,
  kPersonSuffix = 1u << 9,
  kSpeechVerb = 1u << 10,
  kLocPreposition = 1u << 11,
  kStop = 1u << 12,
  kFirstName = 1u << 13,
  kMiscSuffix = 1u << 14,  // ends a name that is no entity of ours: "… War", "… Agreement", "… Cup"
  kCommon = 1u << 15,      // the lower-case form is a common English word
  kDeterminer = 1u << 16,  // the, a, an: never the first word of a name
  kTitleCaseLower = 1u << 17,  // stays lower case in a Title Case headline: "with", "from"
  kOrgCue = 1u << 18,          // a noun that names an organisation next to it: "firm", "shares"
  kCompanySuffix = 1u << 19,   // an org_suffix that ends a company's name: "Co", "Electronics"
  kMonth = 1u << 20,           // a month's name or abbreviation: before a number, a date
  kOpeningLocPreposition = 1u << 21,  // opening a sentence, still puts the next name in a place: "In"
  kLegalForm = 1u << 22,              // the legal form ending a company's name: "Inc", "Co", "Plc"
  kAuxiliary = 1u << 23,              // a lower-case verb opening a clause: "is", "would"
  kMaleName = 1u << 24,               // a first name of men only (first_name_genders.tsv)
  kFemaleName = 1u << 25,             // a first name of women only
  kHonorific = 1u << 26,              // a title before a person's name only: "Mr", "Mrs", "Dr"
};
constexpr uint32_t kUnknownClass = 1u << 31;
// Mixed into a word's hash to remember it, in the document's memory, as the common word that
// names an organisation ("Dome" of "Dome Petroleum Ltd"), apart from the word itself.
constexpr uint64_t kCommonNamingWord = 0x5bd1e9955bd1e995ull;

struct ClassName {
  std::string_view name;
  uint32_t bit;
};
constexpr ClassName kClassNames[] = {
    {"title", kTitle},         {"role", kRole},           {"org_suffix", kOrgSuffix},
    {"org_prefix", kOrgPrefix}, {"loc_suffix", kLocSuffix}, {"loc_prefix", kLocPrefix},
    {"gpe_suffix", kGpeSuffix}, {"connector", kConnector}, {"person_particle", kParticle},
    {"person_suffix", kPersonSuffix}, {"speech_verb", kSpeechVerb},
    {"loc_preposition", kLocPreposition}, {"stop", kStop}, {"misc_suffix", kMiscSuffix}, {"determiner", kDeterminer},
    {"title_case_lower", kTitleCaseLower}, {"org_cue", kOrgCue}, {"company_suffix", kCompanySuffix},
    {"month", kMonth}, {"opening_loc_preposition", kOpeningLocPreposition}, {"legal_form", kLegalForm},
    {"auxiliary", kAuxiliary}, {"honorific", kHonorific},
};

// Default gazetteer files, in load order: a later file's entry replaces an earlier one of the
// same name, so the curated lists come last.
constexpr std::string_view kDefaultFiles[] = {
    "gazetteer/cities.tsv",        "gazetteer/companies.tsv",  "gazetteer/us_politicians.tsv",
    "gazetteer/countries.tsv",     "gazetteer/nationalities.tsv", "gazetteer/places.tsv",
    "gazetteer/organizations.tsv", "gazetteer/people.tsv",
};

// A token that opens a quotation or an aside: " “ ‘ ' « ( „ [ — - : –. Tested by length and
// bytes: it is asked of every punctuation token.
bool is_open_quote(std::string_view t) {
  if (t.size() == 1) {
    const char c = t[0];
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '-' || c == ':';
  }
  if (t.size() == 2) return t[0] == '\xC2' && t[1] == '\xAB';
  if (t.size() != 3 || t[0] != '\xE2' || t[1] != '\x80') return false;
  const auto d = static_cast<unsigned char>(t[2]);
  return d == 0x9C || d == 0x98 || d == 0x9E || d == 0x94 || d == 0x93;
}

// Per-document memory of names seen so far (surnames, acronyms defined in the text): a small
// open-addressing index over `names`, cleared in time proportional to what was added.
struct DocMemory {
  struct Name {
    uint64_t hash;
    EntityType type;
    std::string_view canonical;
    bool surname = false;  // the last word of a full name: a listed person or one with a first name
    // While the name is a guess (a lone unknown word the recognizer called a person for want of
    // evidence): its latest mention in guess_links; else -1.
    int32_t last_guess = -1;
    bool guess() const { return last_guess >= 0; }
  };
  // The mentions of guessed names, chained per name (newest first), so that retyping a name
  // visits its own mentions only.
  struct GuessLink {
    uint32_t mention;  // index in the recognizer's output
    int32_t previous;  // the name's link before this one, -1 at the first
  };
  std::vector<GuessLink> guess_links;
  static constexpr size_t kSlots = 4096;  // power of two; memory stops growing at half of it
  std::vector<Name> names;
  std::vector<uint16_t> index = std::vector<uint16_t>(kSlots, 0);  // 1 + position in names, 0 empty

  void clear() {
    for (const auto& n : names) {
      size_t i = n.hash & (kSlots - 1);
      while (index[i] != 0) {
        index[i] = 0;
        i = (i + 1) & (kSlots - 1);
      }
    }
    names.clear();
    guess_links.clear();
  }
  const Name* find(uint64_t h) const {
    for (size_t i = h & (kSlots - 1); index[i] != 0; i = (i + 1) & (kSlots - 1))
      if (names[index[i] - 1].hash == h) return &names[index[i] - 1];
    return nullptr;
  }
  void add(uint64_t h, EntityType type, std::string_view canonical, bool surname = false) {
    size_t i = h & (kSlots - 1);
    for (; index[i] != 0; i = (i + 1) & (kSlots - 1)) {
      Name& n = names[index[i] - 1];
      if (n.hash == h) {
        // A guess stays one while the word is seen again as no more than the same guess.
        if (n.type != type || !canonical.empty() || surname) n.last_guess = -1;
        n.type = type;
        n.canonical = canonical;
        n.surname = surname;
        return;
      }
    }
    if (names.size() >= kSlots / 2) return;
    names.push_back({h, type, canonical, surname});
    index[i] = static_cast<uint16_t>(names.size());
  }
  // Marks the name of hash h, when it is a person with no canonical name and no full name, a guess
  // (one more of its guessed mentions: output index `mention`).
  void mark_guess(uint64_t h, uint32_t mention) {
    Name* n = const_cast<Name*>(find(h));
    if (!n || n->type != EntityType::Person || !n->canonical.empty() || n->surname) return;
    guess_links.push_back({mention, n->last_guess});
    n->last_guess = static_cast<int32_t>(guess_links.size() - 1);
  }
};

// The tables image the build embeds (generated/tables_image.cc, written by quoth_make_tables):
// null in a program that does not link it, such as quoth_make_tables itself.
extern "C" const char quoth_tables_image[] __attribute__((weak));
extern "C" const char quoth_tables_image_end[] __attribute__((weak));

// Tells an image of RuleRecognizer::write_image() ("QTABLES" and a layout version).
constexpr uint64_t kImageMagic = 0x0153454c42415451ull;

class RuleRecognizer final : public EntityRecognizer {
 public:
  bool init(const PipelineOptions& options, size_t chunk_bytes, std::string& error) {
    chunk_bytes_ = chunk_bytes;
    // The tables the embedded lists make are read from the image the build made of them; built
    // here only when the binary holds no image (or one that does not read).
    const std::string_view image = embedded_tables_image();
    if (image.empty() || !read_image(image, options.default_gazetteer))
      if (!build_tables(options.default_gazetteer, error)) return false;
    for (const auto& path : options.gazetteer_files) {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        error = fmt::format("cannot read gazetteer file {}: {}", path, std::strerror(errno));
        return false;
      }
      std::stringstream ss;
      ss << in.rdbuf();
      user_files_.push_back(ss.str());
      if (!gaz_.load(path, user_files_.back(), true, error)) return false;
    }
    for (uint64_t h : gaz_.lower_starts()) lower_starts_.slot(h, 1);
    for (uint64_t h : gaz_.dotted_words()) dotted_.slot(h, 1);
    return true;
  }

  // Builds the word tables (word_classes_, titles_, dotted_) and, when `with_gazetteer`, the
  // default gazetteer (gaz_) from the embedded lists; false with `error` set on a bad list.
  bool build_tables(bool with_gazetteer, std::string& error) {
    // The word lists load on a second thread while the default gazetteer loads here: they share
    // nothing.
    std::thread words([this] { load_words(); });
    bool loaded = true;
    if (with_gazetteer) {
      for (std::string_view f : kDefaultFiles) {
        std::string_view bytes = embedded::find(f);
        uint8_t kind = f == "gazetteer/cities.tsv" ? kCityList
                       : (f == "gazetteer/places.tsv" || f == "gazetteer/countries.tsv") ? kRegionList
                                                                                          : kOtherList;
        if (!(loaded = gaz_.load(f, bytes, false, error, kind))) break;
      }
    }
    words.join();
    return loaded;
  }

  // Appends what build_tables(true, …) built, before any user gazetteer, to `out`.
  void write_image(ImageWriter& out) const {
    out.u64(kImageMagic);
    word_classes_.write_image(out);
    titles_.write_image(out);
    dotted_.write_image(out);
    gaz_.write_image(out);
  }

  // Takes the tables from an image write_image() wrote, the default gazetteer only when
  // `with_gazetteer`; the tables stay views of `image`, which must outlive the recognizer. False,
  // nothing taken, when the image does not read.
  bool read_image(std::string_view image, bool with_gazetteer) {
    ImageReader in(image);
    uint64_t magic = 0;
    CompactFlatTable word_classes;
    Gazetteer titles(16), gaz(16);
    FlatTable dotted;
    if (!in.u64(magic) || magic != kImageMagic || !word_classes.read_image(in) || !titles.read_image(in) ||
        !dotted.read_image(in) || !gaz.read_image(in) || !in.at_end())
      return false;
    word_classes_ = std::move(word_classes);
    titles_ = std::move(titles);
    dotted_ = std::move(dotted);
    if (with_gazetteer) gaz_ = std::move(gaz);
    return true;
  }

  size_t gazetteer_size() const override { return gaz_.size(); }

  bool common_word(std::string_view word) const override {
    const uint32_t* c = word_classes_.find(hash_token(word));
    return c && (*c & (kCommon | kStop)) && !(*c & kFirstName);
  }

  bool legal_form(std::string_view word) const override {
    const uint32_t* c = word_classes_.find(hash_token(word));
    return c && (*c & kLegalForm);
  }

  bool person_suffix(std::string_view word) const override {
    const uint32_t* c = word_classes_.find(hash_token(word));
    return c && (*c & kPersonSuffix);
  }

  char first_name_gender(std::string_view word) const override {
    const uint32_t* c = word_classes_.find(hash_token(word));
    if (!c) return 0;
    return (*c & kMaleName) ? 'm' : (*c & kFemaleName) ? 'f' : 0;
  }

  void recognize(std::string_view text, const std::vector<ByteSpan>& sentences,
                 std::vector<EntityMention>& out) const override;

 private:
  void load_words();
  // Tokenizes the next chunk of `text` from byte `pos` (about chunk_bytes_ long, ending where white
  // space starts after an ASCII character, so that no token and no token's context crosses the
  // cut), appends its tokens to `toks` and moves `pos` to the chunk's end.
  void tokenize_chunk(std::string_view text, size_t& pos, std::vector<NameToken>& toks) const;
  bool keep_dot(uint64_t h) const { return dotted_.find(h) != nullptr; }

  size_t chunk_bytes_ = kDefaultTokenChunkBytes;
  Gazetteer gaz_;
  Gazetteer titles_{1 << 11};  // capitalised titles (type Person) and lowercase role nouns (type Norp)
  CompactFlatTable word_classes_{1 << 18};  // folded token hash → WordClass bits (~80k words)
  FlatTable lower_starts_{64};              // first words of names that start in lower case
  FlatTable dotted_{256};  // words that keep a following "." (the word lists' "Dr", "Inc" and the gazetteer's)
  std::deque<std::string> user_files_;
};

void RuleRecognizer::load_words() {
  std::string folded;
  auto add_word = [&](std::string_view w, uint32_t bit) {
    if (w.size() > 1 && w.back() == '.') {
      folded.clear();
      fold_token(w.substr(0, w.size() - 1), folded);
      dotted_.slot(hash_folded(folded), 1);
      titles_.add_dotted_word(w.substr(0, w.size() - 1));
    }
    folded.clear();
    fold_token(w, folded);
    word_classes_.slot(hash_folded(folded), 0) |= bit;
  };
  for_each_data_line(embedded::find("gazetteer/words.tsv"), [&](size_t, std::string_view line) {
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return true;
    std::string_view w = line.substr(0, tab), cls = line.substr(tab + 1);
    for (const auto& c : kClassNames) {
      if (c.name != cls) continue;
      if (c.bit == kTitle || c.bit == kRole) {
        titles_.add(w, c.bit == kTitle ? EntityType::Person : EntityType::Norp, {}, false);
        if (w.find(' ') == std::string_view::npos) add_word(w, c.bit);
        else if (w.back() == '.') add_word(w.substr(w.rfind(' ') + 1), 0);
      } else {
        add_word(w, c.bit);
      }
    }
    return true;
  });
  for_each_data_line(embedded::find("gazetteer/first_names.txt"), [&](size_t, std::string_view line) {
    folded.clear();
    fold_token(line, folded);
    word_classes_.slot(hash_folded(folded), 0) |= kFirstName;
    return true;
  });
  for_each_data_line(embedded::find("gazetteer/first_name_genders.tsv"), [&](size_t, std::string_view line) {
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab + 1 >= line.size()) return true;
    folded.clear();
    fold_token(line.substr(0, tab), folded);
    word_classes_.slot(hash_folded(folded), 0) |= line[tab + 1] == 'f' ? kFemaleName : kMaleName;
    return true;
  });
  // The common words (the list is lower case already) go in by batches of hashes, each slot
  // prefetched a few keys ahead: one by one, every insert would wait for memory.
  std::vector<uint64_t> hashes;
  for_each_data_line(embedded::find("gazetteer/common_words.txt"), [&](size_t, std::string_view line) {
    hashes.push_back(hash_folded(line));
    return true;
  });
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < hashes.size(); ++i) {
    if (i + kAhead < hashes.size()) word_classes_.prefetch(hashes[i + kAhead]);
    word_classes_.slot(hashes[i], 0) |= kCommon;
  }
}

// The per-document pass. Works on one sentence at a time; `memory` carries names across sentences.
class Pass {
 public:
  Pass(const Gazetteer& gaz, const Gazetteer& titles, const CompactFlatTable& classes,
       const FlatTable& lower_starts, std::vector<uint32_t>& tok_classes, std::string_view text,
       const std::vector<NameToken>& toks, DocMemory& memory, std::vector<EntityMention>& out)
      : gaz_(gaz), titles_(titles), classes_(classes), lower_starts_(lower_starts), tok_classes_(tok_classes),
        text_(text), toks_(toks), memory_(memory), out_(out) {}

  void sentence(size_t begin, size_t end);

 private:
  // WordClass bits of token i, looked up on first use: words far from any name are never looked up.
  uint32_t cls(size_t i) const {
    uint32_t c = tok_classes_[i];
    if (c == kUnknownClass) {
      const uint32_t* found = classes_.find(toks_[i].hash);
      c = tok_classes_[i] = found ? *found : 0;
    }
    return c;
  }
  [[gnu::always_inline]] std::string_view tok_text(size_t i) const { return text_.substr(toks_[i].start, toks_[i].end - toks_[i].start); }
  bool capword(size_t i) const {
    const auto& t = toks_[i];
    return t.word && (t.cap || t.all_caps) && !t.possessive;
  }
  // A word that goes on a name: a capitalised word, or an Arabic article grown onto a capitalised
  // name ("al-Sadr" in "Muqtada al-Sadr").
  [[gnu::always_inline]] bool name_word(size_t i) const {
    return capword(i) || (toks_[i].lower && arabic_article_length(tok_text(i)) > 0);
  }
  // Gazetteer match at i whose case agrees with the text; 0 when none.
  size_t gaz_match(size_t i, size_t end, const GazetteerEntry*& e) const;
  // Title or role phrase at i: its length (0 none); `capital` tells a capitalised title.
  size_t title_at(size_t i, size_t end, bool& capital) const;
  void emit(size_t b, size_t e, EntityType type, std::string_view canonical, uint8_t kind = kOtherList);
  // True when tokens [b, e), one to three, are all organisation heads or legal forms ("Co",
  // "Oil Partners L.P."): what follows the naming word of an organisation's name.
  bool heads_only(size_t b, size_t e) const;
  void emit_person(size_t b, size_t e);
  // emit() of the one token i; with `guess`, a person guessed for want of evidence, which later
  // evidence may retype (retype_guesses()).
  void emit_one(size_t i, EntityType type, std::string_view canonical, bool guess);
  // In a headline (no capitalisation evidence): tokens i, i + 1 read as a person's first name
  // and surname.
  bool headline_person(size_t i, size_t end) const;
  // Tokens b, b + 1 of a sentence ending at sent_end: a first name that is also a rule word and
  // a surname, where the sentence shows a person ("Bill Conti said", "said June Smith", "Bill
  // Conti's job", ", Hope Jones,", "analyst Bill Thompson"); not "the Bill Monday" or "West Bromwich".
  bool stop_word_first_name(size_t b, size_t sent_end) const;
  // Tokens b, b + 1: a common word that is no first name of the lists and an unknown surname,
  // where the sentence shows a person ("director Dieter Kosslick says").
  bool common_word_first_name(size_t b, size_t sent_end) const;
  // Tokens b, b + 1 as a first word and a surname: a capitalised word after b, in no class of
  // `not_surname`, neither in capitals, on one line, and no name word after them.
  bool two_word_name(size_t b, size_t sent_end, uint32_t not_surname) const;
  // Whether the sentence shows tokens [b, e) to be a person: a speech verb after or before them,
  // a role noun before them, or (unless `strong_only`) a possessive after them or commas around.
  bool shows_person(size_t b, size_t e, size_t sent_end, bool strong_only) const;
  // Tokens [b, e) after a title hold no name of a person: common words ending in an organisation
  // or event head ("Commission", "Accounting Office", "Wars"), no first name.
  bool names_nobody(size_t b, size_t e) const;
  // The gazetteer entry naming exactly bytes [from, to) of token i's text (a part of a hyphenated
  // word: "Russia" in "Russia-led"), else null. Uses scratch_.
  const GazetteerEntry* part_entry(size_t i, size_t from, size_t to);
  // Token i, a hyphenated word, is listed places or peoples joined to a dotted abbreviation
  // ("Soviet-U.S."): emits their mentions and returns true; else false, and emits nothing.
  bool hyphenated_places(size_t i);
  // Token i is "And" or "Or", capitalised right after an abbreviation's dot, as wire copy writes
  // "the U.S. And Japan": a conjunction, no word of a name (titles of works keep theirs, "Sex And
  // The City").
  [[gnu::always_inline]] bool capital_conjunction(size_t i) const {
    const NameToken& t = toks_[i];
    const uint32_t n = t.end - t.start;
    const char c = text_[t.start];
    if (!((n == 3 && c == 'A') || (n == 2 && c == 'O')) || i == 0) return false;  // the cheap test first
    if (tok_text(i) != "And" && tok_text(i) != "Or") return false;
    const NameToken& p = toks_[i - 1];
    return p.end > p.start && text_[p.end - 1] == '.';
  }
  // Tokens [b, e), at least one, are all legal forms ("Ltd", "Co Inc").
  bool only_legal_forms(size_t b, size_t e) const {
    if (e <= b) return false;
    for (size_t k = b; k < e; ++k)
      if (!(cls(k) & kLegalForm)) return false;
    return true;
  }
  // Gives every mention so far that guessed the word of token hash `hash` a person the type
  // `type`, and remembers the word as that type.
  void retype_guesses(uint64_t hash, EntityType type);
  // Token i follows a place mention and "and", "or", or a comma of a list that goes on.
  bool after_place_in_list(size_t i, size_t sent_end) const;
  // The end of the capitalised words that the "and" at token a joins onto the capitalised run
  // starting at b, making one name; 0 when it joins nothing there. It joins a company's name that
  // ends in its legal form ("Procter and Gamble Co", "American Telephone and Telegraph Co"), and
  // an institution's name of common words after "of" or "for" ("Department of Trade and
  // Industry", "Organisation for Economic Cooperation and Development").
  [[gnu::noinline]] size_t and_joined_end(size_t b, size_t a, size_t end) const;
  // Classifies the capitalised run [b, e) (not in the gazetteer as a whole).
  size_t run(size_t b, size_t e, size_t sent_end, bool initial);
  size_t single(size_t i, size_t sent_end, bool initial);
  // Whether the name [b, e) stands next to an organisation noun: "the firm Diageo", "Diageo's
  // shares", "Diageo shares".
  bool org_context(size_t b, size_t e, size_t sent_end) const;

  const Gazetteer& gaz_;
  const Gazetteer& titles_;
  const CompactFlatTable& classes_;
  const FlatTable& lower_starts_;
  std::vector<uint32_t>& tok_classes_;  // WordClass bits of each token, kUnknownClass until looked up
  std::string_view text_;
  const std::vector<NameToken>& toks_;
  DocMemory& memory_;
  std::vector<EntityMention>& out_;
  bool headline_ = false;
  bool last_city_ = false;
  std::vector<NameToken> scratch_;
  size_t sent_begin_ = 0;
};

size_t Pass::gaz_match(size_t i, size_t end, const GazetteerEntry*& e) const {
  size_t n = gaz_.longest_match(toks_, i, end - i, e);
  while (n > 0) {
    bool ok = true;
    if (!headline_) {
      for (size_t k = 0; k < n && ok; ++k) {
        const auto& t = toks_[i + k];
        // An acronym in capitals, or of four letters or more in title case, as British papers
        // write those said as words ("Nato", "Opec", "Unesco").
        if ((e->acronym_mask >> k) & 1) ok = t.all_caps || t.digit || (t.cap && t.end - t.start >= 4);
        else if ((e->cap_mask >> k) & 1) ok = t.cap || t.all_caps || t.digit;
      }
    } else if (e->acronym_mask & 1) {
      ok = toks_[i].all_caps && !(cls(i) & kStop);
    }
    if (ok) return n;
    // Try a shorter name: look up again with a smaller limit.
    size_t m = gaz_.longest_match(toks_, i, n - 1, e);
    if (m >= n) break;
    n = m;
  }
  return 0;
}

size_t Pass::title_at(size_t i, size_t end, bool& capital) const {
  const GazetteerEntry* e;
  size_t n = titles_.longest_match(toks_, i, end - i, e);
  if (n == 0) return 0;
  // Titles chain: "Deputy Secretary-General", "Vice Chairman", "Former President".
  capital = e->type == EntityType::Person;
  const GazetteerEntry* more_entry;
  for (size_t more; i + n < end && (more = titles_.longest_match(toks_, i + n, end - i - n, more_entry)) > 0;)
    n += more;
  if (capital && !(toks_[i].cap || toks_[i].all_caps)) {
    // "prime minister" written in lower case: a role noun phrase.
    capital = false;
  }
  if (!capital && !toks_[i].lower) return n;  // capitalised role noun also counts as title
  return n;
}

bool Pass::heads_only(size_t b, size_t e) const {
  if (e <= b || e - b > 3) return false;
  for (size_t k = b; k < e; ++k)
    if (!(cls(k) & (kOrgSuffix | kLegalForm))) return false;
  return true;
}

void Pass::emit(size_t b, size_t e, EntityType type, std::string_view canonical, uint8_t kind) {
  if (e <= b) return;
  // A legal form alone ("Ltd" after "Sony (U.K.)", "Co says …") names no one.
  if (only_legal_forms(b, e)) return;
  EntityMention m;
  m.span = {toks_[b].start, toks_[e - 1].end};
  m.type = type;
  m.canonical = canonical;
  if (!out_.empty() && out_.back().span.end > m.span.start) return;
  // "Denver, Colorado": a city and its state or country are one place; not in a list that goes on
  // ("Denver, Colorado, Utah …") or ends after it ("Frankfurt, New York and Tokyo").
  auto list_goes_on = [&] {
    if (e + 1 >= toks_.size() || !capword(e + 1) || toks_[e + 1].newline_before) return false;
    const std::string_view sep = tok_text(e);
    return sep == "," || ((sep == "and" || sep == "or") && toks_[e].lower);
  };
  if (kind == kRegionList && last_city_ && !out_.empty() && b >= 2 && tok_text(b - 1) == "," &&
      out_.back().span.end == toks_[b - 2].end && type == EntityType::Gpe && !list_goes_on()) {
    out_.back().span.end = m.span.end;
    out_.back().canonical = {};
    last_city_ = false;
    return;
  }
  last_city_ = kind == kCityList;
  out_.push_back(m);
  if (type == EntityType::Person) {
    // Remember each name part so that a later surname alone is known.
    const bool full = e - b >= 2 && (!canonical.empty() || (cls(b) & kFirstName));
    for (size_t k = b; k < e; ++k)
      if (toks_[k].word && (toks_[k].cap || toks_[k].all_caps)) memory_.add(toks_[k].hash, type, canonical, full && k == e - 1);
  } else if (e - b == 1 || canonical.empty() == false) {
    memory_.add(toks_[b].hash ^ (e - b == 1 ? 0 : 1), type, canonical);
  } else if (const size_t h = e - b == 3 && (cls(b) & kOrgPrefix) && (cls(b) & kStop) ? b + 1 : b;  // the naming word
             type == EntityType::Org && e - h >= 2 && heads_only(h + 1, e) && capword(h) &&
             !(cls(h) & (kStop | kFirstName))) {
    // "Pennzoil Co" makes a later "Pennzoil" alone the organisation, and so do "International
    // Multifoods Corp" "Multifoods" and "Snyder Oil Partners L.P." "Snyder" ("Sunday Times" and
    // "Michael Page" do not make "Sunday" or "Michael" one). A common word ("Dome" of "Dome
    // Petroleum Ltd") is remembered apart, for where the text shows it names something.
    const uint64_t key = (cls(h) & kCommon) ? toks_[h].hash ^ kCommonNamingWord : toks_[h].hash;
    if (!memory_.find(key)) memory_.add(key, type, {});
  }
  // "Name (ACRONYM)": the acronym is a mention of the same entity when it starts with the first
  // letter of a word of the name ("International Atomic Energy Agency (IAEA)", "U.S. Department
  // of Transportation (DOT)"; not "Athletics Kenya (AK)", where the name found is only a part).
  auto initial_in_name = [&] {
    const char a = static_cast<char>(text_[toks_[e + 1].start] | 0x20);
    for (size_t k = b; k < e; ++k)
      if (capword(k) && static_cast<char>(text_[toks_[k].start] | 0x20) == a) return true;
    return false;
  };
  if (e + 2 < toks_.size() && tok_text(e) == "(" && toks_[e + 1].all_caps && tok_text(e + 2) == ")" &&
      type != EntityType::Person && initial_in_name()) {
    std::string_view canon = canonical.empty() ? text_.substr(m.span.start, m.span.size()) : canonical;
    out_.back().canonical = canon;
    EntityMention a;
    a.span = {toks_[e + 1].start, toks_[e + 1].end};
    a.type = type;
    a.canonical = canon;
    out_.push_back(a);
    memory_.add(toks_[e + 1].hash, type, canon);
  }
}

void Pass::emit_person(size_t b, size_t e) {
  // Trailing lower-case particles or connectors never end a name.
  while (e > b && !name_word(e - 1)) --e;
  emit(b, e, EntityType::Person, {});
}

bool Pass::stop_word_first_name(size_t b, size_t sent_end) const {
  constexpr uint32_t kNotFirst = kTitle | kParticle | kLocPrefix | kLocSuffix | kOrgPrefix | kMonth;
  constexpr uint32_t kNotSurname = kStop | kTitle | kOrgSuffix | kLocSuffix | kGpeSuffix | kMiscSuffix | kPersonSuffix |
                                   kMonth;
  const size_t s = b + 1;
  if (!(cls(b) & kFirstName) || !(cls(b) & kStop) || (cls(b) & kNotFirst) || !two_word_name(b, sent_end, kNotSurname))
    return false;
  const std::string_view surname = tok_text(s);
  if (surname.size() < 2 || surname.find('.') != std::string_view::npos) return false;
  if (const auto* known = memory_.find(toks_[s].hash); known && known->type != EntityType::Person) return false;
  const GazetteerEntry* g;
  if (gaz_match(s, sent_end, g) > 0 && g->type != EntityType::Person) return false;
  return shows_person(b, s + 1, sent_end, false);
}

bool Pass::two_word_name(size_t b, size_t sent_end, uint32_t not_surname) const {
  const size_t s = b + 1;
  return s < sent_end && capword(s) && !(cls(s) & not_surname) && !toks_[s].all_caps && !toks_[b].all_caps &&
         !toks_[s].newline_before && !(s + 1 < sent_end && name_word(s + 1));
}

bool Pass::shows_person(size_t b, size_t e, size_t sent_end, bool strong_only) const {
  auto speech = [&](size_t i) { return (cls(i) & kSpeechVerb) && toks_[i].lower; };
  auto is = [&](size_t i, std::string_view p) { return !toks_[i].word && tok_text(i) == p; };
  const bool after_speech = e < sent_end && speech(e);
  const bool possessive = e < sent_end && toks_[e].possessive;
  const bool before_speech = b > sent_begin_ && speech(b - 1);
  const bool apposition = b > sent_begin_ && e < sent_end && is(b - 1, ",") && is(e, ",");
  const bool after_role = b > sent_begin_ && (cls(b - 1) & kRole) && toks_[b - 1].lower;  // "analyst Bill Thompson"
  if (strong_only) return after_speech || before_speech || after_role;
  return after_speech || possessive || before_speech || apposition || after_role;
}

bool Pass::common_word_first_name(size_t b, size_t sent_end) const {
  constexpr uint32_t kNotSurname = kCommon | kStop | kTitle | kOrgSuffix | kLocSuffix | kGpeSuffix | kMiscSuffix |
                                   kPersonSuffix | kMonth | kLegalForm;
  const size_t s = b + 1;
  if (!(cls(b) & kCommon) || (cls(b) & (kStop | kTitle | kOrgPrefix | kLocPrefix)) || !two_word_name(b, sent_end, kNotSurname))
    return false;
  if (memory_.find(toks_[s].hash) || memory_.find(toks_[b].hash)) return false;
  const GazetteerEntry* g;
  if (gaz_match(b, sent_end, g) > 0 || gaz_match(s, sent_end, g) > 0) return false;
  // Commas or a possessive show a person only after an initial ("S Easterby, D O'Callaghan"), not
  // after a word ("Finding Neverland, Sideways").
  return shows_person(b, s + 1, sent_end, /*strong_only=*/toks_[b].end - toks_[b].start > 1);
}

bool Pass::headline_person(size_t i, size_t end) const {
  // Title Case only: ALL CAPS headlines are mostly company news ("TATE LYLE", "CRUZ ALTA").
  if (i + 1 >= end || !toks_[i].cap || !toks_[i + 1].cap || toks_[i].all_caps || toks_[i + 1].all_caps ||
      toks_[i + 1].possessive || toks_[i + 1].newline_before)
    return false;
  // The first name is no common word ("Will", "Grace"), particle ("Del") or place or organisation
  // head ("Santa"); the second is no initial, common or rule word and no name of a list ("Jordan
  // Israel"); what follows is no further part of a name ("Daniel Kang Quits", not "Ross Dalton
  // Stores").
  constexpr uint32_t kNotFirst = kCommon | kStop | kTitle | kParticle | kLocPrefix | kOrgPrefix;
  constexpr uint32_t kNotSurname = kCommon | kStop | kTitle | kOrgSuffix | kLocSuffix | kGpeSuffix | kMiscSuffix |
                                   kPersonSuffix | kMonth;
  if (!(cls(i) & kFirstName) || (cls(i) & kNotFirst) || (cls(i + 1) & kNotSurname)) return false;
  const std::string_view surname = tok_text(i + 1);
  if (surname.size() < 2 || surname.find('.') != std::string_view::npos) return false;  // "ARTHUR D."
  constexpr uint32_t kNameHead = kOrgSuffix | kCompanySuffix | kLocSuffix | kGpeSuffix | kMiscSuffix | kPersonSuffix;
  if (i + 2 < end && capword(i + 2) && !toks_[i + 2].newline_before &&
      (!(cls(i + 2) & (kCommon | kStop)) || (cls(i + 2) & kNameHead)))
    return false;
  if (memory_.find(toks_[i + 1].hash)) return false;
  const GazetteerEntry* g;
  size_t next = i + 1;
  return gaz_match(next, end, g) == 0;
}

bool Pass::after_place_in_list(size_t i, size_t sent_end) const {
  if (i < 2 || i - 2 < sent_begin_ || out_.empty() || out_.back().span.end != toks_[i - 2].end) return false;
  if (out_.back().type != EntityType::Gpe && out_.back().type != EntityType::Loc) return false;
  const std::string_view link = tok_text(i - 1);
  if (toks_[i - 1].lower && (link == "and" || link == "or")) return true;
  if (link != "," || i + 2 >= sent_end) return false;
  const std::string_view next = tok_text(i + 1);
  return next == "," || (toks_[i + 1].lower && (next == "and" || next == "or"));
}

namespace {
// A place's head that is also a common surname: "Hill", "Lane", "Cape", "Field" ("Lake" after a
// first name is mostly a town: "Elliot Lake").
bool surname_like_head(std::string_view w) {
  for (const std::string_view h : {"Hill", "Lane", "Cape", "Field", "Fields", "Ford", "Wood", "Brook", "Marsh"})
    if (w == h) return true;
  return false;
}

// A day of the month in words, capitalised: "One" to "Thirty-one".
bool is_day_word(std::string_view w) {
  static constexpr std::string_view kUnits[] = {"One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"};
  static constexpr std::string_view kDays[] = {"Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen",
                                               "Seventeen", "Eighteen", "Nineteen", "Twenty", "Thirty"};
  for (const std::string_view d : kUnits)
    if (w == d) return true;
  for (const std::string_view d : kDays)
    if (w == d) return true;
  // "Twenty-one" … "Twenty-nine", "Thirty-one"
  for (const std::string_view tens : {"Twenty-", "Thirty-"})
    if (w.size() > tens.size() && w.starts_with(tens)) {
      const std::string_view unit = w.substr(tens.size());
      for (const std::string_view d : kUnits)
        if (unit.size() == d.size() && (unit[0] | 0x20) == (d[0] | 0x20) && unit.substr(1) == d.substr(1)) return true;
    }
  return false;
}

// The words besides a legal form that make a firm of a person's name: "… and Sons", "… and Partners".
bool is_firm_word(std::string_view w) {
  for (std::string_view f : {"Son", "Sons", "Brothers", "Partners", "Associates"})
    if (w == f) return true;
  return false;
}
}  // namespace

size_t Pass::and_joined_end(size_t b, size_t a, size_t end) const {
  constexpr size_t kMaxWords = 4;  // on either side of the "and"
  if (a <= b || a - b > kMaxWords || tok_text(a) != "and") return 0;
  // The capitalised words after "and": one to kMaxWords of them (one more is read to tell a
  // longer run).
  size_t f = a + 1;
  while (f < end && f - a <= kMaxWords + 1 && capword(f) && !toks_[f].newline_before) ++f;
  if (f == a + 1 || f - a > kMaxWords + 1) return 0;
  const bool company = cls(f - 1) & kLegalForm;
  if (!company && !(cls(b) & kOrgPrefix)) return 0;  // neither a company's nor an institution's name
  // An "and" inside a title joins no names ("Mining and Energy Minister Subroto").
  for (size_t k = b; k < f; ++k) {
    bool capital = false;
    if (k != a && title_at(k, f, capital) > 0) return 0;
  }
  const GazetteerEntry* g = nullptr;
  // Nothing but a legal form and a firm's own words after "and" is no company of its own, after
  // any name ("Morgan Stanley and Co Inc", "Merrill Lynch and Co").
  if (company && !(cls(a - 1) & kLegalForm)) {
    bool firm_only = true;
    for (size_t k = a + 1; k < f && firm_only; ++k) firm_only = (cls(k) & kLegalForm) || is_firm_word(tok_text(k));
    if (firm_only) return f;
  }
  if (company) {
    // The words before "and" are no company of their own ("Standard Oil Co and BP America Inc",
    // "IBM and Apple Computer Inc"), and no listed organisation opens the words after it.
    if (cls(a - 1) & kLegalForm) return 0;
    if (gaz_match(b, a, g) == a - b) return 0;
    if (const auto* known = a - b == 1 ? memory_.find(toks_[b].hash) : nullptr; known && known->type != EntityType::Person)
      return 0;
    if (gaz_match(a + 1, f, g) > 0 && g->type == EntityType::Org) return 0;
    // After a person's name, only a firm's own words follow: "Eli Lilly and Co", "Samuel Montagu
    // and Co Ltd", "Abdulla Fouad and Sons Co", not "Dudley Taft and Narragansett Capital Inc".
    // A first name before common words is no person's ("Harlow Federal Savings and Loan …").
    bool person = cls(b) & kFirstName;
    for (size_t k = b + 1; k < a && person; ++k) person = !(cls(k) & (kCommon | kStop | kOrgSuffix | kOrgPrefix));
    if (person)
      for (size_t k = a + 1; k < f; ++k)
        if (!(cls(k) & kLegalForm) && !is_firm_word(tok_text(k))) return 0;
    return f;
  }
  // An institution: its head, then "of" or "for" ("Ministry of Mines", "Organisation for …").
  size_t of = b + 1;
  while (of < a && !(toks_[of].lower && (tok_text(of) == "of" || tok_text(of) == "for"))) ++of;
  if (of >= a) return 0;
  size_t named = of + 1;
  if (named < a && tok_text(named) == "the") ++named;
  // "Bank of England and …", "University of Texas and …": a listed place ends the name.
  if (named < a && gaz_match(named, a, g) == a - named && (g->type == EntityType::Gpe || g->type == EntityType::Loc))
    return 0;
  // After "and", common words that are no first name, no institution's head and no listed name.
  for (size_t k = a + 1; k < f; ++k)
    if (!(cls(k) & kCommon) || (cls(k) & (kFirstName | kOrgPrefix))) return 0;
  if (gaz_match(a + 1, f, g) > 0) return 0;
  return f;
}

const GazetteerEntry* Pass::part_entry(size_t i, size_t from, size_t to) {
  NameToken part = toks_[i];
  part.start = toks_[i].start + static_cast<uint32_t>(from);
  part.end = toks_[i].start + static_cast<uint32_t>(to);
  std::string folded;
  fold_token(tok_text(i).substr(from, to - from), folded);
  part.hash = hash_folded(folded);
  scratch_.assign(1, part);
  const GazetteerEntry* e = nullptr;
  return gaz_.longest_match(scratch_, 0, 1, e) == 1 ? e : nullptr;
}

bool Pass::hyphenated_places(size_t i) {
  const std::string_view word = tok_text(i);
  // Only words with a dotted abbreviation in them ("Soviet-U.S.", "Canadian-U.S."); other
  // hyphenated words ("Iran-Iraq", "African-American") are read by the rules that follow.
  if (word.find('.') == std::string_view::npos) return false;
  // The parts, each capitalised and a listed place or people; at most four.
  std::array<EntityMention, 4> parts;
  size_t n = 0, from = 0;
  while (from <= word.size()) {
    size_t to = word.find('-', from);
    if (to == std::string_view::npos) to = word.size();
    if (to == from || n == parts.size() || !(word[from] >= 'A' && word[from] <= 'Z')) return false;
    const GazetteerEntry* pg = part_entry(i, from, to);
    if (!pg || !(pg->type == EntityType::Gpe || pg->type == EntityType::Norp)) return false;
    parts[n].span = {toks_[i].start + static_cast<uint32_t>(from), toks_[i].start + static_cast<uint32_t>(to)};
    parts[n].type = pg->type;
    parts[n].canonical = pg->canonical;
    ++n;
    from = to + 1;
  }
  if (n < 2) return false;
  // Peoples only make one people; with a place among them, each part is its own mention
  // ("Soviet-U.S. relations").
  bool peoples = true;
  for (size_t k = 0; k < n; ++k) peoples = peoples && parts[k].type == EntityType::Norp;
  if (peoples) {
    emit(i, i + 1, EntityType::Norp, {});
    return true;
  }
  for (size_t k = 0; k < n; ++k)
    if (out_.empty() || out_.back().span.end <= parts[k].span.start) out_.push_back(parts[k]);
  return true;
}

bool Pass::names_nobody(size_t b, size_t e) const {
  if (e <= b || !(cls(e - 1) & (kOrgSuffix | kMiscSuffix))) return false;  // "Mr Brown" is somebody
  for (size_t k = b; k < e; ++k) {
    const uint32_t c = cls(k);
    if ((c & kFirstName) || !(c & (kCommon | kStop | kOrgSuffix | kMiscSuffix))) return false;
  }
  return true;
}

bool Pass::org_context(size_t b, size_t e, size_t sent_end) const {
  if (b > sent_begin_ && toks_[b - 1].lower && (cls(b - 1) & kOrgCue)) return true;
  size_t k = e;
  if (k < sent_end && toks_[k].possessive) ++k;
  return k < sent_end && toks_[k].lower && (cls(k) & kOrgCue);
}

namespace {
// A word with an organisation noun grown into its end: "Bundesbank", "Nordbanken", "GenCorp",
// "Genentech", "Ubisoft", "Statoil". At least three letters come before the noun.
bool org_compound(std::string_view word) {
  for (std::string_view noun : {"bank", "banken", "corp", "tech", "soft", "oil"}) {
    if (word.size() < noun.size() + 3) continue;
    const std::string_view end = word.substr(word.size() - noun.size());
    bool same = true;
    for (size_t k = 0; k < noun.size() && same; ++k) same = (end[k] | 0x20) == noun[k];
    if (same) return true;
  }
  return false;
}
// Capitals, then an "s": "PCs", "DVDs", "SUVs".
bool plural_acronym(std::string_view word) {
  if (word.size() < 3 || word.back() != 's') return false;
  for (size_t k = 0; k + 1 < word.size(); ++k)
    if (!(word[k] >= 'A' && word[k] <= 'Z') && !(k > 0 && word[k] >= '0' && word[k] <= '9')) return false;
  return true;
}

// A capital after two lower-case letters inside the word: a brand or a company ("PayPal",
// "PlayStation", "BitTorrent", "DaimlerChrysler"), no person's name. Names with a prefix
// ("MacArthur", "VanDyke", "FitzGerald") are not taken for one, nor, with one letter before the
// capital, are "LeBron" or "DeShawn".
bool camel_case(std::string_view word) {
  for (std::string_view prefix : {"Mac", "Van", "Von", "Fitz", "Del", "Des", "Dal", "Den", "Ter"})
    if (word.starts_with(prefix) && word.size() > prefix.size() && word[prefix.size()] >= 'A' && word[prefix.size()] <= 'Z')
      return false;
  for (size_t k = 2; k < word.size(); ++k)
    if (word[k] >= 'A' && word[k] <= 'Z' && word[k - 1] >= 'a' && word[k - 1] <= 'z' && word[k - 2] >= 'a' && word[k - 2] <= 'z')
      return true;
  return false;
}
}  // namespace

size_t Pass::single(size_t i, size_t sent_end, bool initial) {
  const auto& t = toks_[i];
  const uint32_t c = cls(i);
  std::string_view word = tok_text(i);
  // Hyphenated adjectives ("Russian-led", "U.S.-based") are no names.
  size_t dash = word.find('-');
  if (dash != std::string_view::npos && dash + 1 < word.size() && word[dash + 1] >= 'a' && word[dash + 1] <= 'z')
    return i + 1;
  // A party tag ("D-Ohio", "R-N.Y.", as in "Sen. Sherrod Brown (D-Ohio)") is no name.
  if (word.size() >= 3 && word[1] == '-' && (word[0] == 'D' || word[0] == 'R' || word[0] == 'I') && word[2] >= 'A' &&
      word[2] <= 'Z')
    return i + 1;
  // A letter or three and a number ("M-1" money supply, an "A-1" or "Baa-2" rating, a "B-52")
  // are no name.
  if (const size_t hy = word.find('-'); hy >= 1 && hy <= 3 && hy + 1 < word.size() && word[0] >= 'A' && word[0] <= 'Z' &&
                                        word.find_first_not_of("0123456789", hy + 1) == std::string_view::npos)
    return i + 1;
  if (const auto* known = memory_.find(t.hash)) {
    // A word guessed a person earlier that an organisation noun now stands next to ("oil giant
    // Yukos", "Vodafone shares") is the organisation, here and where it was guessed.
    if (known->guess() && !(c & kFirstName) && org_context(i, i + 1, sent_end)) {
      retype_guesses(t.hash, EntityType::Org);
      emit(i, i + 1, EntityType::Org, {});
      return i + 1;
    }
    emit_one(i, known->type, known->canonical, known->guess());
    return i + 1;
  }
  if (c & (kStop | kTitle | kPersonSuffix | kMiscSuffix | kOrgSuffix)) return i + 1;
  if (t.digit) return i + 1;
  // A month before a number is a date, even one that is also a first name ("Jan 15").
  if ((c & kMonth) && i + 1 < sent_end && toks_[i + 1].digit) return i + 1;
  const bool next_speech = i + 1 < sent_end && (cls(i + 1) & kSpeechVerb) && toks_[i + 1].lower;
  // A common word is no name alone; mid-sentence a first name ("Will", "Mark") still may be.
  const bool common = (c & kCommon) && (initial || t.all_caps || !(c & kFirstName));
  if (t.all_caps) {
    bool digits = false;
    for (char ch : word) digits |= ch >= '0' && ch <= '9';
    if (word.size() >= 2 && word.size() <= 6 && !common && !digits) emit(i, i + 1, EntityType::Org, {});
    return i + 1;
  }
  // Context before the word.
  size_t p = i;
  while (p > sent_begin_ && !toks_[p - 1].word && !toks_[p - 1].possessive) --p;
  if (!initial && p > sent_begin_ && p == i) {
    const uint32_t pc = cls(i - 1);
    if ((pc & kRole) && toks_[i - 1].lower) {
      emit(i, i + 1, org_compound(word) ? EntityType::Org : EntityType::Person, {});
      return i + 1;
    }
    // "in Fallujah", and "In Fallujah, …" at a sentence start (not "To Obama, …", "From Smith's …").
    const bool locative = (pc & kLocPreposition) &&
                          (toks_[i - 1].lower || ((pc & kOpeningLocPreposition) && i - 1 == sent_begin_ &&
                                                  !(i + 1 < sent_end && toks_[i + 1].possessive)));
    if (locative && !next_speech && !common && !camel_case(word) && !org_compound(word)) {
      emit(i, i + 1, EntityType::Gpe, {});
      return i + 1;
    }
  }
  // A name in a list with a place just named is a place: "in Tikrit and Huwaijah", "Tikrit, Baiji
  // and Samarra" (after a comma only where the list goes on; "In Paris, Hollande met …" is no list).
  if (!initial && !next_speech && !common && !(c & kFirstName) && !camel_case(word) && !org_compound(word) &&
      !plural_acronym(word) &&
      after_place_in_list(i, sent_end)) {
    emit(i, i + 1, EntityType::Gpe, {});
    return i + 1;
  }
  // A common word before an auxiliary is no subject that names anyone ("Community is close",
  // "Savings will rise"), unless it names an organisation named before ("Dome Petroleum Ltd …
  // Dome has"); before "said" it may be ("Cook said").
  if (common && next_speech && (cls(i + 1) & kAuxiliary)) {
    if (const auto* org = memory_.find(t.hash ^ kCommonNamingWord)) emit(i, i + 1, org->type, {});
    return i + 1;
  }
  if (common && !next_speech) return i + 1;
  // "the Freewinds", "the Hajj": a person's name does not follow "the".
  if (!initial && i > sent_begin_ && toks_[i - 1].lower && tok_text(i - 1) == "the") return i + 1;  // as in run()
  // Adjectives of peoples and movements: "Achaemenid", "Canaanite", "Mycenaean".
  auto ends = [&](std::string_view suf) {
    return word.size() > suf.size() + 2 && word.substr(word.size() - suf.size()) == suf;
  };
  if (!(c & kFirstName) && !next_speech &&
      (ends("ian") || ends("ians") || ends("ean") || ends("eans") || ends("ite") || ends("ites") || ends("ese") ||
       ends("ist") || ends("ists") || ends("ism"))) {
    emit(i, i + 1, EntityType::Norp, {});
    return i + 1;
  }
  // The plural of an acronym ("PCs", "DVDs", "SUVs") is a common noun.
  if (plural_acronym(word)) return i + 1;
  const bool org = !(c & kFirstName) && (org_context(i, i + 1, sent_end) || org_compound(word) || camel_case(word));
  // A word with two digits, or a hyphen and a digit, is no one's name: "A340", "A-1-plus",
  // "Under-21" (a band or firm of one letter and one digit may be: "U2", "O2").
  const auto digit_count = std::count_if(word.begin(), word.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (!org && (digit_count >= 2 || (digit_count == 1 && word.find('-') != std::string_view::npos))) return i + 1;
  emit_one(i, org ? EntityType::Org : EntityType::Person, {}, !org && !(c & kFirstName));
  return i + 1;
}

void Pass::emit_one(size_t i, EntityType type, std::string_view canonical, bool guess) {
  const size_t before = out_.size();
  emit(i, i + 1, type, canonical);
  if (guess && out_.size() > before) memory_.mark_guess(toks_[i].hash, static_cast<uint32_t>(out_.size() - 1));
}

void Pass::retype_guesses(uint64_t hash, EntityType type) {
  if (const auto* n = memory_.find(hash))
    for (int32_t k = n->last_guess; k >= 0; k = memory_.guess_links[static_cast<size_t>(k)].previous) {
      EntityMention& m = out_[memory_.guess_links[static_cast<size_t>(k)].mention];
      if (m.type == EntityType::Person) m.type = type;
    }
  memory_.add(hash, type, {});
}

size_t Pass::run(size_t b, size_t e, size_t sent_end, bool initial) {
  const size_t len = e - b;
  if (len == 1) return single(b, sent_end, initial);
  const uint32_t first = cls(b), last = cls(e - 1);
  // A month and a day in words is a date, as wire copy writes it ("May One", "April Three").
  if ((first & kMonth) && is_day_word(tok_text(b + 1))) return b + 2;
  const bool second_of = len >= 3 && (cls(b + 1) & kConnector) && toks_[b + 1].lower;
  // Organisation or place heads: "Ministry of …", "Gulf of …", "Mount …", "… Party", "… River".
  if ((first & kOrgPrefix) && second_of) {
    // "University of North Carolina": the name after "of" ends where a listed place ends.
    size_t k = b + 2;
    if (k < e && tok_text(k) == "the") ++k;
    const GazetteerEntry* g;
    size_t gl = k < e ? gaz_match(k, e, g) : 0;
    size_t stop = e;
    if (gl > 0 && k + gl < e && (g->type == EntityType::Gpe || g->type == EntityType::Loc) &&
        !(cls(e - 1) & (kOrgSuffix | kLocSuffix | kGpeSuffix)))
      stop = k + gl;
    emit(b, stop, EntityType::Org, {});
    return stop;
  }
  if ((first & kLocPrefix) && (second_of || toks_[b].cap) && !(first & kTitle)) {
    emit(b, e, EntityType::Loc, {});
    return e;
  }
  // Titles alone name nobody: "Deputy Secretary-General".
  {
    bool capital = false;
    if (title_at(b, e, capital) == len) return e;
  }
  // Events, laws, works and products: "Paris Agreement", "First World War", "MacBook Pro"; a listed
  // organisation opening one is still named ("Apple AirPods Pro").
  if (last & kMiscSuffix) {
    const GazetteerEntry* maker;
    if (const size_t ml = gaz_match(b, e, maker); ml > 0 && ml + 1 < len && maker->type == EntityType::Org)
      emit(b, b + ml, maker->type, maker->canonical, maker->kind);
    return e;
  }
  for (size_t k = b + 1; k + 1 < e; ++k) {
    // "for" joins a name only after an organisation's head ("Economic Commission for Europe"; not
    // "the Commerce Department for January", nor after a legal form, which ends a company's name).
    const bool joining_for = tok_text(k) == "for" && (cls(k - 1) & kOrgSuffix) && !(cls(k - 1) & kLegalForm) &&
                             !(cls(k + 1) & (kMonth | kStop));
    if (!(toks_[k].lower && (tok_text(k) == "of" || joining_for))) continue;
    const uint32_t head = cls(k - 1);
    if (head & kMiscSuffix) return e;
    if (head & kOrgSuffix) {
      // A company "of" a place that ends the run is the company and where it is ("LG Electronics
      // of South Korea"); "Bank of England" and "Council of Europe" are one name.
      const GazetteerEntry* pg;
      const size_t pl = (head & kCompanySuffix) ? gaz_match(k + 1, e, pg) : 0;
      if (pl > 0 && k + 1 + pl == e && (pg->type == EntityType::Gpe || pg->type == EntityType::Loc)) {
        emit(b, k, EntityType::Org, {});
        return k;
      }
      emit(b, e, EntityType::Org, {});
      return e;
    }
    if (head & kGpeSuffix) {
      emit(b, e, EntityType::Gpe, {});
      return e;
    }
    if (head & kLocSuffix) {
      emit(b, e, EntityType::Loc, {});
      return e;
    }
    // "Wu Chi-wai of the Democratic Party": no head before "of", so "of" ends the first name
    // (unless a title runs through it: "Secretary of State Antony Blinken").
    bool capital = false;
    if (title_at(b, e, capital) > k - b) break;
    return run(b, k, sent_end, initial);
  }
  // A title inside the run: what precedes is its own name, what follows is a person.
  for (size_t k = b; k + 1 < e; ++k) {
    bool capital = false;
    size_t tl = title_at(k, e, capital);
    if (tl == 0 || k + tl >= e) continue;
    if (k == b && e - k - tl >= 2 && (cls(e - 1) & kCompanySuffix)) continue;  // "General Motors Corp"
    if (!capword(k + tl)) continue;
    // Only a legal form after the title: the title word is part of a company's name ("Data
    // General Corp", "Northrup King Co", "Indian Head Inc").
    if (k > b && only_legal_forms(k + tl, e)) continue;
    if (k > b) {
      const GazetteerEntry* g;
      size_t gl = gaz_match(b, k, g);
      if (gl == k - b) emit(b, k, g->type, g->canonical);
      else if (k - b == 1 && !(cls(b) & (kStop | kCommon)))  // "Texas Senator ..."; not "Conservative MP ..."
        emit(b, k, (cls(b) & kOrgSuffix) ? EntityType::Org : EntityType::Gpe, {});
      else if (k - b > 1) emit(b, k, EntityType::Org, {});
    }
    // The name after the title: a gazetteer person or the capitalised tokens.
    size_t s = k + tl;
    const GazetteerEntry* g;
    size_t gl = gaz_match(s, e, g);
    if (gl > 0 && g->type == EntityType::Person) {
      emit(s, s + gl, EntityType::Person, g->canonical);
      return s + gl;
    }
    size_t f = s;
    while (f < e && (name_word(f) || ((cls(f) & kParticle) && f + 1 < e && capword(f + 1)))) ++f;
    emit_person(s, f);
    return f;
  }
  // "Civic Party Wong Kwok-kin": an organisation head inside the run ends the organisation.
  for (size_t k = b + 1; k + 1 < e; ++k) {
    if ((cls(k) & kOrgSuffix) && capword(k + 1) && !(cls(e - 1) & (kOrgSuffix | kLocSuffix | kGpeSuffix)) &&
        !toks_[k].lower) {
      const GazetteerEntry* g;
      size_t gl = gaz_match(b, k + 1, g);
      if (gl == k + 1 - b) emit(b, k + 1, g->type, g->canonical, g->kind);
      else emit(b, k + 1, EntityType::Org, {});
      return k + 1;
    }
  }
  if (last & kOrgSuffix) {
    emit(b, e, EntityType::Org, {});
    return e;
  }
  if (last & kLocSuffix) {
    // A first name that is no common word before a place's head that is also a surname is a
    // person: "Fiona Hill", "Nathan Lane" (not "Forest Hill", "Victoria Park").
    if (len == 2 && (first & kFirstName) && !(first & (kCommon | kStop)) && surname_like_head(tok_text(e - 1))) {
      emit_person(b, e);
      return e;
    }
    emit(b, e, EntityType::Loc, {});
    return e;
  }
  if (last & kGpeSuffix) {
    emit(b, e, EntityType::Gpe, {});
    return e;
  }
  // No head: "and", "of", "the" do not join names.
  for (size_t k = b + 1; k < e; ++k) {
    if (toks_[k].lower && !(cls(k) & kParticle) && !name_word(k)) return run(b, k, sent_end, initial);
  }
  const GazetteerEntry* g;
  size_t gl = gaz_match(b, e, g);
  const bool first_name = (first & kFirstName) && !(first & kStop);
  // A first name that is also a listed place or organisation ("Chelsea", "Paris") starts a person's
  // name unless a listed non-person follows it; a listed surname ("Chelsea Clinton") makes a person.
  auto listed_non_person_at = [&](size_t i) {
    const GazetteerEntry* n = nullptr;
    return gaz_match(i, e, n) > 0 && n->type != EntityType::Person;
  };
  if (gl > 0 && !(first_name && gl == 1 && g->type != EntityType::Person && !listed_non_person_at(b + 1))) {
    if (initial && gl == 1 && (first & kStop)) return b + gl;
    if (g->type == EntityType::Org && gl < len) {
      // A listed organisation opening a longer name: with a company head at its end the whole
      // run is the company ("Heineken NV", "Philips Telecommunications BV"); else what follows is
      // a product or a unit of it ("Nintendo Switch", "Motorola Startac"), no person, unless a
      // first name or a listed name starts there.
      if (last & kOrgSuffix) {
        emit(b, e, EntityType::Org, {});
        return e;
      }
      // A place ending the run names the organisation's unit there: "Lycos Europe", "BBC Scotland";
      // not when a verb follows, whose subject the place is ("Reuters Taiwan would …"), nor after
      // a speech verb, whose addressee the organisation is ("told Reuters Taiwan and …"). The
      // listed name alone stays known as the organisation ("Ford Canada … Ford Tempo").
      const GazetteerEntry* place;
      const bool clause_follows = e < sent_end && toks_[e].lower && (cls(e) & kAuxiliary);
      const bool addressed = b > sent_begin_ && toks_[b - 1].lower && (cls(b - 1) & kSpeechVerb);
      if (const size_t pl = gaz_match(b + gl, e, place);
          pl > 0 && b + gl + pl == e && !clause_follows && !addressed &&
          (place->type == EntityType::Gpe || place->type == EntityType::Loc)) {
        emit(b, e, EntityType::Org, {});
        if (gl == 1) memory_.add(toks_[b].hash, g->type, g->canonical);
        return e;
      }
      emit(b, b + gl, g->type, g->canonical, g->kind);
      const GazetteerEntry* next;
      if (!(cls(b + gl) & kFirstName) && gaz_match(b + gl, e, next) == 0) return e;
      return b + gl;
    }
    emit(b, b + gl, g->type, g->canonical, g->kind);
    return b + gl;
  }
  if (len == 2 && stop_word_first_name(b, sent_end)) {
    emit_person(b, e);
    return e;
  }
  if (initial && (first & kStop)) return b + 1;
  // After "of" or "for", a rule word before a first name and a surname ends a title's portfolio
  // and is no part of the name: "Chief of Staff Howard Baker", "Secretary of Energy Spencer
  // Abraham" (not "the St Lawrence Seaway", "the bank Julius Baer").
  if ((first & kStop) && len >= 3 && b > sent_begin_ && toks_[b - 1].lower &&
      (tok_text(b - 1) == "of" || tok_text(b - 1) == "for") && (cls(b + 1) & kFirstName) &&
      !(cls(b + 1) & (kCommon | kStop)) && capword(b + 2) &&
      !(cls(b + 2) & (kStop | kOrgSuffix | kLocSuffix | kGpeSuffix | kMiscSuffix | kLegalForm)))
    return b + 1;
  if (first & kStop) {
    // "National Assembly"-like names not in the lists: an organisation.
    emit(b, e, EntityType::Org, {});
    return e;
  }
  // A place or organisation named before ends the run after its word, unless that word is a first
  // name and a listed or known person's name follows ("Chelsea ... Chelsea Clinton").
  auto person_name_at = [&](size_t i) {
    const GazetteerEntry* n = nullptr;
    const auto* known = memory_.find(toks_[i].hash);
    return (gaz_match(i, e, n) > 0 && n->type == EntityType::Person) ||
           (known && known->type == EntityType::Person && known->surname);
  };
  if (const auto* known = memory_.find(toks_[b].hash);
      known && known->type != EntityType::Person && !(first_name && e - b >= 2 && person_name_at(b + 1))) {
    emit(b, b + 1, known->type, known->canonical);
    return b + 1;
  }
  size_t f = b;
  bool all_common = !(first & kFirstName);
  while (f < e && (name_word(f) || (cls(f) & (kParticle | kPersonSuffix)))) {
    if (!(cls(f) & kCommon)) all_common = false;
    ++f;
  }
  if (all_common) return f;  // "Premium Bonds", "Smart Phone": capitalised common words
  // A name starting with a common word and no head is rarely a person's and its type is a
  // guess ("Space Shuttle Atlantis", "Silver Clouds"): left out, unless the sentence shows a
  // person ("director Dieter Kosslick says").
  if ((first & kCommon) && !(first & kFirstName)) {
    if (f - b == 2 && common_word_first_name(b, sent_end)) emit_person(b, f);
    return f;
  }
  if (f - b > 4) {
    emit(b, f, EntityType::Org, {});
    return f;
  }
  // After "the" an unknown name is a thing or a group, not a person, and its type is a guess.
  if (b > sent_begin_ && toks_[b - 1].lower && tok_text(b - 1) == "the" && !(first & kFirstName)) return f;
  // An organisation's head that is no English word opens its name: "Banque Paribas", "Societe
  // Generale", "Banco Central".
  if (!(first & kFirstName) && ((first & kOrgPrefix) || org_context(b, f, sent_end))) {
    emit(b, f, EntityType::Org, {});
    return f;
  }
  emit_person(b, f);
  return f;
}

void Pass::sentence(size_t begin, size_t end) {
  sent_begin_ = begin;
  // Headlines in Title Case or ALL CAPS carry no capitalisation evidence: lists only.
  size_t words = 0, caps = 0, upper = 0;
  auto long_word = [&](const NameToken& t) { return t.word & !t.digit & (t.end - t.start >= 4); };
  for (size_t i = begin; i < end; ++i) {  // without branches: word lengths are unpredictable
    const auto& t = toks_[i];
    const size_t counts = long_word(t);
    words += counts;
    caps += counts & (t.cap | t.all_caps);
    upper += counts & t.all_caps;
  }
  // A Title Case headline has every long word capitalised (or one of "with", "from", …) and no
  // full stop at its end. The word classes are looked up only when the counts allow one.
  const bool full_stop = end > begin && tok_text(end - 1) == ".";
  auto title_case = [&] {
    for (size_t i = begin; i < end; ++i) {
      const auto& t = toks_[i];
      if (long_word(t) && !(t.cap || t.all_caps) && !(cls(i) & kTitleCaseLower)) return false;
    }
    return true;
  };
  headline_ = (words >= 4 && caps * 2 >= words && !full_stop && title_case()) ||
              (upper >= 3 && upper * 10 >= words * 6);
  size_t i = begin;
  bool initial = true;
  while (i < end) {
    const auto& t = toks_[i];
    if (!t.word) {
      if (!(initial && is_open_quote(tok_text(i)))) initial = initial && (tok_text(i) == "*" || tok_text(i) == "•");
      if (i > begin && toks_[i].newline_before) initial = true;
      if (is_open_quote(tok_text(i)) && i + 1 < end && toks_[i + 1].word) {
        // A quotation opens: its first word is capitalised by convention.
        size_t next = i + 1;
        const GazetteerEntry* g;
        if (gaz_match(next, end, g) == 0 && (cls(next) & kStop)) initial = true;
      }
      ++i;
      continue;
    }
    if (t.newline_before) initial = true;
    const GazetteerEntry* g = nullptr;
    size_t gl = (capword(i) || headline_ || lower_starts_.find(t.hash)) ? gaz_match(i, end, g) : 0;
    if (headline_) {
      if (gl > 0 && !(gl == 1 && (cls(i) & kStop))) {
        emit(i, i + gl, g->type, g->canonical, g->kind);
        i += gl;
      } else if (const auto* known = memory_.find(t.hash);
                 known && (t.cap || t.all_caps) &&
                 (known->type != EntityType::Person || known->surname ||
                  !((cls(i) & kStop) || ((cls(i) & kCommon) && !(cls(i) & kFirstName))))) {
        // A headline's capitals tell nothing: a common word is a person's name there only as a
        // known surname ("BROWN SAYS" after "Gordon Brown") or a first name ("MATT"), not as a
        // function word ("HOW WILL ..." after "Will Warren") or one guessed earlier ("STOCKS").
        emit(i, i + 1, known->type, known->canonical);
        ++i;
      } else if (gl == 0 && headline_person(i, end)) {
        // A first name and a surname-like word: "Kristen Quinn, Sarah Mulholland" in a list,
        // "Daniel Kang Quits".
        emit_person(i, i + 2);
        i += 2;
      } else {
        ++i;
      }
      initial = false;
      continue;
    }
    if (!capword(i)) {
      if (gl > 0 && !(g->cap_mask & 1)) {
        emit(i, i + gl, g->type, g->canonical, g->kind);
        i += gl;
      } else {
        ++i;
      }
      initial = false;
      continue;
    }
    // Hyphenated words: "Russia-led" names Russia, "Kremlin-backed" the Kremlin; places and
    // peoples joined to a dotted abbreviation ("Soviet-U.S. relations") name each part, and a
    // part that is neither leaves the word to the rules below.
    if (const size_t dash = tok_text(i).find('-'); dash != std::string_view::npos && dash + 1 < tok_text(i).size()) {
      const char after = tok_text(i)[dash + 1];
      if (after >= 'a' && after <= 'z') {
        const GazetteerEntry* hg = part_entry(i, 0, dash);
        if (hg && (hg->type == EntityType::Gpe || hg->type == EntityType::Org)) {
          EntityMention m;
          m.span = {t.start, t.start + static_cast<uint32_t>(dash)};
          m.type = hg->type;
          m.canonical = hg->canonical;
          if (out_.empty() || out_.back().span.end <= m.span.start) out_.push_back(m);
        }
        ++i;
        initial = false;
        continue;
      }
      if (gl == 0 && hyphenated_places(i)) {
        ++i;
        initial = false;
        continue;
      }
    }
    // A person named earlier in the document wins over a place of the same name ("Paris").
    if (gl == 1 && g->type != EntityType::Person) {
      if (const auto* known = memory_.find(t.hash); known && known->type == EntityType::Person &&
                                                    !(i + 1 < end && capword(i + 1))) {
        emit(i, i + 1, EntityType::Person, known->canonical);
        ++i;
        initial = false;
        continue;
      }
    }
    // A word with "n't" split off is a verb ("Don't", "Won't"), no name.
    if (gl == 0 && i + 2 < end && toks_[i + 1].start == t.end && toks_[i + 2].start == toks_[i + 1].end &&
        (tok_text(i + 1) == "'" || tok_text(i + 1) == "\xE2\x80\x99") && tok_text(i + 2) == "t") {
      ++i;
      initial = false;
      continue;
    }
    // Determiners never start a name, nor does "And" after an abbreviation ("the U.S. And Japan").
    if (gl == 0 && ((cls(i) & kDeterminer) || capital_conjunction(i))) {
      ++i;
      initial = false;
      continue;
    }
    // The capitalised run starting here.
    size_t j = i + 1;
    bool joined_by_and = false;
    while (j < end) {
      const auto& u = toks_[j];
      if (u.newline_before || u.possessive) break;
      if (capword(j) && plural_acronym(tok_text(j))) break;  // "Tory MPs": the MPs are no part of a name
      if (name_word(j)) {  // capitalised, or "al-Sadr" after "Muqtada"
        if (capital_conjunction(j)) break;
        ++j;
        continue;
      }
      // Lower-case words inside names: "of", particles ("de", "von", "al"), and "for"/"on" after
      // an organisation word ("Council on Foreign Relations").
      const bool joins = u.word && u.lower && (cls(j) & (kConnector | kParticle)) &&
                         (!(tok_text(j) == "for" || tok_text(j) == "on") || (cls(j - 1) & (kOrgSuffix | kOrgPrefix)));
      if (joins) {
        size_t k = j + 1;
        // "of the", "for the", "on the"
        if (k < end && toks_[k].word && toks_[k].lower && tok_text(k) == "the" && tok_text(j) != "the") ++k;
        if (k < end && capword(k) && !toks_[k].newline_before) {
          j = k;
          continue;
        }
      }
      // A place in parentheses before a legal form: "Sony (U.K.) Ltd", "Industrial Equity
      // (Pacific) Ltd".
      if (!u.word && text_[u.start] == '(') {
        size_t k = j + 1;
        while (k < end && k - j <= 3 && capword(k)) ++k;
        if (k > j + 1 && k + 1 < end && tok_text(k) == ")" && (cls(k + 1) & kLegalForm)) {
          j = k + 1;
          continue;
        }
      }
      if (!u.word && (tok_text(j) == "&") && j + 1 < end && capword(j + 1)) {
        j += 1;
        continue;
      }
      // A three-letter word in "a": asked after every run, so its length and first byte only;
      // and_joined_end() tells "and" from "any" and "all".
      if (u.word && u.lower && u.end - u.start == 3 && text_[u.start] == 'a') {
        if (const size_t f = and_joined_end(i, j, end); f > 0) {
          j = f;
          joined_by_and = true;
          continue;
        }
      }
      break;
    }
    // A gazetteer name at least as long as the run wins.
    if (gl >= j - i && gl > 0) {
      const bool common = initial && gl == 1 && (cls(i) & kStop) && !(g->acronym_mask & 1);
      if (!common) emit(i, i + gl, g->type, g->canonical, g->kind);
      i += gl;
      initial = false;
      continue;
    }
    // Sentence-initial: a common word that merely starts the sentence is dropped, unless it is
    // alone and the surname of a person named in full earlier ("Tim Cook visited. Cook said ...").
    const uint32_t ci = cls(i);
    const uint32_t cl = cls(j - 1);
    const auto* known = j - i == 1 && !(ci & kStop) ? memory_.find(t.hash) : nullptr;
    if (initial && gl == 0 && ((ci & kStop) || ((ci & kCommon) && !(ci & kFirstName))) &&
        !(known && known->type == EntityType::Person && known->surname) &&
        !(j - i == 2 && stop_word_first_name(i, end)) &&
        !(j - i >= 2 && (capword(i + 1) || joined_by_and) && (cl & (kOrgSuffix | kLocSuffix | kGpeSuffix)) &&
          (!(ci & kStop) || (ci & kOrgPrefix) || (cls(i + 1) & kLegalForm)))) {
      bool capital = false;
      if (title_at(i, j, capital) == 0 || !capital) {
        ++i;
        initial = false;
        continue;
      }
    }
    // Leading titles: "President Barack Obama", "Prime Minister Nikol Pashinyan"; not in a
    // company's name ("General Motors Corp", "General Electric Co").
    bool capital = false;
    size_t tl = title_at(i, j, capital);
    if (tl > 0 && i + tl < j && gl < tl + 1 && !((cls(i) & kOrgPrefix) && (cls(i + 1) & kConnector)) &&
        !(j - i - tl >= 2 && (cls(j - 1) & kCompanySuffix))) {
      size_t s = i + tl;
      const GazetteerEntry* pg;
      size_t pl = gaz_match(s, j, pg);
      if (pl > 0 && pg->type == EntityType::Person) {
        emit(s, s + pl, EntityType::Person, pg->canonical);
        i = s + pl;
      } else if (pl > 0 && pl == j - s && (cls(i) & kHonorific) && tl == 1) {
        emit(s, j, EntityType::Person, {});  // "Mr Irish", "Mrs Paris": a surname whatever the lists say
        i = j;
      } else if (pl > 0 && pl == j - s) {
        emit(s, s + pl, pg->type, pg->canonical, pg->kind);  // "Minister Armenia"? keep the list's view
        i = s + pl;
      } else {
        size_t f = s;
        while (f < j && (name_word(f) || (cls(f) & (kParticle | kPersonSuffix)))) ++f;
        if (names_nobody(s, f)) {
          // "Executive Commission", "General Partners": the title word opens an organisation.
          if (cls(f - 1) & kOrgSuffix) emit(i, f, EntityType::Org, {});
        } else {
          emit_person(s, f);
        }
        i = std::max(f, s + 1);
      }
      initial = false;
      continue;
    }
    i = run(i, j, end, initial);
    initial = false;
  }
}

// The ASCII white space that the name tokenizer skips.
bool is_token_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// End of the chunk of `text` that starts at `from`: the first byte at or past from + chunk_bytes
// where white space follows an ASCII non-space byte (a token ends there and the tokenizer looks at
// nothing past it but white space), or the text's end.
size_t token_chunk_end(std::string_view text, size_t from, size_t chunk_bytes) {
  if (chunk_bytes >= text.size() - from) return text.size();
  size_t q = from + std::max<size_t>(chunk_bytes, 1);
  while (q < text.size() && !(is_token_space(text[q]) && static_cast<unsigned char>(text[q - 1]) < 0x80 &&
                              !is_token_space(text[q - 1])))
    ++q;
  return q;
}

void RuleRecognizer::tokenize_chunk(std::string_view text, size_t& pos, std::vector<NameToken>& toks) const {
  const size_t from = pos;
  pos = token_chunk_end(text, from, chunk_bytes_);
  auto keep = [this](uint64_t h) { return keep_dot(h); };
  if (from == 0) {
    tokenize_names(text.substr(0, pos), toks, keep);  // toks is empty before the first chunk
    return;
  }
  thread_local std::vector<NameToken> chunk;
  tokenize_names(text.substr(from, pos - from), chunk, keep);
  for (NameToken& t : chunk) {
    t.start += static_cast<uint32_t>(from);
    t.end += static_cast<uint32_t>(from);
  }
  toks.insert(toks.end(), chunk.begin(), chunk.end());
}

void RuleRecognizer::recognize(std::string_view text, const std::vector<ByteSpan>& sentences,
                               std::vector<EntityMention>& out) const {
  // The tokens held: a window [first token held, last token made) of the document's tokens, with
  // indices local to the window. Its classes run parallel to it.
  thread_local std::vector<NameToken> toks;
  thread_local std::vector<uint32_t> tok_classes;
  thread_local DocMemory memory;
  memory.clear();
  toks.clear();
  tok_classes.clear();
  size_t pos = 0;  // text bytes tokenized so far
  // Makes token i available unless the text has fewer tokens; true when it is.
  auto have = [&](size_t i) {
    while (i >= toks.size() && pos < text.size()) {
      tokenize_chunk(text, pos, toks);
      tok_classes.resize(toks.size(), kUnknownClass);
    }
    return i < toks.size();
  };
  Pass pass(gaz_, titles_, word_classes_, lower_starts_, tok_classes, text, toks, memory, out);
  size_t ti = 0;
  // Tokens before ti - 2 are never looked at again (a pass looks at most two tokens before a
  // stretch): once they are half the window, they are dropped.
  auto drop_done = [&] {
    if (ti < 2 || pos >= text.size()) return;
    const size_t done = ti - 2;
    if (done * 2 < toks.size()) return;
    toks.erase(toks.begin(), toks.begin() + static_cast<ptrdiff_t>(done));
    tok_classes.erase(tok_classes.begin(), tok_classes.begin() + static_cast<ptrdiff_t>(done));
    ti -= done;
  };
  // Each stretch (a sentence, or text outside sentences) is cut further at line breaks and after
  // sentence-final punctuation, so that headlines and sentence starts are seen whatever the
  // sentence splitter did. A pass looks at most three tokens past a stretch's end.
  auto segment = [&](size_t b, size_t e) {
    if (e + 2 >= toks.size()) have(e + 2);
    size_t s0 = b;
    for (size_t k = b + 1; k < e; ++k) {
      bool cut = toks[k].newline_before;
      if (!cut && !toks[k - 1].word) {
        std::string_view p = text.substr(toks[k - 1].start, toks[k - 1].end - toks[k - 1].start);
        cut = (p == "." || p == "!" || p == "?" || p == "\xE2\x80\xA6") && (toks[k].cap || !toks[k].word);
      }
      if (cut) {
        pass.sentence(s0, k);
        s0 = k;
      }
    }
    if (e > s0) pass.sentence(s0, e);
  };
  auto run_until = [&](uint32_t end_byte) {
    drop_done();
    size_t b = ti;
    while ((ti < toks.size() || have(ti)) && toks[ti].start < end_byte) ++ti;
    if (ti > b) segment(b, ti);
  };
  for (const auto& s : sentences) {
    if (s.start > 0) run_until(s.start);  // text between sentences (if any) as its own stretch
    run_until(s.end);
  }
  run_until(static_cast<uint32_t>(text.size()));
}

}  // namespace

std::string_view EntityRecognizer::embedded_tables_image() {
  return embedded_image(quoth_tables_image, quoth_tables_image_end);
}

std::string EntityRecognizer::default_tables_image() {
  RuleRecognizer r;
  std::string error;
  if (!r.build_tables(true, error)) return {};
  ImageWriter out;
  r.write_image(out);
  return out.bytes();
}

std::unique_ptr<EntityRecognizer> EntityRecognizer::create(const PipelineOptions& options, std::string& error,
                                                           size_t chunk_bytes) {
  auto r = std::make_unique<RuleRecognizer>();
  if (!r->init(options, chunk_bytes, error)) return nullptr;
  return r;
}

}  // namespace quoth
