// Attribution: RE2 rules from the embedded default rules file (data/rules.txt) and from user
// rules files, applied around each quotation with the quote masked, plus reported-speech rules
// (X said that ..., according to X, ...) that yield mixed and indirect quotes.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "quote/quote_scanner.h"
#include "quoth/quoth.h"

namespace quoth {

class Attributor {
 public:
  // Compiles the default rules (unless options.replace_default_rules) and options.rules_files.
  // Null and `error` ("file:line: RE2's message") when a pattern does not compile.
  static std::unique_ptr<Attributor> create(const PipelineOptions& options, std::string& error);
  virtual ~Attributor() = default;

  // True when `options` name the embedded default rules and nothing else: create() then reads
  // them precompiled from the binary (embedded_rules_image()) instead of compiling them.
  static bool default_rules_alone(const PipelineOptions& options) {
    return !options.replace_default_rules && options.rules_files.empty();
  }

  // The default rules compiled (their ShapeRegex programs and needs) as an image, which the build
  // embeds (data/image.h) for create() to read instead of compiling them; empty when the embedded
  // rules do not compile.
  static std::string default_rules_image();
  // The image the binary embeds; empty in a program built without one (quoth_make_tables).
  static std::string_view embedded_rules_image();

  // Appends to `out` one Quote per attribution in `text`: direct quotes (one per contiguous
  // quoted part, spans covering the marks) and mixed/indirect reported speech, in document order.
  // Sets span, type, speaker->span (speaker->name = the mention text; the linker resolves it),
  // cue and sentence.
  virtual void attribute(std::string_view text, const std::vector<ByteSpan>& sentences,
                         const std::vector<QuoteSpan>& quotes, std::vector<Quote>& out) const = 0;

  // A human-readable listing of the compiled rules and lexicons (for `quoth rules show`).
  virtual std::string describe() const = 0;
};

}  // namespace quoth
