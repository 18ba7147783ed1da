// The extraction run: documents from a source, analysed by worker threads, written in input
// order. Memory stays flat: a bounded ring of in-flight documents, buffers reused.
#pragma once

#include <cstdint>
#include <functional>

#include "cli/output_sink.h"
#include "quoth/quoth.h"
#include "reader/document_source.h"
#include "writer/record_writer.h"

namespace quoth::cli {

struct RunStats {
  uint64_t documents = 0;
  uint64_t failed = 0;  // documents that yielded an error record
  uint64_t bytes = 0;   // input text bytes
  double seconds = 0;
  bool output_closed = false;  // the reader of standard output went away (EPIPE)
  bool output_failed = false;  // a write failed for another reason
};

struct RunOptions {
  unsigned threads = 1;   // workers; 1 runs everything on the calling thread
  bool progress = false;  // a progress line on stderr
};

// Runs the whole extraction. Each failed document is reported on stderr ("quoth: ID: message")
// and yields its error record; nothing is dropped.
RunStats run_extract(DocumentSource& source, const Pipeline& pipeline, const RecordWriter& writer,
                     OutputSink& sink, const RunOptions& options);

}  // namespace quoth::cli
