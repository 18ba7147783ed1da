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
};

class RecordWriter {
 public:
  // "jsonl", "json", "csv" or "tsv"; null and `error` for another name or a bad table.
  static std::unique_ptr<RecordWriter> create(std::string_view format, const WriterOptions& options,
                                              std::string& error);
  virtual ~RecordWriter() = default;

  // Appends the output for one document to `out`. Thread-safe (const, no shared state).
  virtual void format(const Document& doc, const Analysis& analysis, std::string& out) const = 0;

  virtual std::string_view header() const { return {}; }     // before the first record
  virtual std::string_view separator() const { return {}; }  // between two records
  virtual std::string_view footer() const { return {}; }     // after the last record
};

// Appends `s` to `out` as a JSON string literal (quotes included): escapes as JSON requires,
// invalid UTF-8 bytes become U+FFFD (errors == Replace) or are left out (Skip).
void append_json_string(std::string& out, std::string_view s, EncodingErrors errors);

}  // namespace quoth
