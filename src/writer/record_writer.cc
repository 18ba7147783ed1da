// The writer factory: output formats chosen by name.
#include "writer/record_writer.h"

#include "writer/json_writer.h"
#include "writer/table_writer.h"

namespace quoth {

std::unique_ptr<RecordWriter> RecordWriter::create(std::string_view format, const WriterOptions& options,
                                                   std::string& error) {
  if (format == "jsonl") return make_json_writer(options, true, error);
  if (format == "json") return make_json_writer(options, false, error);
  if (format == "csv") return make_table_writer(options, ',', error);
  if (format == "tsv") return make_table_writer(options, '\t', error);
  error = "--format must be jsonl, json, csv or tsv, not '" + std::string(format) + "'";
  return nullptr;
}

}  // namespace quoth
