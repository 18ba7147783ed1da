// Offset units of the output: byte spans from the pipeline become code point or UTF-16 offsets,
// once per document, in the writer.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "quoth/quoth.h"

namespace quoth {

enum class OffsetUnit : uint8_t { Codepoint, Byte, Utf16 };

// Converts byte offsets of one text to another unit in O(1) amortised per call: a checkpoint every
// 256 bytes, then a short scan. Invalid UTF-8 bytes count as one unit each under
// EncodingErrors::Replace (they are written as U+FFFD) and as none under Skip.
class OffsetMap {
 public:
  // Prepares conversions for `text` (kept by view: it must outlive the map). Reuses memory.
  void reset(std::string_view text, OffsetUnit unit, EncodingErrors errors);

  // The offset of byte position `byte` (0 <= byte <= text size, on a character boundary) in the
  // map's unit.
  uint64_t convert(uint32_t byte) const;

 private:
  struct Checkpoint {
    uint32_t byte;
    uint64_t units;
  };
  // Units taken by the character at text_[pos]; sets len to its byte length.
  uint32_t units_at(size_t pos, size_t& len) const;

  std::string_view text_;
  OffsetUnit unit_ = OffsetUnit::Codepoint;
  EncodingErrors errors_ = EncodingErrors::Replace;
  bool ascii_ = false;  // the text is all ASCII: every unit is a byte
  std::vector<Checkpoint> checkpoints_;  // checkpoints_[k]: a character start in [k * 256, k * 256 + 8)
};

}  // namespace quoth
