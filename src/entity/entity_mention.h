// What the entity recognizer hands to the linker: one mention with its type and, when a gazetteer
// knows it, the canonical name.
#pragma once

#include <string_view>

#include "quoth/quoth.h"

namespace quoth {

struct EntityMention {
  ByteSpan span;
  EntityType type = EntityType::Person;
  // Canonical name: the gazetteer's (lives as long as the recognizer) or, for an acronym defined
  // in the text ("Caspian Fisheries Council (CFC)"), the defining name (a view into the text).
  // Empty when neither is known.
  std::string_view canonical;
};

}  // namespace quoth
