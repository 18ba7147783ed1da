// Open-addressing hash table from 64-bit name hashes (never 0) to 32-bit values: one probe
// sequence over two flat arrays, built once at start-up and read by any number of threads.
#pragma once

#include <cstdint>
#include <vector>

namespace quoth {

class FlatTable {
 public:
  explicit FlatTable(size_t capacity_hint = 1024) { rehash(capacity_hint); }

  // Pointer to the value of `key` (inserted as `init` when absent).
  uint32_t& slot(uint64_t key, uint32_t init) {
    if ((size_ + 1) * 2 > keys_.size()) rehash(keys_.size() * 2);
    size_t i = key & mask_;
    while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask_;
    if (keys_[i] == 0) {
      keys_[i] = key;
      values_[i] = init;
      ++size_;
    }
    return values_[i];
  }

  // The value of `key`, or null.
  const uint32_t* find(uint64_t key) const {
    size_t i = key & mask_;
    while (keys_[i] != 0) {
      if (keys_[i] == key) return &values_[i];
      i = (i + 1) & mask_;
    }
    return nullptr;
  }

  size_t size() const { return size_; }

 private:
  void rehash(size_t capacity) {
    size_t cap = 16;
    while (cap < capacity) cap *= 2;
    std::vector<uint64_t> old_keys = std::move(keys_);
    std::vector<uint32_t> old_values = std::move(values_);
    keys_.assign(cap, 0);
    values_.assign(cap, 0);
    mask_ = cap - 1;
    size_ = 0;
    for (size_t i = 0; i < old_keys.size(); ++i)
      if (old_keys[i] != 0) slot(old_keys[i], old_values[i]);
  }

  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace quoth
