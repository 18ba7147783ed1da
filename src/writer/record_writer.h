// Writers: one per output format, chosen by name. A writer formats one record at a time into a
// caller's buffer (so workers can format in parallel); the caller joins the pieces with the
// writer's header, separator and footer, streaming, never holding the whole corpus.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "quoth/quoth.h"
#include "writer/offsets.h"

namespace quoth {

struct WriterOptions {
  OffsetUnit offsets = OffsetUnit::Codepoint;
  EncodingErrors encoding_errors = EncodingErrors::Replace;
  bool sentences = false;     // JSON formats: add the sentence spans
  std::string table = "quotes";  // CSV/TSV: quotes | entities | sentences
  // The --keep fields. CSV/TSV: one column each after `id`; JSON formats write a document's
  // passthrough fields as they come. No format takes a name it writes itself.
  std::vector<std::string> keep;
};

// Takes the bytes of a record while it is being formatted, so that a record of any size is written
// through a bounded buffer (see RecordWriter::format).
class RecordDrain {
 public:
  virtual ~RecordDrain() = default;
  // Takes `bytes` (writes them out) and clears it.
  virtual void take(std::string& bytes) = 0;
  // A writer hands its buffer over once it holds this many bytes.
  size_t threshold = 1 << 20;
};

// Hands `out` to `drain` (when not null) if it holds drain->threshold bytes or more.
inline void spill(std::string& out, RecordDrain* drain) {
  if (drain && out.size() >= drain->threshold) drain->take(out);
}

class RecordWriter {
 public:
  // "jsonl", "json", "csv" or "tsv"; null and `error` for another name or a bad table.
  static std::unique_ptr<RecordWriter> create(std::string_view format, const WriterOptions& options,
                                              std::string& error);
  virtual ~RecordWriter() = default;

  // Appends the output for one document to `out`. Thread-safe (const, no shared state).
  void format(const Document& doc, const Analysis& analysis, std::string& out) const {
    format(doc, analysis, out, nullptr);
  }

  // The same bytes, streamed: between two items of the record `out` goes to `drain` (when not
  // null) whenever it has grown past the drain's threshold. What the drain took, followed by what
  // is left in `out`, equals what format() without a drain appends.
  virtual void format(const Document& doc, const Analysis& analysis, std::string& out, RecordDrain* drain) const = 0;

  virtual std::string_view header() const { return {}; }     // before the first record
  virtual std::string_view separator() const { return {}; }  // between two records
  virtual std::string_view footer() const { return {}; }     // after the last record
};

// Appends `s` to `out` as a JSON string literal (quotes included): escapes as JSON requires,
// invalid UTF-8 bytes become U+FFFD (errors == Replace) or are left out (Skip).
void append_json_string(std::string& out, std::string_view s, EncodingErrors errors);

}  // namespace quoth
