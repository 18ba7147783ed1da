// JSON Lines (one record per line) and JSON (one array of records) writers.
#pragma once

#include "writer/record_writer.h"

namespace quoth {

// One record as a JSON object, no trailing newline; the JSON array format uses it as is.
class JsonRecordWriter : public RecordWriter {
 public:
  explicit JsonRecordWriter(const WriterOptions& options) : options_(options) {}
  using RecordWriter::format;
  void format(const Document& doc, const Analysis& analysis, std::string& out, RecordDrain* drain) const override;
  std::string_view header() const override { return "[\n"; }
  std::string_view separator() const override { return ",\n"; }
  std::string_view footer() const override { return "\n]\n"; }

 protected:
  // Appends "start":S,"end":E[,"text":T] for `span` in the writer's offset unit.
  void append_span(std::string& out, std::string_view text, const OffsetMap& map, ByteSpan span,
                   bool with_text) const;
  WriterOptions options_;
};

class JsonLinesWriter final : public JsonRecordWriter {
 public:
  using JsonRecordWriter::JsonRecordWriter;
  using RecordWriter::format;
  void format(const Document& doc, const Analysis& analysis, std::string& out, RecordDrain* drain) const override;
  std::string_view header() const override { return {}; }
  std::string_view separator() const override { return {}; }
  std::string_view footer() const override { return {}; }
};

// A JSON Lines (`lines`) or JSON array writer; null and `error` when a --keep field has the name
// of a key the record writes itself (the record would hold that key twice).
std::unique_ptr<RecordWriter> make_json_writer(const WriterOptions& options, bool lines, std::string& error);

}  // namespace quoth
