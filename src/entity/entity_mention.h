// What the entity recognizer hands to the linker: one mention with its type and, when a gazetteer
// knows it, the canonical name.
#pragma once

#include <string_view>

#include "quoth/quoth.h"

namespace quoth {

struct EntityMention {
  ByteSpan span;
  EntityType type = EntityType::Person;
  std::string_view canonical;  // gazetteer canonical name (lives as long as the gazetteer); may be empty
};

}  // namespace quoth
