// Gazetteer: names (as token sequences) → type and canonical name, with longest-match lookup over
// tokens through one hash table of name prefixes. Loaded from the embedded default lists and from
// user files (TSV `name<TAB>type<TAB>canonical` or JSONL `{"name","type","aliases":[…]}`).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "entity/flat_table.h"
#include "entity/name_tokens.h"
#include "data/image.h"
#include "quoth/quoth.h"

namespace quoth {

struct GazetteerEntry {
  EntityType type = EntityType::Person;
  std::string_view canonical;  // owned by the gazetteer
  uint16_t tokens = 0;         // number of tokens of the name
  uint16_t cap_mask = 0;       // bit i: token i of the name starts upper case
  uint16_t acronym_mask = 0;   // bit i: token i is all caps (the text must be too)
  bool user = false;           // from a user file (wins over rules)
  uint8_t kind = 0;            // GazetteerKind of the list the name came from
};

// Which list a place name came from: "City, State" is one place, "France, Germany" two.
enum GazetteerKind : uint8_t { kOtherList = 0, kCityList = 1, kRegionList = 2 };

class Gazetteer {
 public:
  // `capacity_hint`: the number of name keys (names and their token prefixes) expected; the
  // table grows past it, but a small list need not fault in a large one at start-up.
  explicit Gazetteer(size_t capacity_hint = size_t{1} << 15);

  // Adds one name. `canonical` empty means the name itself. A later entry for the same name
  // replaces an earlier one.
  void add(std::string_view name, EntityType type, std::string_view canonical, bool user, uint8_t kind = 0);

  // Parses a TSV or JSONL gazetteer (`path` is used for messages and for the format choice:
  // ".jsonl"/".json" or a first non-blank character '{' mean JSONL). False with `error` set to
  // "PATH:LINE: message" on a bad line.
  bool load(std::string_view path, std::string_view content, bool user, std::string& error, uint8_t kind = 0);

  // Longest entry whose tokens equal tokens[begin..) (case-folded, at most `limit` tokens).
  // Returns the number of tokens matched (0: none) and sets `entry`.
  size_t longest_match(const std::vector<NameToken>& tokens, size_t begin, size_t limit,
                       const GazetteerEntry*& entry) const;

  // Whether some name starts with the folded token hash (cheap pre-check).
  bool starts_name(uint64_t token_hash) const { return table_.find(key_step(kSeed, token_hash)) != nullptr; }

  // False when `key` (a name key, see key_step) is the key of no name and of no name's first
  // tokens; true for all those and for a few other keys. Reads a bitset that stays in cache.
  bool may_hold(uint64_t key) const {
    const uint64_t bit = key >> (64 - kKeyFilterBits);
    return (key_filter_[bit >> 6] >> (bit & 63)) & 1;
  }

  // Name key of the tokens so far extended by one token (never 0).
  static uint64_t key_step(uint64_t key, uint64_t token_hash) { return hash_combine(key, token_hash) | 1; }

  size_t size() const { return entries_.size(); }

  // Folded hashes of the first tokens of names that start in lower case or with a digit.
  const std::vector<uint64_t>& lower_starts() const { return lower_starts_; }

  // Hashes of every word that ends with "." inside a name (abbreviations such as "St." or "Inc.").
  const std::unordered_set<uint64_t>& dotted_words() const { return dotted_; }
  void add_dotted_word(std::string_view word_without_dot);

  static constexpr uint64_t kSeed = 0x51ed27a1f00dull;

  // Appends the gazetteer to `out`; read_image() gives it back.
  void write_image(ImageWriter& out) const;
  // Replaces this gazetteer by the one write_image() wrote at the reader's position. Its name
  // table and canonical names stay views of the image, which must outlive the gazetteer; add()
  // still works (the table is copied first). False, the gazetteer unchanged, when the bytes hold
  // no gazetteer.
  bool read_image(ImageReader& in);

 private:
  std::string_view intern(std::string_view s);

  // Key: combined hash of the first k tokens of some name. Value: 1 + index into entries_ of the
  // name with exactly those tokens, or 0 when the key is only a prefix of longer names.
  FlatTable table_;
  // Bit b is set when some key of table_ has b as its top kKeyFilterBits bits (32 KiB).
  static constexpr unsigned kKeyFilterBits = 18;
  std::vector<uint64_t> key_filter_ = std::vector<uint64_t>((size_t{1} << kKeyFilterBits) / 64, 0);
  std::vector<GazetteerEntry> entries_;
  std::deque<std::string> strings_;
  std::unordered_set<uint64_t> dotted_;
  std::vector<uint64_t> lower_starts_;
  std::vector<NameToken> scratch_;
};

}  // namespace quoth
