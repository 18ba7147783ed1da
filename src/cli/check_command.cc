// `quoth check`: lints documents for CI (encoding, control characters, quotation marks, quotes
// without a speaker) and exits 1 when a finding reaches --fail-on. See docs/check.md.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <memory>

#include "check/config.h"
#include "check/linter.h"
#include "check/report.h"
#include "cli/commands.h"
#include "cli/output_sink.h"
#include "cli/progress.h"

namespace quoth::cli {
namespace {

struct CheckOptions {
  CommonOptions common;
  std::string fail_on;
  std::string report_format = "text";
  std::string config;
  bool no_config = false;
  std::vector<std::string> disable;
  std::string output = "-";
  bool list_rules = false;
  bool quiet = false;
  std::string progress = "auto";
  bool stats = false;
  CLI::Option* max_doc_bytes_option = nullptr;
};

int list_rules() {
  for (const auto& r : check::all_rules())
    fmt::print("{:<24} {:<8} {}\n", r.id, check::to_string(r.default_severity), r.description);
  return 0;
}

int run(CheckOptions& o) {
  if (o.list_rules) return list_rules();
  std::string error;
  if (!finish_common_options(o.common, error)) {
    fmt::print(stderr, "quoth: {}\n", error);
    return 2;
  }
  // Configuration: --config FILE, else ./.quoth.json when present; the command line wins.
  check::CheckConfig config;
  std::string config_path = o.config;
  if (config_path.empty() && !o.no_config) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(".quoth.json", ec)) config_path = ".quoth.json";
  }
  if (!config_path.empty() && !check::load_config_file(config_path, config, error)) {
    fmt::print(stderr, "quoth: {}\n", error);
    return 2;
  }
  for (const std::string& id : o.disable) {
    check::Rule rule;
    if (!check::find_rule(id, rule) || rule == check::Rule::ReadError) {
      fmt::print(stderr, "quoth: --disable: unknown rule \"{}\" (see quoth check --list-rules)\n", id);
      return 2;
    }
    config.lint.severity[static_cast<size_t>(rule)] = check::Severity::Off;
  }
  check::Severity fail_on = config.fail_on.value_or(check::Severity::Error);
  if (!o.fail_on.empty()) {
    if (o.fail_on == "never") fail_on = check::Severity::Off;
    else check::parse_severity(o.fail_on, fail_on);  // validated by CLI11
  }
  if (o.max_doc_bytes_option->count() == 0 && config.max_doc_bytes) o.common.pipeline.max_doc_bytes = *config.max_doc_bytes;
  config.lint.max_doc_bytes = o.common.pipeline.max_doc_bytes;
  if (config.max_findings_per_rule) config.lint.max_findings_per_rule = *config.max_findings_per_rule;
  const check::Linter linter(config.lint);

  std::unique_ptr<Pipeline> pipeline;
  if (linter.needs_analysis()) {
    pipeline = Pipeline::create(o.common.pipeline, error);
    if (!pipeline) {
      fmt::print(stderr, "quoth: {}\n", error);
      return 2;
    }
  }
  auto reporter = check::Reporter::create(o.report_format, fail_on, error);
  if (!reporter) {
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
  // Documents go in batches: read in order, linted in parallel (-j), reported in order.
  struct Item {
    Document doc;
    Analysis analysis;
    std::vector<check::Finding> findings;
    std::vector<check::Location> locations;
  };
  const size_t threads = std::max(1u, o.common.threads);
  const size_t batch_docs = threads == 1 ? 1 : 64 * threads;
  std::vector<Item> batch(batch_docs);
  auto lint_item = [&](Item& it) {
    it.findings.clear();
    const bool analyse = pipeline && it.doc.read_error_code.empty() && it.doc.text.size() <= config.lint.max_doc_bytes;
    if (analyse) pipeline->analyze(it.doc, it.analysis);
    linter.lint(it.doc, analyse ? &it.analysis : nullptr, it.findings);
    check::locate(it.doc, it.findings, it.locations);
  };
  check::Summary summary;
  uint64_t read_errors = 0, text_bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  Progress progress(progress_wanted(o.progress));
  std::string out;
  reporter->begin(out);
  bool output_ok = sink.write(out);
  bool more = true;
  while (output_ok && more) {
    size_t n = 0, bytes = 0;
    while (n < batch_docs && bytes < (size_t{8} << 20) && (more = source->next(batch[n].doc))) bytes += batch[n++].doc.text.size();
    if (threads == 1 || n <= 1) {
      for (size_t i = 0; i < n; ++i) lint_item(batch[i]);
    } else {
      std::atomic<size_t> next{0};
      auto work = [&] {
        for (size_t i; (i = next.fetch_add(1)) < n;) lint_item(batch[i]);
      };
      std::vector<std::thread> workers;
      for (size_t t = 1; t < std::min(threads, n); ++t) workers.emplace_back(work);
      work();
      for (auto& w : workers) w.join();
    }
    for (size_t i = 0; i < n && output_ok; ++i) {
      const Item& it = batch[i];
      if (!it.doc.read_error_code.empty()) {
        ++read_errors;
        fmt::print(stderr, "quoth: {}\n",
                   it.doc.read_error_message.empty() ? it.doc.read_error_code : it.doc.read_error_message);
      }
      ++summary.documents;
      text_bytes += it.doc.text.size();
      summary.documents_with_findings += !it.findings.empty();
      for (const auto& f : it.findings) ++summary.counts[static_cast<size_t>(f.severity)];
      out.clear();
      reporter->document({it.doc.source, it.doc.id, it.findings, it.locations}, out);
      output_ok = sink.write(out);
    }
    progress.tick(summary.documents, text_bytes);
  }
  progress.tick(summary.documents, text_bytes, true);
  if (output_ok) {
    out.clear();
    reporter->end(summary, out);
    output_ok = sink.write(out);
  }
  if (sink.closed_pipe()) return 0;
  if (!output_ok || !sink.commit()) {
    if (sink.closed_pipe()) return 0;
    fmt::print(stderr, "quoth: {}\n", sink.error());
    return 2;
  }
  if (!o.quiet) {
    fmt::print(stderr, "quoth check: {} document{}, {} with findings: {} error{}, {} warning{}, {} info\n",
               summary.documents, summary.documents == 1 ? "" : "s", summary.documents_with_findings,
               summary.counts[3], summary.counts[3] == 1 ? "" : "s", summary.counts[2],
               summary.counts[2] == 1 ? "" : "s", summary.counts[1]);
  }
  if (o.stats) {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print(stderr, "quoth check: {}\n",
               rate_summary(summary.documents, text_bytes, secs, static_cast<unsigned>(threads)));
  }
  if (read_errors > 0) return 2;
  if (fail_on == check::Severity::Off) return 0;
  for (size_t s = static_cast<size_t>(fail_on); s < 4; ++s)
    if (summary.counts[s] > 0) return 1;
  return 0;
}

}  // namespace

void register_check_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Lint documents for CI: invalid UTF-8, control characters, unbalanced or mismatched quotation marks, mixed "
      "quotation styles, direct quotes without a speaker. Exit 1 when a finding reaches --fail-on.");
  add_common_options(*cmd, o->common);
  o->max_doc_bytes_option = cmd->get_option("--max-doc-bytes");
  cmd->add_option("--fail-on", o->fail_on,
                  "Exit 1 when a finding of this severity or above exists (default: error, or the config's)")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))
      ->group("Check");
  cmd->add_option("--report-format", o->report_format,
                  "text (file:line:col: severity: message [rule]), jsonl, github (workflow annotations), sarif "
                  "(SARIF 2.1.0), junit (JUnit XML)")
      ->check(CLI::IsMember({"text", "jsonl", "github", "sarif", "junit"}))
      ->capture_default_str()
      ->group("Check");
  cmd->add_option("--config", o->config, "Configuration file (default: .quoth.json in the current directory, if any)")
      ->type_name("FILE")
      ->group("Check");
  cmd->add_flag("--no-config", o->no_config, "Do not read .quoth.json from the current directory")->group("Check");
  cmd->add_option("--disable", o->disable, "Turn these rules off (comma-separated, repeatable)")
      ->delimiter(',')
      ->type_name("RULE,...")
      ->allow_extra_args(false)
      ->group("Check");
  cmd->add_flag("--list-rules", o->list_rules, "Print every rule with its default severity and exit")->group("Check");
  cmd->add_option("-o,--output", o->output, "Write the report here instead of standard output")
      ->type_name("FILE")
      ->group("Check");
  cmd->add_flag("-q,--quiet", o->quiet, "No summary line on standard error")->group("Check");
  cmd->add_option("--progress", o->progress, "Progress line on stderr: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str()
      ->group("Check");
  cmd->add_flag("--stats", o->stats, "Print MB, MB/s and documents/s on stderr at the end")->group("Check");
  cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace quoth::cli
