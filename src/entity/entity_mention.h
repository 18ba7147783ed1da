// What the entity recognizer hands to the linker: one mention with its type and, when a gazetteer
// knows it, the canonical name.
#pragma once

#include <cstddef>
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

// The length of the Arabic article opening a name word ("al-" in "al-Sadr", "el-" in "el-Sisi",
// "ash-" in "ash-Shater"), when a capital follows it; else 0. The recognizer keeps such a word in
// a name, and the linker knows the person as "Sadr" too.
inline size_t arabic_article_length(std::string_view word) {
  for (std::string_view article : {"al-", "el-", "ad-", "ash-", "as-", "an-", "ar-", "at-"})
    if (word.size() > article.size() + 1 && word.starts_with(article) && word[article.size()] >= 'A' &&
        word[article.size()] <= 'Z')
      return article.size();
  return 0;
}

}  // namespace quoth
