// Unit tests for the UTF-8 layer.
#include <catch2/catch.hpp>

#include "normalize/utf8.h"

using namespace quoth;

TEST_CASE("sequence_length accepts well-formed and rejects malformed UTF-8", "[utf8]") {
  CHECK(utf8::sequence_length("a", 0) == 1);
  CHECK(utf8::sequence_length("\xC3\xA9", 0) == 2);
  CHECK(utf8::sequence_length("\xE2\x80\x9C", 0) == 3);
  CHECK(utf8::sequence_length("\xF0\x9F\x98\x80", 0) == 4);
  CHECK(utf8::sequence_length("\xC0\xAF", 0) == 0);      // overlong
  CHECK(utf8::sequence_length("\xED\xA0\x80", 0) == 0);  // surrogate
  CHECK(utf8::sequence_length("\xE2\x80", 0) == 0);      // truncated
  CHECK(utf8::sequence_length("\x80", 0) == 0);          // lone continuation
  CHECK(utf8::sequence_length("\xF5\x80\x80\x80", 0) == 0);
}

TEST_CASE("validate finds the first invalid byte", "[utf8]") {
  size_t bad = 99;
  CHECK(utf8::validate("plain ascii text that is long enough", bad));
  CHECK_FALSE(utf8::validate("abcdefghij\xFFxyz", bad));
  CHECK(bad == 10);
  CHECK(utf8::count_invalid("a\xFF\xFE b") == 2);
}

TEST_CASE("decode and decode_before agree and never fail", "[utf8]") {
  std::string_view s = "a\xE2\x80\x9C\xFF";
  size_t len = 0;
  CHECK(utf8::decode(s, 1, len) == 0x201C);
  CHECK(len == 3);
  CHECK(utf8::decode(s, 4, len) == 0xFFFD);
  CHECK(len == 1);
  CHECK(utf8::decode_before(s, 4, len) == 0x201C);
  CHECK(len == 3);
  CHECK(utf8::decode_before(s, 5, len) == 0xFFFD);
  CHECK(len == 1);
}
