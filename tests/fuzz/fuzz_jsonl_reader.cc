// Fuzz target for the readers: the input is written to a temporary file and read back as JSONL
// and with format sniffing, under each --encoding-errors policy. Documents never outnumber lines,
// every policy yields as many documents, a JSONL document's text is valid UTF-8, an error record
// has no text, and no input may crash.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_check.h"
#include "normalize/utf8.h"
#include "reader/document_source.h"

namespace {

std::string temp_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/quoth_fuzz_reader_" + std::to_string(getpid()) + ".jsonl";
  }();
  return path;
}

size_t read_all(const std::string& path, quoth::InputFormat format,
                quoth::EncodingErrors errors = quoth::EncodingErrors::Replace) {
  quoth::InputOptions options;
  options.format = format;
  options.encoding_errors = errors;
  options.keep = {"keep"};
  auto source = quoth::DocumentSource::open({path}, options);
  quoth::Document doc;
  size_t docs = 0;
  while (source->next(doc)) {
    // The id is FILE:LINE unless the record gives one (which may be "").
    QUOTH_FUZZ_CHECK(!doc.id.empty() || doc.line > 0);
    QUOTH_FUZZ_CHECK(doc.read_error_code.empty() || doc.text.empty());
    size_t bad = 0;
    if (format == quoth::InputFormat::Jsonl) QUOTH_FUZZ_CHECK(quoth::utf8::validate(doc.text, bad));
    ++docs;
  }
  return docs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > quoth::fuzz::kMaxInput) return 0;
  const std::string path = temp_path();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  // JSONL: one document per non-blank line, errors included, never more than the lines.
  size_t lines = 0;
  for (size_t i = 0; i < size; ++i) lines += data[i] == '\n';
  const size_t docs = read_all(path, quoth::InputFormat::Jsonl);
  QUOTH_FUZZ_CHECK(docs <= lines + 1);
  QUOTH_FUZZ_CHECK(read_all(path, quoth::InputFormat::Jsonl, quoth::EncodingErrors::Skip) == docs);
  QUOTH_FUZZ_CHECK(read_all(path, quoth::InputFormat::Jsonl, quoth::EncodingErrors::Fail) == docs);
  read_all(path, quoth::InputFormat::Auto);
  std::remove(path.c_str());
  return 0;
}
