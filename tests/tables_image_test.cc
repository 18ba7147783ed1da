// Tests of the lookup tables start-up reads from the embedded image: FlatTable growth, the image
// round trip of a table and of a gazetteer, and the embedded image against the lists in data/.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "entity/entity_recognizer.h"
#include "entity/flat_table.h"
#include "entity/gazetteer.h"
#include "data/image.h"

using namespace quoth;

namespace {

// A sequence of well-mixed 64-bit hashes, even and odd alike.
std::vector<uint64_t> hashes(size_t n) {
  std::vector<uint64_t> out;
  uint64_t x = 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    out.push_back(x);
  }
  return out;
}

// The image bytes copied to memory that is 16-byte aligned, as the embedded image is.
struct AlignedCopy {
  explicit AlignedCopy(const std::string& bytes) : words((bytes.size() + 15) / 16) {
    std::memcpy(words.data(), bytes.data(), bytes.size());
    view = std::string_view(reinterpret_cast<const char*>(words.data()), bytes.size());
  }
  struct alignas(16) Word {
    char b[16];
  };
  std::vector<Word> words;
  std::string_view view;
};

}  // namespace

TEST_CASE("a flat table finds every key after growing many times", "[tables]") {
  FlatTable table(16);
  const auto keys = hashes(50000);
  for (size_t i = 0; i < keys.size(); ++i) table.slot(keys[i], static_cast<uint32_t>(i + 1));
  REQUIRE(table.size() == keys.size());
  size_t found = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    const uint32_t* v = table.find(keys[i]);
    if (v && *v == i + 1) ++found;
  }
  CHECK(found == keys.size());
  CHECK(table.find(0x1234567812345678ull) == nullptr);
}

TEST_CASE("a flat table read from its image finds the same keys and copies itself to grow", "[tables]") {
  FlatTable table(64);
  const auto keys = hashes(1000);
  for (size_t i = 0; i < 500; ++i) table.slot(keys[i], static_cast<uint32_t>(i));
  ImageWriter out;
  table.write_image(out);
  AlignedCopy image(out.bytes());
  ImageReader in(image.view);
  FlatTable view;
  REQUIRE(view.read_image(in));
  CHECK(in.at_end());
  CHECK(view.size() == 500);
  for (size_t i = 0; i < 500; ++i) REQUIRE((view.find(keys[i]) && *view.find(keys[i]) == i));
  CHECK(view.find(keys[700]) == nullptr);
  for (size_t i = 500; i < 1000; ++i) view.slot(keys[i], static_cast<uint32_t>(i));
  for (size_t i = 0; i < 1000; ++i) REQUIRE((view.find(keys[i]) && *view.find(keys[i]) == i));
  // The image itself is left as it was.
  ImageReader again(image.view);
  FlatTable second;
  REQUIRE(second.read_image(again));
  CHECK(second.size() == 500);
  CHECK(second.find(keys[700]) == nullptr);
}

TEST_CASE("an image that ends too soon or is not aligned does not read", "[tables]") {
  FlatTable table(64);
  table.slot(42, 7);
  ImageWriter out;
  table.write_image(out);
  const std::string bytes = out.bytes();
  AlignedCopy cut(bytes.substr(0, bytes.size() - 1));
  ImageReader short_in(cut.view);
  FlatTable a;
  CHECK_FALSE(a.read_image(short_in));
  CHECK(a.find(42) == nullptr);
  std::vector<char> shifted(bytes.size() + 32);
  char* base = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(shifted.data()) + 15) & ~uintptr_t{15}) + 4;
  std::memcpy(base, bytes.data(), bytes.size());
  ImageReader odd(std::string_view(base, bytes.size()));
  FlatTable b;
  CHECK_FALSE(b.read_image(odd));
}

TEST_CASE("a gazetteer read from its image matches as the original does and takes more names", "[tables][gazetteer]") {
  Gazetteer gaz(64);
  std::string error;
  REQUIRE(gaz.load("g.tsv", "Ann Lee\tPERSON\nSt. Louis\tGPE\tSaint Louis\nacme corp\tORG\n", false, error));
  ImageWriter out;
  gaz.write_image(out);
  AlignedCopy image(out.bytes());
  ImageReader in(image.view);
  Gazetteer read(16);
  REQUIRE(read.read_image(in));
  CHECK(in.at_end());
  CHECK(read.size() == gaz.size());
  CHECK(read.lower_starts() == gaz.lower_starts());
  CHECK(read.dotted_words() == gaz.dotted_words());
  auto match = [](const Gazetteer& g, std::string_view text, std::string& canonical) {
    std::vector<NameToken> toks;
    tokenize_names(text, toks, [&](uint64_t h) { return g.dotted_words().count(h) != 0; });
    const GazetteerEntry* e = nullptr;
    const size_t n = g.longest_match(toks, 0, toks.size(), e);
    canonical = e ? std::string(e->canonical) : "";
    return n;
  };
  std::string c1, c2;
  CHECK(match(read, "St. Louis", c1) == 2);
  CHECK(c1 == "Saint Louis");
  CHECK(match(read, "Ann Lee", c2) == 2);
  CHECK(c2 == "Ann Lee");
  REQUIRE(read.load("u.tsv", "Bo Diddley\tPERSON\n", true, error));
  CHECK(match(read, "Bo Diddley", c1) == 2);
  CHECK(match(read, "St. Louis", c2) == 2);
  CHECK(c2 == "Saint Louis");
}

TEST_CASE("the embedded tables image is the one the lists in data/ make", "[tables]") {
  const std::string_view embedded = EntityRecognizer::embedded_tables_image();
  REQUIRE(!embedded.empty());
  const std::string built = EntityRecognizer::default_tables_image();
  REQUIRE(!built.empty());
  CHECK(reinterpret_cast<uintptr_t>(embedded.data()) % 16 == 0);
  CHECK(built.size() == embedded.size());
  CHECK(built == embedded);
}
