// Byte → code point / UTF-16 offset conversion (see offsets.h).
#include "writer/offsets.h"

#include "normalize/utf8.h"

namespace quoth {

namespace {
constexpr uint32_t kBlock = 256;
}

uint32_t OffsetMap::units_at(size_t pos, size_t& len) const {
  const auto c = static_cast<unsigned char>(text_[pos]);
  if (c < 0x80) {
    len = 1;
    return 1;
  }
  len = utf8::sequence_length(text_, pos);
  if (len == 0) {
    len = 1;
    return errors_ == EncodingErrors::Skip ? 0 : 1;
  }
  if (unit_ == OffsetUnit::Utf16) return len == 4 ? 2 : 1;
  return 1;
}

void OffsetMap::reset(std::string_view text, OffsetUnit unit, EncodingErrors errors) {
  text_ = text;
  unit_ = unit;
  errors_ = errors;
  checkpoints_.clear();
  ascii_ = false;
  if (unit == OffsetUnit::Byte) return;
  ascii_ = true;
  for (size_t i = 0; i + 8 <= text.size() && ascii_; i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, text.data() + i, 8);
    ascii_ = !(w & 0x8080808080808080ull);
  }
  for (size_t i = text.size() & ~size_t{7}; i < text.size() && ascii_; ++i) ascii_ = static_cast<unsigned char>(text[i]) < 0x80;
  if (ascii_) return;  // every unit is one byte
  checkpoints_.reserve(text.size() / kBlock + 2);
  uint64_t units = 0;
  size_t next_mark = 0;
  for (size_t i = 0; i < text.size();) {
    while (i >= next_mark) {
      checkpoints_.push_back({static_cast<uint32_t>(i), units});
      next_mark += kBlock;
    }
    // ASCII runs: one unit per byte, eight bytes at a time. A checkpoint may then land a few
    // bytes past its mark, which convert() allows for.
    if (i + 8 <= text.size()) {
      uint64_t w;
      __builtin_memcpy(&w, text.data() + i, 8);
      if (!(w & 0x8080808080808080ull)) {
        units += 8;
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++units;
      ++i;
      continue;
    }
    size_t len;
    units += units_at(i, len);
    i += len;
  }
  while (next_mark <= text.size()) {
    checkpoints_.push_back({static_cast<uint32_t>(text.size()), units});
    next_mark += kBlock;
  }
  checkpoints_.push_back({static_cast<uint32_t>(text.size()), units});
}

uint64_t OffsetMap::convert(uint32_t byte) const {
  if (unit_ == OffsetUnit::Byte || ascii_) return byte;
  size_t k = byte / kBlock;
  if (k >= checkpoints_.size()) k = checkpoints_.size() - 1;
  while (k > 0 && checkpoints_[k].byte > byte) --k;
  uint64_t units = checkpoints_[k].units;
  size_t len;
  size_t i = checkpoints_[k].byte;
  while (i < byte) {
    if (i + 8 <= byte) {
      uint64_t w;
      __builtin_memcpy(&w, text_.data() + i, 8);
      if (!(w & 0x8080808080808080ull)) {
        units += 8;
        i += 8;
        continue;
      }
    }
    units += units_at(i, len);
    i += len;
  }
  return units;
}

}  // namespace quoth
