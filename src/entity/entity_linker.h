// Entity linker: clusters mentions of one entity within a document (Nikol Pashinyan / Pashinyan;
// Collective Security Treaty Organization / CSTO) and resolves quote speakers (names, surnames,
// pronouns, titles such as "the prime minister") to those clusters.
#pragma once

#include <string_view>
#include <vector>

#include "entity/entity_mention.h"
#include "quoth/quoth.h"

namespace quoth {

class EntityRecognizer;

// Fills `entities` (cleared first) with clusters of `mentions` and sets each quote's
// speaker->name and speaker->entity. A speaker span that is a name but no mention yet becomes a
// mention of a PERSON entity. A pronoun or title speaker resolves to the person it refers to
// only where the article supports it; else its name is the mention text.
// `mentions` (sorted by start, not overlapping, as the recognizer gives them) is used in place:
// on return it also holds the speaker mentions, sorted by start. Nothing of it is copied, so a
// document with a million mentions costs no second list.
// With `words` (the recognizer that found the mentions), a lone speaker word that is a common word
// and no word of a mention ("Research shows", "Please clarify") becomes no person.
void link_entities(std::string_view text, const std::vector<ByteSpan>& sentences,
                   std::vector<EntityMention>& mentions, std::vector<Quote>& quotes,
                   std::vector<Entity>& entities, const EntityRecognizer* words = nullptr);

}  // namespace quoth
