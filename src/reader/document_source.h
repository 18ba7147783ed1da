// Readers: turn the command line's paths (files, directories walked recursively, "-" for standard
// input) into a stream of Documents, one per text file or one per JSONL line.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "quoth/quoth.h"

namespace quoth {

enum class InputFormat : uint8_t { Text, Jsonl, Auto };

struct InputOptions {
  InputFormat format = InputFormat::Auto;
  std::string text_field = "text";
  std::string id_field = "id";
  std::vector<std::string> keep;  // JSONL fields passed through to the output record
  std::string glob;               // when walking directories: only file names matching this glob
  // Invalid UTF-8 in a JSONL line: replaced by U+FFFD, dropped (Skip), or an error record (Fail).
  // Text files keep their bytes as read; the pipeline and writers apply the policy to them.
  EncodingErrors encoding_errors = EncodingErrors::Replace;
  // Files a directory walk leaves out, as (device, inode): the run's own output, which would
  // otherwise be read back as input while it grows.
  std::vector<std::pair<uint64_t, uint64_t>> skip_files;
};

class DocumentSource {
 public:
  // Reads `paths` in order; an empty list or "-" reads standard input.
  static std::unique_ptr<DocumentSource> open(std::vector<std::string> paths, InputOptions options);
  virtual ~DocumentSource() = default;

  // Fills `doc` with the next document and returns true; false at the end of all input. An input
  // that cannot be read (missing file, bad JSONL line, not an object) still yields a Document,
  // with read_error_code/read_error_message set, so that no input is silently dropped.
  virtual bool next(Document& doc) = 0;
};

}  // namespace quoth
