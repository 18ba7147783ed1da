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
    analyze_batch(std::span<const Document>(&doc, 1), std::span<Analysis>(&out, 1));
  }

  void analyze_batch(std::span<const Document> docs, std::span<Analysis> out) const override {
    // Per-thread scratch kept between batches: no allocation once warmed up. A slot that held a
    // document larger than kKeepBytes gives its memory back, so that what a thread keeps does
    // not grow with the number of large documents it has seen.
    constexpr size_t kKeepBytes = 1 << 20;
    thread_local std::vector<std::vector<QuoteSpan>> quote_spans;
    thread_local std::vector<std::vector<EntityMention>> mentions;
    thread_local std::vector<uint8_t> admitted;
    const size_t n = docs.size();
    if (quote_spans.size() < n) quote_spans.resize(n);
    if (mentions.size() < n) mentions.resize(n);
    admitted.resize(n);
    for (size_t i = 0; i < n; ++i) {
      admitted[i] = admit(docs[i], out[i]);
      quote_spans[i].clear();
      mentions[i].clear();
    }
    // DESIGN.md §1, stage by stage.
    for (size_t i = 0; i < n; ++i)
      if (admitted[i]) splitter_.split(docs[i].text, out[i].sentences);
    for (size_t i = 0; i < n; ++i)
      if (admitted[i]) scan_quotes(docs[i].text, quote_spans[i]);
    for (size_t i = 0; i < n; ++i)
      if (admitted[i]) attributor_->attribute(docs[i].text, out[i].sentences, quote_spans[i], out[i].quotes);
    for (size_t i = 0; i < n; ++i)
      if (admitted[i]) recognizer_->recognize(docs[i].text, out[i].sentences, mentions[i]);
    for (size_t i = 0; i < n; ++i)
      if (admitted[i])
        link_entities(docs[i].text, out[i].sentences, mentions[i], out[i].quotes, out[i].entities, recognizer_.get());
    for (size_t i = 0; i < n; ++i)
      if (docs[i].text.size() > kKeepBytes) {
        std::vector<QuoteSpan>().swap(quote_spans[i]);
        std::vector<EntityMention>().swap(mentions[i]);
      }
  }

 private:
  // Clears `out`; true when the stages may read `doc`, else false with out.error set (a read
  // error, a document over --max-doc-bytes or 4 GiB, invalid UTF-8 under --encoding-errors fail).
  bool admit(const Document& doc, Analysis& out) const {
    out.clear();
    if (!doc.read_error_code.empty()) {
      out.error = DocError{doc.read_error_code, doc.read_error_message};
      return false;
    }
    const std::string_view text = doc.text;
    if (text.size() > options_.max_doc_bytes) {
      out.error = DocError{"too_large", fmt::format("document of {} bytes is over --max-doc-bytes {}",
                                                    text.size(), options_.max_doc_bytes)};
      return false;
    }
    if (text.size() >= UINT32_MAX) {
      out.error = DocError{"too_large", "document is 4 GiB or more"};
      return false;
    }
    if (options_.encoding_errors == EncodingErrors::Fail) {
      size_t bad = 0;
      if (!utf8::validate(text, bad)) {
        out.error = DocError{"invalid_utf8", fmt::format("invalid UTF-8 at byte {}", bad)};
        return false;
      }
    }
    return true;
  }

  PipelineOptions options_;
  const SentenceSplitter& splitter_;
  std::unique_ptr<Attributor> attributor_;
  std::unique_ptr<EntityRecognizer> recognizer_;
};

}  // namespace

std::unique_ptr<Pipeline> Pipeline::create(const PipelineOptions& options, std::string& error) {
  // Start-up is paid by every invocation of a per-file pipeline. The default rules come
  // precompiled from the binary, in less time than a second thread takes to start; a rules file
  // compiles (some milliseconds), on a second thread while the word lists and gazetteer load:
  // the two share nothing.
  std::string attributor_error;
  std::unique_ptr<Attributor> attributor;
  std::unique_ptr<EntityRecognizer> recognizer;
  if (!Attributor::default_rules_alone(options)) {
    std::thread rules([&] { attributor = Attributor::create(options, attributor_error); });
    recognizer = EntityRecognizer::create(options, error);
    rules.join();
  } else {
    attributor = Attributor::create(options, attributor_error);
    if (attributor) recognizer = EntityRecognizer::create(options, error);
  }
  if (!attributor) {
    error = std::move(attributor_error);  // the rules' error first, as a sequential start reports it
    return nullptr;
  }
  if (!recognizer) return nullptr;
  return std::make_unique<DefaultPipeline>(options, std::move(attributor), std::move(recognizer));
}

}  // namespace quoth
