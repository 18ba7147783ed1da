// `quoth extract` (the default command): quotes, speakers, entities and sentences as JSON Lines,
// JSON, CSV or TSV.
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "cli/output_sink.h"
#include "cli/progress.h"
#include "cli/runner.h"
#include "writer/record_writer.h"

namespace quoth::cli {
namespace {

struct ExtractOptions {
  CommonOptions common;
  std::string format = "jsonl";
  std::string output = "-";
  std::string table = "quotes";
  std::string offsets = "codepoint";
  std::string progress = "auto";
  bool sentences = false;
  bool stats = false;
};

int run(ExtractOptions& o) {
  std::string error;
  if (!finish_common_options(o.common, error)) {
    fmt::print(stderr, "quoth: {}\n", error);
    return 2;
  }
  WriterOptions wo;
  wo.sentences = o.sentences;
  wo.table = o.table;
  wo.keep = o.common.input.keep;
  wo.encoding_errors = o.common.pipeline.encoding_errors;
  wo.offsets = o.offsets == "byte" ? OffsetUnit::Byte : o.offsets == "utf16" ? OffsetUnit::Utf16 : OffsetUnit::Codepoint;
  auto writer = RecordWriter::create(o.format, wo, error);
  if (!writer) {
    fmt::print(stderr, "quoth: {}\n", error);
    return 2;
  }
  auto pipeline = Pipeline::create(o.common.pipeline, error);
  if (!pipeline) {
    fmt::print(stderr, "quoth: {}\n", error);
    return 2;
  }
  OutputSink sink;
  if (!sink.open(o.output, error)) {
    fmt::print(stderr, "quoth: {}\n", error);
    return 2;
  }
  o.common.input.skip_files = sink.files_written();
  auto source = DocumentSource::open(o.common.paths, o.common.input);
  RunOptions ro;
  ro.threads = o.common.threads;
  ro.progress = progress_wanted(o.progress);
  RunStats stats = run_extract(*source, *pipeline, *writer, sink, ro);
  if (stats.output_closed) return 0;  // the reader went away: end quietly
  if (!sink.commit()) {
    if (sink.closed_pipe()) return 0;
    fmt::print(stderr, "quoth: {}\n", sink.error());
    return 2;
  }
  if (o.stats) {
    fmt::print(stderr, "quoth: {} documents ({} failed), {}\n", stats.documents, stats.failed,
               rate_summary(stats.documents, stats.bytes, stats.seconds, ro.threads));
  }
  return stats.failed ? 2 : 0;
}

}  // namespace

void register_extract_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ExtractOptions>();
  CLI::App* cmd = app.add_subcommand(
      "extract",
      "Find sentences, quotations with their speakers, and named entities (the default command).");
  add_common_options(*cmd, o->common);
  cmd->add_option("-f,--format", o->format, "Output format: jsonl (one record per document), json (one array), csv, tsv")
      ->check(CLI::IsMember({"jsonl", "json", "csv", "tsv"}))
      ->capture_default_str()
      ->group("Output");
  cmd->add_option("-o,--output", o->output, "Write here instead of standard output (atomically: a temporary file, then rename)")
      ->type_name("FILE")
      ->group("Output");
  cmd->add_option("--table", o->table, "CSV/TSV: which table to write, with a header row")
      ->check(CLI::IsMember({"quotes", "entities", "sentences"}))
      ->capture_default_str()
      ->group("Output");
  cmd->add_option("--offsets", o->offsets,
                  "Unit of start/end: codepoint (as Python str indexes), byte (UTF-8), utf16 (as JavaScript)")
      ->check(CLI::IsMember({"codepoint", "byte", "utf16"}))
      ->capture_default_str()
      ->group("Output");
  cmd->add_flag("--sentences", o->sentences, "JSON formats: add each document's sentence spans")->group("Output");
  cmd->add_option("--progress", o->progress, "Progress line on stderr: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str()
      ->group("Output");
  cmd->add_flag("--stats", o->stats, "Print documents, MB and MB/s on stderr at the end")->group("Output");
  cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace quoth::cli
