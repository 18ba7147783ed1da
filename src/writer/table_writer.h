// CSV and TSV writers: one table (quotes | entities | sentences) with a header row.
#pragma once

#include "writer/record_writer.h"

namespace quoth {

// A table writer for options.table with `separator` ',' (CSV, RFC 4180 quoting) or '\t' (TSV,
// backslash escapes); null and `error` for an unknown table.
std::unique_ptr<RecordWriter> make_table_writer(const WriterOptions& options, char separator, std::string& error);

}  // namespace quoth
