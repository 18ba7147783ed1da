// Entity linker: clusters mentions of one entity within a document (Nikol Pashinyan / Pashinyan;
// Collective Security Treaty Organization / CSTO) and resolves quote speakers (names, surnames,
// pronouns, titles such as "the prime minister") to those clusters.
#pragma once

#include <string_view>
#include <vector>

#include "entity/entity_mention.h"
#include "quoth/quoth.h"

namespace quoth {

// Fills `entities` (cleared first) with clusters of `mentions` and sets each quote's
// speaker->name and speaker->entity. A speaker span that is a name but no mention yet becomes a
// mention of a PERSON entity. A pronoun or title speaker resolves to the person it refers to
// only where the article supports it; else its name is the mention text.
void link_entities(std::string_view text, const std::vector<ByteSpan>& sentences,
                   const std::vector<EntityMention>& mentions, std::vector<Quote>& quotes,
                   std::vector<Entity>& entities);

}  // namespace quoth
