// Open-addressing hash table from 64-bit hashes to 32-bit values: one probe sequence over two
// flat arrays, built once at start-up and read by any number of threads.
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
    if ((size_ + 1) * 2 > keys_.size()) rehash(keys_.size() * 2);
    const Key key = fingerprint(hash);
    size_t i = hash & mask_;
    while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask_;
    if (keys_[i] == 0) {
      keys_[i] = key;
      values_[i] = init;
      ++size_;
    }
    return values_[i];
  }

  // The value of `key`, or null.
  const uint32_t* find(uint64_t hash) const {
    const Key key = fingerprint(hash);
    size_t i = hash & mask_;
    while (keys_[i] != 0) {
      if (keys_[i] == key) return &values_[i];
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
      if (!keys_.empty()) return;
    }
    std::vector<Key> old_keys = std::move(keys_);
    std::vector<uint32_t> old_values = std::move(values_);
    keys_.assign(cap, 0);
    values_.assign(cap, 0);
    mask_ = cap - 1;
    size_ = 0;
    for (size_t i = 0; i < old_keys.size(); ++i)
      if (old_keys[i] != 0) slot(old_keys[i], old_values[i]);
  }

  std::vector<Key> keys_;
  std::vector<uint32_t> values_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// Exact keys (gazetteer names).
using FlatTable = BasicFlatTable<uint64_t>;
// 32-bit fingerprints: half the memory; a rare collision only lends a word a class.
using CompactFlatTable = BasicFlatTable<uint32_t>;

}  // namespace quoth
