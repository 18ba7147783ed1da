// Byte classes: the bytes that a list of byte sets does not tell apart. ShapeRegex's DFAs step
// over them, and RuleGates' masks hold one bit per class.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace quoth {

// Writes each byte's class to `classes`: two bytes share one when every set holds both or
// neither. Classes are numbered from 0 in order of their first byte. Returns how many there are
// (1 to 256).
size_t byte_classes(const std::vector<std::bitset<256>>& sets, std::array<uint8_t, 256>& classes);

}  // namespace quoth
