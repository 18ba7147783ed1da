// The pipeline of DESIGN.md §1: normalizer → sentence splitter → quote scanner → attribution, and
// gazetteer + entity rules → entity linker. Built once, shared read-only across threads.
#include <fmt/format.h>

#include <thread>

#include "attribution/attributor.h"
#include "entity/entity_linker.h"
#include "entity/entity_recognizer.h"
#include "normalize/utf8.h"
#include "quote/quote_scanner.h"
#include "quoth/quoth.h"
#include "sentence/sentence_splitter.h"

namespace quoth {

std::string_view to_string(EntityType type) {
  switch (type) {
    case EntityType::Person: return "PERSON";
    case EntityType::Org: return "ORG";
    case EntityType::Gpe: return "GPE";
    case EntityType::Loc: return "LOC";
    case EntityType::Norp: return "NORP";
  }
  return "PERSON";
}

bool parse_entity_type(std::string_view name, EntityType& type) {
  std::string up(name);
  for (char& c : up) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  if (up == "PERSON" || up == "PER") type = EntityType::Person;
  else if (up == "ORG" || up == "ORGANIZATION") type = EntityType::Org;
  else if (up == "GPE") type = EntityType::Gpe;
  else if (up == "LOC" || up == "LOCATION") type = EntityType::Loc;
  else if (up == "NORP") type = EntityType::Norp;
  else return false;
  return true;
}

std::string_view to_string(QuoteType type) {
  switch (type) {
    case QuoteType::Direct: return "direct";
    case QuoteType::Mixed: return "mixed";
    case QuoteType::Indirect: return "indirect";
  }
  return "direct";
}

namespace {

class DefaultPipeline final : public Pipeline {
 public:
  DefaultPipeline(PipelineOptions options, std::unique_ptr<Attributor> attributor,
                  std::unique_ptr<EntityRecognizer> recognizer)
      : options_(std::move(options)),
        splitter_(SentenceSplitter::default_splitter()),
        attributor_(std::move(attributor)),
        recognizer_(std::move(recognizer)) {}

  const PipelineOptions& options() const override { return options_; }

  void analyze(const Document& doc, Analysis& out) const override {
    out.clear();
    if (!doc.read_error_code.empty()) {
      out.error = DocError{doc.read_error_code, doc.read_error_message};
      return;
    }
    const std::string_view text = doc.text;
    if (text.size() > options_.max_doc_bytes) {
      out.error = DocError{"too_large", fmt::format("document of {} bytes is over --max-doc-bytes {}",
                                                    text.size(), options_.max_doc_bytes)};
      return;
    }
    if (text.size() >= UINT32_MAX) {
      out.error = DocError{"too_large", "document is 4 GiB or more"};
      return;
    }
    if (options_.encoding_errors == EncodingErrors::Fail) {
      size_t bad = 0;
      if (!utf8::validate(text, bad)) {
        out.error = DocError{"invalid_utf8", fmt::format("invalid UTF-8 at byte {}", bad)};
        return;
      }
    }
    // Per-thread scratch kept between documents: no allocation once warmed up.
    thread_local std::vector<QuoteSpan> quote_spans;
    thread_local std::vector<EntityMention> mentions;
    quote_spans.clear();
    mentions.clear();

    splitter_.split(text, out.sentences);
    scan_quotes(text, quote_spans);
    attributor_->attribute(text, out.sentences, quote_spans, out.quotes);
    recognizer_->recognize(text, out.sentences, mentions);
    link_entities(text, out.sentences, mentions, out.quotes, out.entities, recognizer_.get());
  }

 private:
  PipelineOptions options_;
  const SentenceSplitter& splitter_;
  std::unique_ptr<Attributor> attributor_;
  std::unique_ptr<EntityRecognizer> recognizer_;
};

}  // namespace

std::unique_ptr<Pipeline> Pipeline::create(const PipelineOptions& options, std::string& error) {
  // The rules compile on a second thread while the word lists and gazetteer load: start-up is
  // paid by every invocation of a per-file pipeline, and the two share nothing.
  std::string attributor_error;
  std::unique_ptr<Attributor> attributor;
  std::thread rules([&] { attributor = Attributor::create(options, attributor_error); });
  auto recognizer = EntityRecognizer::create(options, error);
  rules.join();
  if (!attributor) {
    error = std::move(attributor_error);  // the rules' error first, as a sequential start reports it
    return nullptr;
  }
  if (!recognizer) return nullptr;
  return std::make_unique<DefaultPipeline>(options, std::move(attributor), std::move(recognizer));
}

}  // namespace quoth
