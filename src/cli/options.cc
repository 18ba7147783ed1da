// Options shared by every document-reading command (see commands.h).
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <thread>

#include <unistd.h>

#include <fmt/format.h>

#include "cli/commands.h"

namespace quoth::cli {

void add_common_options(CLI::App& cmd, CommonOptions& o) {
  cmd.add_option("paths", o.paths,
                 "Files or directories to read (directories recursively); '-' or nothing reads standard input")
      ->type_name("PATH|-");
  cmd.add_option("--input-format", o.input_format,
                 "text: a file is one document (id = its path); jsonl: one JSON object per line; "
                 "auto: by extension (.jsonl/.ndjson JSONL, .txt text) or else content (first byte '{')")
      ->check(CLI::IsMember({"text", "jsonl", "auto"}))
      ->capture_default_str()
      ->group("Input");
  cmd.add_option("--text-field", o.input.text_field, "JSONL field holding the article text")
      ->capture_default_str()
      ->group("Input");
  cmd.add_option("--id-field", o.input.id_field,
                 "JSONL field holding the document id (missing: FILE:LINE)")
      ->capture_default_str()
      ->group("Input");
  cmd.add_option("--keep", o.input.keep, "JSONL fields copied into each output record (comma-separated, repeatable)")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->type_name("F,...")
      ->group("Input");
  cmd.add_option("--glob", o.input.glob, "When walking directories, read only file names matching this glob (e.g. '*.txt')")
      ->group("Input");
  cmd.add_option("--encoding-errors", o.encoding_errors,
                 "Invalid UTF-8: replace (each bad byte counts as one U+FFFD), skip (bad bytes count as "
                 "nothing), fail (the document gets an error record)")
      ->check(CLI::IsMember({"replace", "skip", "fail"}))
      ->capture_default_str()
      ->group("Input");
  cmd.add_option("--max-doc-bytes", o.pipeline.max_doc_bytes,
                 "Larger documents get an error record instead of being analysed (1 to 4294967294)")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            // Digits only: the unsigned parse would wrap "-1" round to no limit at all.
            uint64_t n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (value.empty() || ec != std::errc() || end != value.data() + value.size() || n == 0 || n >= UINT32_MAX)
              return "a whole number of bytes from 1 to 4294967294, not '" + value + "'";
            return {};
          },
          ""))
      ->capture_default_str()
      ->group("Input");
  cmd.add_option("--rules", o.pipeline.rules_files,
                 "Attribution rules file added to the default rules (repeatable; see data/RULES.md)")
      ->type_name("FILE")
      ->allow_extra_args(false)
      ->group("Rules and gazetteers");
  cmd.add_flag("--no-default-rules", o.pipeline.replace_default_rules,
               "Use only the --rules files, not the embedded default rules")
      ->group("Rules and gazetteers");
  cmd.add_option("--gazetteer", o.pipeline.gazetteer_files,
                 "Extra gazetteer: TSV name<TAB>type<TAB>canonical or JSONL {\"name\",\"type\",\"aliases\"} (repeatable)")
      ->type_name("FILE")
      ->allow_extra_args(false)
      ->group("Rules and gazetteers");
  cmd.add_flag_function(
         "--no-default-gazetteer", [&o](std::int64_t) { o.pipeline.default_gazetteer = false; },
         "Do not load the embedded default gazetteer")
      ->group("Rules and gazetteers");
  cmd.add_option("-j,--threads", o.threads, "Worker threads, 0 to 1024; 0 = all cores. Output order always equals input order")
      ->check(CLI::Range(0u, 1024u).description(""))
      ->capture_default_str();
}

bool finish_common_options(CommonOptions& o, std::string& error) {
  if (o.input_format == "text") o.input.format = InputFormat::Text;
  else if (o.input_format == "jsonl") o.input.format = InputFormat::Jsonl;
  else o.input.format = InputFormat::Auto;
  if (o.encoding_errors == "skip") o.pipeline.encoding_errors = EncodingErrors::Skip;
  else if (o.encoding_errors == "fail") o.pipeline.encoding_errors = EncodingErrors::Fail;
  else o.pipeline.encoding_errors = EncodingErrors::Replace;
  o.input.encoding_errors = o.pipeline.encoding_errors;
  // Waiting on a terminal without a word looks like a hang.
  if ((o.paths.empty() || o.paths == std::vector<std::string>{"-"}) && isatty(STDIN_FILENO))
    fmt::print(stderr, "quoth: reading standard input from the terminal (end with Ctrl-D; --help for usage)\n");
  if (std::count(o.paths.begin(), o.paths.end(), "-") > 1) {
    error = "standard input ('-') can be read only once";
    return false;
  }
  if (o.threads == 0) o.threads = std::max(1u, std::thread::hardware_concurrency());
  if (o.pipeline.replace_default_rules && o.pipeline.rules_files.empty()) {
    error = "--no-default-rules needs at least one --rules FILE";
    return false;
  }
  return true;
}

}  // namespace quoth::cli
