// The bytes of what the build prebuilds for start-up. The build runs quoth_make_tables, which
// builds the entity recognizer's word tables and default gazetteer from the lists in data/, and
// compiles the default attribution rules, as start-up would, and writes each out as an image; the
// binary embeds the images and start-up reads them instead of hashing some 90,000 words and names
// and compiling some forty rules again (EntityRecognizer::default_tables_image(),
// Attributor::default_rules_image()). An image is read only by the build that wrote it: its
// layout is this build's memory layout.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace quoth {

// Appends values to an image. Blocks are padded to 16-byte offsets, so that a reader whose image
// starts 16-byte aligned can view a block as an array of its elements.
class ImageWriter {
 public:
  void u64(uint64_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }

  // A block of `n` bytes: its length, then (from the next 16-byte offset) the bytes.
  void block(const void* data, size_t n) {
    u64(n);
    out_.resize((out_.size() + 15) & ~size_t{15}, '\0');
    out_.append(static_cast<const char*>(data), n);
  }

  // An array of values whose bytes are all their own (no padding), as one block.
  template <class T>
  void array(std::span<const T> values) {
    static_assert(std::is_trivially_copyable_v<T> && std::has_unique_object_representations_v<T>);
    block(values.data(), values.size_bytes());
  }

  const std::string& bytes() const { return out_; }

 private:
  std::string out_;
};

// Reads an image back in the order it was written. Every read returns false, reading nothing,
// when the image ends too soon; the views it gives point into the image.
class ImageReader {
 public:
  explicit ImageReader(std::string_view image) : image_(image) {}

  bool u64(uint64_t& v) {
    if (image_.size() - pos_ < sizeof v) return false;
    std::memcpy(&v, image_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return true;
  }

  // A block that ImageWriter::block() wrote; false too when its bytes are not aligned to
  // `alignment` in memory (an image that does not start 16-byte aligned).
  bool block(std::string_view& bytes, size_t alignment = 1) {
    uint64_t n = 0;
    const size_t at = pos_;
    if (!u64(n)) return false;
    const size_t start = (pos_ + 15) & ~size_t{15};
    if (start > image_.size() || image_.size() - start < n ||
        reinterpret_cast<uintptr_t>(image_.data() + start) % alignment != 0) {
      pos_ = at;
      return false;
    }
    bytes = image_.substr(start, n);
    pos_ = start + n;
    return true;
  }

  // An array that ImageWriter::array() wrote, as a view of the image; false too when the block
  // is not a whole number of values or not aligned for them.
  template <class T>
  bool array(std::span<const T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::string_view bytes;
    if (!block(bytes, alignof(T)) || bytes.size() % sizeof(T) != 0) return false;
    values = {reinterpret_cast<const T*>(bytes.data()), bytes.size() / sizeof(T)};
    return true;
  }

  bool at_end() const { return pos_ == image_.size(); }

 private:
  std::string_view image_;
  size_t pos_ = 0;
};

// The bytes [begin, end) of an image the build embeds, whose symbols are weak: empty when the
// program does not link it (begin is null), as quoth_make_tables, which writes the images.
inline std::string_view embedded_image(const char* begin, const char* end) {
  return begin ? std::string_view(begin, static_cast<size_t>(end - begin)) : std::string_view();
}

}  // namespace quoth
