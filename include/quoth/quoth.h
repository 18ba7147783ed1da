// quoth's public surface: the document, the analysis record and the pipeline that maps one to the
// other. Every span here is a half-open range of BYTES into Document::text; conversion to code
// points or UTF-16 units happens once, in the writers.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quoth {

// Half-open byte range [start, end) into a document's text.
struct ByteSpan {
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - start; }
  bool empty() const { return end <= start; }
  friend bool operator==(const ByteSpan&, const ByteSpan&) = default;
};

enum class EntityType : uint8_t { Person, Org, Gpe, Loc, Norp };
// "PERSON", "ORG", "GPE", "LOC", "NORP".
std::string_view to_string(EntityType type);
// Parses one of the names above (case-insensitive); false when unknown.
bool parse_entity_type(std::string_view name, EntityType& type);

enum class QuoteType : uint8_t { Direct, Mixed, Indirect };
// "direct", "mixed", "indirect".
std::string_view to_string(QuoteType type);

// What to do with bytes that are not valid UTF-8.
enum class EncodingErrors : uint8_t {
  Replace,  // keep analysing; each invalid byte counts as one U+FFFD in offsets and output text
  Skip,     // keep analysing; invalid bytes count as nothing in offsets and are left out of text
  Fail,     // the document gets an error record
};

// One input document. Owns its text; every later stage holds views into it.
struct Document {
  std::string id;
  std::string text;
  // Fields passed through from JSONL input: name and the raw JSON value, in input order.
  std::vector<std::pair<std::string, std::string>> passthrough;
  // Where the document came from: the file path ("-" for standard input) and, for JSONL input,
  // the 1-based line number (0 for a whole text file).
  std::string source;
  uint64_t line = 0;
  // Set by a reader that could not produce the text (unreadable file, bad JSONL line): the
  // pipeline then yields an error record with this code and message.
  std::string read_error_code;
  std::string read_error_message;
};

struct Speaker {
  ByteSpan span;     // the mention the rules attributed (a pronoun stays a pronoun)
  std::string name;  // what the mention resolved to; the mention's own text when unresolved
  int entity = -1;   // index into Analysis::entities, or -1
};

struct Quote {
  QuoteType type = QuoteType::Direct;
  ByteSpan span;  // direct: includes the quotation marks; mixed/indirect: the reported content
  std::optional<Speaker> speaker;
  std::optional<ByteSpan> cue;  // the speech verb ("said", "told", "according to")
  int sentence = -1;            // index into Analysis::sentences of the sentence the quote starts in
};

struct Entity {
  int id = 0;
  std::string name;  // canonical name: the longest full form seen, or the gazetteer's canonical
  EntityType type = EntityType::Person;
  std::vector<ByteSpan> mentions;  // sorted by start
};

struct DocError {
  std::string code;  // stable machine-readable code, e.g. "invalid_utf8", "too_large"
  std::string message;
};

// Everything quoth found in one document. Reused across documents by a worker: clear() keeps
// the vectors' capacity.
struct Analysis {
  std::vector<ByteSpan> sentences;
  std::vector<Quote> quotes;
  std::vector<Entity> entities;
  std::optional<DocError> error;
  void clear() {
    sentences.clear();
    quotes.clear();
    entities.clear();
    error.reset();
  }
};

struct PipelineOptions {
  std::vector<std::string> rules_files;      // --rules: added to (or replacing) the default rules
  bool replace_default_rules = false;        // true: the rules files replace the embedded default
  std::vector<std::string> gazetteer_files;  // --gazetteer, in order
  bool default_gazetteer = true;             // false with --no-default-gazetteer
  EncodingErrors encoding_errors = EncodingErrors::Replace;
  uint64_t max_doc_bytes = 64ull << 20;
};

// Runs every stage of DESIGN.md §1 on one document. Built once (compiles rules, loads
// gazetteers), then shared read-only by any number of threads.
class Pipeline {
 public:
  // Builds the pipeline; on failure returns null and sets `error` to a message naming the file
  // and line of a bad rules or gazetteer file.
  static std::unique_ptr<Pipeline> create(const PipelineOptions& options, std::string& error);
  virtual ~Pipeline() = default;

  // Fills `out` (cleared first) with the analysis of `doc`. Never throws on bad input: a
  // document that cannot be analysed gets out.error set.
  virtual void analyze(const Document& doc, Analysis& out) const = 0;
  // The same for each docs[i] into out[i] (out.size() >= docs.size()), with the results
  // analyze() gives. Each stage runs over the whole batch before the next one starts, so that
  // its tables stay in the processor's caches: on a batch of some 64 KiB of news this is about
  // 6% faster than one document at a time.
  virtual void analyze_batch(std::span<const Document> docs, std::span<Analysis> out) const = 0;

  virtual const PipelineOptions& options() const = 0;
};

}  // namespace quoth
