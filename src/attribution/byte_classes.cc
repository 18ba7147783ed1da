// byte_classes(): bytes compared by their membership signatures (see byte_classes.h).
#include "attribution/byte_classes.h"

#include <algorithm>

namespace quoth {

size_t byte_classes(const std::vector<std::bitset<256>>& sets, std::array<uint8_t, 256>& classes) {
  // A byte's signature: which of the sets hold it, as bits.
  const size_t words = std::max<size_t>(1, (sets.size() + 63) / 64);
  std::vector<uint64_t> signature(256 * words, 0);
  for (size_t k = 0; k < sets.size(); ++k)
    for (size_t b = sets[k]._Find_first(); b < 256; b = sets[k]._Find_next(b))
      signature[b * words + k / 64] |= uint64_t{1} << (k % 64);
  auto sig = [&](size_t b) { return signature.begin() + static_cast<long>(b * words); };
  std::vector<size_t> first_byte;  // per class, its first byte
  for (size_t b = 0; b < 256; ++b) {
    size_t c = 0;
    while (c < first_byte.size() && !std::equal(sig(b), sig(b + 1), sig(first_byte[c]))) ++c;
    if (c == first_byte.size()) first_byte.push_back(b);
    classes[b] = static_cast<uint8_t>(c);
  }
  return first_byte.size();
}

}  // namespace quoth
