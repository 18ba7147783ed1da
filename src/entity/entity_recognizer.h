// Entity recognizer: longest-match gazetteer lookup over tokens plus rules for names that no list
// holds (titles + capitalised names, first names + surnames, organisation heads, acronyms).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "entity/entity_mention.h"
#include "quoth/quoth.h"

namespace quoth {

// Text bytes tokenized at a time: a document's tokens are made and dropped a chunk at a time, so
// the recognizer's memory follows the longest sentence, not the document.
inline constexpr size_t kDefaultTokenChunkBytes = 256 << 10;

class EntityRecognizer {
 public:
  // Loads the embedded default gazetteer (unless options.default_gazetteer is false) and every
  // options.gazetteer_files entry. Null and `error` ("file:line: message") on a bad file.
  // `chunk_bytes` changes memory only, never the mentions found.
  static std::unique_ptr<EntityRecognizer> create(const PipelineOptions& options, std::string& error,
                                                  size_t chunk_bytes = kDefaultTokenChunkBytes);
  virtual ~EntityRecognizer() = default;

  // The recognizer's tables built from the embedded word lists and default gazetteer, as the
  // image the build embeds (data/image.h) for create() to read instead of building them;
  // empty when a list does not load.
  static std::string default_tables_image();
  // The image the build embedded (16-byte aligned), which create() reads; empty in a program
  // that does not link it, such as quoth_make_tables itself.
  static std::string_view embedded_tables_image();

  // Appends to `out` the entity mentions of `text`, sorted by start, non-overlapping.
  // `sentences` are the sentence spans of the text (sentence-initial capitals are not evidence).
  virtual void recognize(std::string_view text, const std::vector<ByteSpan>& sentences,
                         std::vector<EntityMention>& out) const = 0;

  // Number of gazetteer entries loaded (for `quoth rules show`).
  virtual size_t gazetteer_size() const = 0;

  // True when `word`, case folded, is a common English word or a stop word of the word lists and
  // no first name ("Research", "Please"; not "Cook", "Will"): alone it names nobody.
  virtual bool common_word(std::string_view word) const = 0;

  // True when `word` is a legal form ending a company's name ("Co", "Ltd", "Inc"): alone it names
  // nobody either.
  virtual bool legal_form(std::string_view word) const = 0;

  // 'm' or 'f' when `word`, case folded, is a first name of men only or of women only in the
  // word lists ("James", "Anna"); 0 otherwise ("Leslie", "Smith"). "She" is then no James.
  virtual char first_name_gender(std::string_view word) const = 0;

  // True when `word` follows a person's name without being their surname ("Jr", "III", "QC").
  virtual bool person_suffix(std::string_view word) const = 0;
};

}  // namespace quoth
