// Gazetteer loading (TSV, JSONL) and longest-match lookup.
#include "entity/gazetteer.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include <nlohmann/json.hpp>

namespace quoth {

Gazetteer::Gazetteer(size_t capacity_hint) : table_(capacity_hint) {}

std::string_view Gazetteer::intern(std::string_view s) {
  strings_.emplace_back(s);
  return strings_.back();
}

void Gazetteer::add_dotted_word(std::string_view word) {
  std::string folded;
  fold_token(word, folded);
  dotted_.insert(hash_folded(folded));
}

void Gazetteer::add(std::string_view name, EntityType type, std::string_view canonical, bool user, uint8_t kind) {
  // Register "word." inside the name so that the tokenizer keeps those dots.
  for (size_t p = name.find('.'); p != std::string_view::npos; p = name.find('.', p + 1)) {
    size_t b = p;
    while (b > 0 && name[b - 1] != ' ' && name[b - 1] != '.') --b;
    if (p - b >= 2) add_dotted_word(name.substr(b, p - b));
  }
  tokenize_names(name, scratch_, [this](uint64_t h) { return dotted_.count(h) != 0; });
  if (scratch_.empty() || scratch_.size() > 16) return;
  GazetteerEntry e;
  e.type = type;
  e.user = user;
  e.kind = kind;
  e.tokens = static_cast<uint16_t>(scratch_.size());
  for (size_t i = 0; i < scratch_.size(); ++i) {
    if (scratch_[i].cap) e.cap_mask |= static_cast<uint16_t>(1u << i);
    if (scratch_[i].all_caps && scratch_[i].end - scratch_[i].start <= 6)
      e.acronym_mask |= static_cast<uint16_t>(1u << i);
  }
  e.canonical = intern(canonical.empty() ? name : canonical);
  if (!scratch_[0].cap && !scratch_[0].all_caps) lower_starts_.push_back(scratch_[0].hash);
  uint64_t h = kSeed;
  for (size_t i = 0; i < scratch_.size(); ++i) {
    h = key_step(h, scratch_[i].hash);
    const uint64_t bit = h >> (64 - kKeyFilterBits);
    key_filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
    uint32_t& value = table_.slot(h, 0);
    if (i + 1 == scratch_.size()) {
      if (value > 0) {
        entries_[value - 1] = e;  // later entry replaces
      } else {
        entries_.push_back(e);
        value = static_cast<uint32_t>(entries_.size());
      }
    }
  }
}

namespace {

// A GazetteerEntry in an image: its canonical name as a range of the image's string pool.
struct EntryRecord {
  uint32_t canonical_offset, canonical_size;
  uint16_t tokens, cap_mask, acronym_mask;
  uint8_t type, user, kind;
  uint8_t unused[3];  // zero: an image holds no uninitialized bytes
};

}  // namespace

void Gazetteer::write_image(ImageWriter& out) const {
  table_.write_image(out);
  out.array(std::span<const uint64_t>(key_filter_));
  std::vector<EntryRecord> records;
  std::string pool;
  for (const GazetteerEntry& e : entries_) {
    records.push_back({static_cast<uint32_t>(pool.size()), static_cast<uint32_t>(e.canonical.size()), e.tokens,
                       e.cap_mask, e.acronym_mask, static_cast<uint8_t>(e.type), e.user, e.kind, {}});
    pool += e.canonical;
  }
  out.array(std::span<const EntryRecord>(records));
  out.block(pool.data(), pool.size());
  std::vector<uint64_t> dotted(dotted_.begin(), dotted_.end());
  std::sort(dotted.begin(), dotted.end());
  out.array(std::span<const uint64_t>(dotted));
  out.array(std::span<const uint64_t>(lower_starts_));
}

bool Gazetteer::read_image(ImageReader& in) {
  FlatTable table;
  std::span<const uint64_t> filter, dotted, lower;
  std::span<const EntryRecord> records;
  std::string_view pool;
  if (!table.read_image(in) || !in.array(filter) || filter.size() != key_filter_.size() || !in.array(records) ||
      !in.block(pool) || !in.array(dotted) || !in.array(lower))
    return false;
  std::vector<GazetteerEntry> entries(records.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const EntryRecord& r = records[i];
    if (r.canonical_offset > pool.size() || pool.size() - r.canonical_offset < r.canonical_size ||
        r.type > static_cast<uint8_t>(EntityType::Norp) || r.tokens == 0 || r.tokens > 16)
      return false;
    GazetteerEntry& e = entries[i];
    e.type = static_cast<EntityType>(r.type);
    e.canonical = pool.substr(r.canonical_offset, r.canonical_size);
    e.tokens = r.tokens;
    e.cap_mask = r.cap_mask;
    e.acronym_mask = r.acronym_mask;
    e.user = r.user != 0;
    e.kind = r.kind;
  }
  table_ = std::move(table);
  std::copy(filter.begin(), filter.end(), key_filter_.begin());
  entries_ = std::move(entries);
  strings_.clear();
  dotted_ = std::unordered_set<uint64_t>(dotted.begin(), dotted.end());
  lower_starts_.assign(lower.begin(), lower.end());
  return true;
}

size_t Gazetteer::longest_match(const std::vector<NameToken>& tokens, size_t begin, size_t limit,
                                const GazetteerEntry*& entry) const {
  size_t best = 0;
  entry = nullptr;
  uint64_t h = kSeed;
  const size_t end = std::min(tokens.size(), begin + std::min<size_t>(limit, 16));
  for (size_t i = begin; i < end; ++i) {
    if (i > begin && tokens[i].newline_before) break;
    h = key_step(h, tokens[i].hash);
    if (!may_hold(h)) break;
    const uint32_t* value = table_.find(h);
    if (!value) break;
    if (*value > 0) {
      best = i - begin + 1;
      entry = &entries_[*value - 1];
    }
  }
  return best;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool looks_jsonl(std::string_view path, std::string_view content) {
  auto ends = [&](std::string_view suf) {
    return path.size() >= suf.size() && path.substr(path.size() - suf.size()) == suf;
  };
  if (ends(".jsonl") || ends(".json") || ends(".ndjson")) return true;
  if (ends(".tsv") || ends(".txt")) return false;
  for (char c : content) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    return c == '{';
  }
  return false;
}

}  // namespace

bool Gazetteer::load(std::string_view path, std::string_view content, bool user, std::string& error,
                     uint8_t kind) {
  const bool jsonl = looks_jsonl(path, content);
  size_t line_no = 0;
  size_t pos = 0;
  if (content.size() >= 3 && content.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    const size_t line_start = pos, line_end = nl;
    std::string_view line = trim(content.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    auto fail = [&](std::string_view msg) {
      error = fmt::format("{}:{}: {}", path, line_no, msg);
      return false;
    };
    EntityType type;
    if (jsonl) {
      nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
      if (j.is_discarded()) return fail("not a JSON object");
      if (!j.is_object()) return fail("not a JSON object");
      auto name_it = j.find("name");
      if (name_it == j.end() || !name_it->is_string() || name_it->get_ref<const std::string&>().empty())
        return fail("missing \"name\" (a non-empty string)");
      auto type_it = j.find("type");
      if (type_it == j.end() || !type_it->is_string())
        return fail("missing \"type\" (PERSON, ORG, GPE, LOC or NORP)");
      if (!parse_entity_type(type_it->get_ref<const std::string&>(), type))
        return fail(fmt::format("unknown entity type \"{}\" (PERSON, ORG, GPE, LOC or NORP)",
                                type_it->get_ref<const std::string&>()));
      const std::string& name = name_it->get_ref<const std::string&>();
      std::string canonical = name;
      if (auto c = j.find("canonical"); c != j.end() && c->is_string() && !c->get_ref<const std::string&>().empty())
        canonical = c->get<std::string>();
      std::string_view canon = intern(canonical);
      add(name, type, canon, user);
      if (auto a = j.find("aliases"); a != j.end()) {
        if (!a->is_array()) return fail("\"aliases\" must be an array of strings");
        for (const auto& alias : *a) {
          if (!alias.is_string()) return fail("\"aliases\" must be an array of strings");
          if (!alias.get_ref<const std::string&>().empty()) add(alias.get_ref<const std::string&>(), type, canon, user);
        }
      }
      continue;
    }
    // Columns are cut before trimming, so an empty first column is not taken for a missing one.
    line = content.substr(line_start, line_end - line_start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    size_t t1 = line.find('\t');
    if (t1 == std::string_view::npos) return fail("expected name<TAB>type[<TAB>canonical]");
    std::string_view name = trim(line.substr(0, t1));
    std::string_view rest = line.substr(t1 + 1);
    size_t t2 = rest.find('\t');
    std::string_view type_name = trim(rest.substr(0, t2));
    std::string_view canonical = t2 == std::string_view::npos ? std::string_view() : trim(rest.substr(t2 + 1));
    if (canonical.find('\t') != std::string_view::npos)
      return fail("more than three columns (expected name<TAB>type[<TAB>canonical])");
    if (name.empty()) return fail("empty name");
    if (!parse_entity_type(type_name, type))
      return fail(fmt::format("unknown entity type \"{}\" (PERSON, ORG, GPE, LOC or NORP)", type_name));
    add(name, type, canonical, user, kind);
  }
  return true;
}

}  // namespace quoth
