// Unit tests for byte_classes(): bytes that no set tells apart share a class.
#include <catch2/catch.hpp>

#include "attribution/byte_classes.h"

using namespace quoth;

TEST_CASE("byte_classes: membership decides, classes numbered by first byte") {
  std::bitset<256> ab, bc;
  ab.set('a').set('b');
  bc.set('b').set('c');
  std::array<uint8_t, 256> classes{};
  CHECK(byte_classes({ab, bc}, classes) == 4);
  CHECK(classes[0] == 0);  // in no set, as every byte but a, b and c
  CHECK(classes['z'] == 0);
  CHECK(classes['a'] == 1);
  CHECK(classes['b'] == 2);
  CHECK(classes['c'] == 3);
  CHECK(byte_classes({}, classes) == 1);
  CHECK(classes[255] == 0);
  std::vector<std::bitset<256>> each(256);
  for (size_t b = 0; b < 256; ++b) each[b].set(b);
  CHECK(byte_classes(each, classes) == 256);
  CHECK(classes[200] == 200);
}
