// Files from data/ compiled into the binary (see cmake/embed.cmake): default rules, abbreviation
// lists and the default gazetteer. Looked up by their path relative to data/.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace quoth::embedded {

// The bytes of the embedded file `name` (e.g. "abbreviations.tsv"); an empty view when no such
// file was embedded. The view lives as long as the program.
std::string_view find(std::string_view name);

// Every embedded file: (name, bytes), in build order.
const std::vector<std::pair<std::string_view, std::string_view>>& all();

}  // namespace quoth::embedded
