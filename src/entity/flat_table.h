// Open-addressing hash table from 64-bit hashes to 32-bit values: one probe sequence over one
// flat array of key/value slots (a lookup touches one cache line), built once at start-up and
// read by any number of threads.
#pragma once

#include <cstdint>
#include <vector>

namespace quoth {

template <class Key>
class BasicFlatTable {
 public:
  explicit BasicFlatTable(size_t capacity_hint = 1024) { rehash(capacity_hint); }

  // Pointer to the value of `key` (inserted as `init` when absent).
  uint32_t& slot(uint64_t hash, uint32_t init) {
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
    const Key key = fingerprint(hash);
    size_t i = hash & mask_;
    while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask_;
    if (slots_[i].key == 0) {
      slots_[i].key = key;
      slots_[i].value = init;
      ++size_;
    }
    return slots_[i].value;
  }

  // Starts loading the slot where `hash` would be: for a batch of slot() calls that would each
  // wait for memory, issued some keys ahead.
  void prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }

  // The value of `key`, or null.
  const uint32_t* find(uint64_t hash) const {
    const Key key = fingerprint(hash);
    size_t i = hash & mask_;
    while (slots_[i].key != 0) {
      if (slots_[i].key == key) return &slots_[i].value;
      i = (i + 1) & mask_;
    }
    return nullptr;
  }

  size_t size() const { return size_; }

 private:
  // The stored key: the whole hash, or (for 32-bit keys) its high half; never 0.
  static Key fingerprint(uint64_t hash) {
    if constexpr (sizeof(Key) == 8) return hash | 1;
    else return static_cast<Key>(hash >> 32) | 1;
  }

  void rehash(size_t capacity) {
    size_t cap = 16;
    while (cap < capacity) cap *= 2;
    // Entries are re-inserted from their stored keys, so a 32-bit table keeps its original
    // capacity (the low hash bits are gone): size it once with the constructor's hint.
    if constexpr (sizeof(Key) < 8) {
      if (!slots_.empty()) return;
    }
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    size_ = 0;
    for (const Slot& s : old)
      if (s.key != 0) slot(s.key, s.value);
  }

  struct Slot {
    Key key = 0;  // 0: empty
    uint32_t value = 0;
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// Exact keys (gazetteer names).
using FlatTable = BasicFlatTable<uint64_t>;
// 32-bit fingerprints: half the memory; a rare collision only lends a word a class.
using CompactFlatTable = BasicFlatTable<uint32_t>;

}  // namespace quoth
