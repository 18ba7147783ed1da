// Sentence splitter: rule based, data driven (abbreviations, titles, initials, months, units from
// the embedded data/abbreviations.tsv; sentence starters, speech verbs, calendar names and credit
// labels from data/sentence/*.tsv). One streaming pass over the text, no allocation but `out`.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "quoth/quoth.h"

namespace quoth {

class SentenceSplitter {
 public:
  // The splitter with the embedded default abbreviation data.
  static const SentenceSplitter& default_splitter();

  // Builds a splitter from abbreviation data in the data/abbreviations.tsv format (the other
  // word lists are the embedded data/sentence/*.tsv); null and `error` ("name:line: message") on
  // a malformed file.
  static std::unique_ptr<SentenceSplitter> from_data(std::string_view data, std::string_view name,
                                                     std::string& error);

  virtual ~SentenceSplitter() = default;

  // Appends to `out` the sentences of `text` as byte spans, in order, non-overlapping, each
  // trimmed of surrounding white space, never empty; white-space-only text yields none.
  virtual void split(std::string_view text, std::vector<ByteSpan>& out) const = 0;
};

}  // namespace quoth
