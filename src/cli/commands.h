// The subcommands of the quoth binary. main.cc builds the CLI11 app, registers each command and
// returns the exit code the command that ran set (0 ok, 1 findings/threshold, 2 error).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "quoth/quoth.h"
#include "reader/document_source.h"

namespace quoth::cli {

// Options every document-reading command shares: paths, input format and fields, rules and
// gazetteers, encoding policy, --max-doc-bytes, -j/--threads.
struct CommonOptions {
  std::vector<std::string> paths;
  InputOptions input;
  PipelineOptions pipeline;
  std::string encoding_errors = "replace";
  std::string input_format = "auto";
  unsigned threads = 1;
};

// Adds the shared options to `cmd`, storing into `opts`.
void add_common_options(CLI::App& cmd, CommonOptions& opts);

// Finishes `opts` after parsing (maps the string options to enums). False and `error` when a
// value is not valid.
bool finish_common_options(CommonOptions& opts, std::string& error);

// Each registers its subcommand on `app`; when the subcommand runs it sets `exit_code`.
void register_extract_command(CLI::App& app, int& exit_code);  // also the default command
void register_check_command(CLI::App& app, int& exit_code);
void register_eval_command(CLI::App& app, int& exit_code);
void register_rules_command(CLI::App& app, int& exit_code);

}  // namespace quoth::cli
