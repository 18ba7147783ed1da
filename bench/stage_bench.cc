// Times each pipeline stage alone over a JSONL corpus held in memory: UTF-8 validation, sentence
// splitting, quote scanning, attribution, entity recognition, linking and JSONL formatting.
// Usage: quoth_stage_bench CORPUS.jsonl [REPEATS]   (prints one line per stage: MB/s of text)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "attribution/attributor.h"
#include "entity/entity_linker.h"
#include "entity/entity_recognizer.h"
#include "normalize/utf8.h"
#include "quote/quote_scanner.h"
#include "reader/document_source.h"
#include "sentence/sentence_splitter.h"
#include "writer/record_writer.h"

using namespace quoth;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: quoth_stage_bench CORPUS.jsonl [REPEATS]\n");
    return 2;
  }
  const int repeats = argc > 2 ? std::max(1, atoi(argv[2])) : 5;
  InputOptions input;
  input.format = InputFormat::Jsonl;
  auto source = DocumentSource::open({argv[1]}, input);
  std::vector<Document> docs;
  Document doc;
  size_t bytes = 0;
  while (source->next(doc)) {
    bytes += doc.text.size();
    docs.push_back(doc);
  }
  PipelineOptions options;
  std::string error;
  const auto t0 = Clock::now();
  auto attributor = Attributor::create(options, error);
  auto recognizer = EntityRecognizer::create(options, error);
  const double init_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  if (!attributor || !recognizer) {
    fmt::print(stderr, "quoth_stage_bench: {}\n", error);
    return 2;
  }
  const SentenceSplitter& splitter = SentenceSplitter::default_splitter();
  auto writer = RecordWriter::create("jsonl", WriterOptions{}, error);

  // Precomputed inputs of each stage, so each is timed alone.
  std::vector<std::vector<ByteSpan>> sentences(docs.size());
  std::vector<std::vector<QuoteSpan>> quotes(docs.size());
  std::vector<std::vector<EntityMention>> mentions(docs.size());
  std::vector<Analysis> analyses(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    splitter.split(docs[i].text, sentences[i]);
    scan_quotes(docs[i].text, quotes[i]);
  }

  auto time_stage = [&](const char* name, const std::function<void(size_t)>& run) {
    std::vector<double> secs;
    for (int r = 0; r < repeats; ++r) {
      const auto start = Clock::now();
      for (size_t i = 0; i < docs.size(); ++i) run(i);
      secs.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    }
    std::sort(secs.begin(), secs.end());
    const double median = secs[secs.size() / 2];
    fmt::print("{:<22} {:>9.1f} MB/s  {:>10.0f} docs/s\n", name, bytes / 1e6 / median, docs.size() / median);
  };

  fmt::print("corpus: {} documents, {:.2f} MB of text; rules + gazetteer load: {:.1f} ms; median of {} runs\n",
             docs.size(), bytes / 1e6, init_ms, repeats);
  size_t sink = 0;
  time_stage("utf8 validation", [&](size_t i) {
    size_t bad;
    sink += utf8::validate(docs[i].text, bad);
  });
  std::vector<ByteSpan> scratch_sentences;
  time_stage("sentence splitter", [&](size_t i) {
    scratch_sentences.clear();
    splitter.split(docs[i].text, scratch_sentences);
  });
  std::vector<QuoteSpan> scratch_quotes;
  time_stage("quote scanner", [&](size_t i) {
    scratch_quotes.clear();
    scan_quotes(docs[i].text, scratch_quotes);
  });
  time_stage("attribution", [&](size_t i) {
    analyses[i].quotes.clear();
    attributor->attribute(docs[i].text, sentences[i], quotes[i], analyses[i].quotes);
  });
  time_stage("entity recognizer", [&](size_t i) {
    mentions[i].clear();
    recognizer->recognize(docs[i].text, sentences[i], mentions[i]);
  });
  std::vector<Quote> quotes_copy;
  std::vector<EntityMention> mentions_copy;  // the linker extends and sorts its list in place
  time_stage("entity linker", [&](size_t i) {
    quotes_copy = analyses[i].quotes;
    mentions_copy = mentions[i];
    link_entities(docs[i].text, sentences[i], mentions_copy, quotes_copy, analyses[i].entities, recognizer.get());
  });
  std::string out;
  time_stage("jsonl writer", [&](size_t i) {
    out.clear();
    analyses[i].sentences = sentences[i];
    writer->format(docs[i], analyses[i], out);
  });
  return sink == 0xFFFFFFFF ? 1 : 0;
}
