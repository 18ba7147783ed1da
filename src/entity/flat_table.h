// Open-addressing hash table from 64-bit hashes to 32-bit values: one probe sequence over one
// flat array of key/value slots (a lookup touches one cache line), built once at start-up and
// read by any number of threads. A table can also be written out as bytes and read back as a view
// of them (the tables image the build embeds, see data/image.h): the view costs nothing
// until it is looked up, and is copied only when a slot is added.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "data/image.h"

namespace quoth {

template <class Key>
class BasicFlatTable {
 public:
  // The slot array (capacity_hint rounded up to a power of two) is allocated by the first slot().
  explicit BasicFlatTable(size_t capacity_hint = 1024) : hint_(capacity_hint) {}
  BasicFlatTable(const BasicFlatTable&) = delete;
  BasicFlatTable& operator=(const BasicFlatTable&) = delete;
  BasicFlatTable(BasicFlatTable&&) = default;  // a moved vector keeps its buffer, so data_ stays right
  BasicFlatTable& operator=(BasicFlatTable&&) = default;

  // Pointer to the value of `key` (inserted as `init` when absent).
  uint32_t& slot(uint64_t hash, uint32_t init) {
    if (slots_.empty() || data_ != slots_.data()) own();
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
    const Key key = fingerprint(hash);
    size_t i = home(hash) & mask_;
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
  void prefetch(uint64_t hash) const { __builtin_prefetch(&data_[home(hash) & mask_]); }

  // The value of `key`, or null.
  const uint32_t* find(uint64_t hash) const {
    const Key key = fingerprint(hash);
    size_t i = home(hash) & mask_;
    while (data_[i].key != 0) {
      if (data_[i].key == key) return &data_[i].value;
      i = (i + 1) & mask_;
    }
    return nullptr;
  }

  size_t size() const { return size_; }

  // Appends the table to `out`; read_image() gives it back. The bytes between a slot's fields
  // are written as zeros, so that the same table always makes the same image.
  void write_image(ImageWriter& out) const {
    out.u64(size_);
    std::string bytes((mask_ + 1) * sizeof(Slot), '\0');
    for (size_t i = 0; i <= mask_; ++i) {
      std::memcpy(bytes.data() + i * sizeof(Slot) + offsetof(Slot, key), &data_[i].key, sizeof(Key));
      std::memcpy(bytes.data() + i * sizeof(Slot) + offsetof(Slot, value), &data_[i].value, sizeof(uint32_t));
    }
    out.block(bytes.data(), bytes.size());
  }

  // Makes this table a view of the table write_image() wrote at the reader's position, whose bytes
  // must outlive the table. False (the table unchanged) when the bytes hold no such table.
  bool read_image(ImageReader& in) {
    uint64_t size = 0;
    std::string_view bytes;
    if (!in.u64(size) || !in.block(bytes, alignof(Slot))) return false;
    const size_t count = bytes.size() / sizeof(Slot);
    if (count < 16 || (count & (count - 1)) != 0 || count * sizeof(Slot) != bytes.size() || size * 2 > count)
      return false;
    slots_ = {};
    data_ = reinterpret_cast<const Slot*>(bytes.data());
    mask_ = count - 1;
    size_ = size;
    return true;
  }

 private:
  struct Slot {
    Key key = 0;  // 0: empty
    uint32_t value = 0;
  };

  // The stored key: the whole hash, or (for 32-bit keys) its high half; never 0.
  static Key fingerprint(uint64_t hash) {
    if constexpr (sizeof(Key) == 8) return hash | 1;
    else return static_cast<Key>(hash >> 32) | 1;
  }

  // The bits of `hash` a probe starts from: those its stored key keeps (a 64-bit key drops the
  // lowest bit), so that rehash() puts a key back where find() looks for it.
  static size_t home(uint64_t hash) {
    if constexpr (sizeof(Key) == 8) return static_cast<size_t>(hash >> 1);
    else return static_cast<size_t>(hash);
  }

  // What a table that has no slot array yet reads: one empty slot.
  static const Slot* no_slots() {
    static constexpr Slot kNone{};
    return &kNone;
  }

  // Gives the table its own slot array: the hinted capacity when it has none yet, else a copy of
  // the image it is a view of.
  void own() {
    if (data_ == no_slots()) {
      rehash(hint_);
      return;
    }
    slots_.assign(data_, data_ + mask_ + 1);
    data_ = slots_.data();
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
    data_ = slots_.data();
    mask_ = cap - 1;
    size_ = 0;
    for (const Slot& s : old)
      if (s.key != 0) slot(s.key, s.value);
  }

  size_t hint_;
  std::vector<Slot> slots_;
  const Slot* data_ = no_slots();  // slots_.data(), or the bytes of an image (read_image())
  size_t mask_ = 0;
  size_t size_ = 0;
};

// Exact keys (gazetteer names).
using FlatTable = BasicFlatTable<uint64_t>;
// 32-bit fingerprints: half the memory; a rare collision only lends a word a class.
using CompactFlatTable = BasicFlatTable<uint32_t>;

}  // namespace quoth
