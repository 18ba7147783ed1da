// quoth's entry point: builds the command line, runs the chosen command (extract by default) and
// turns its outcome into the exit status of DESIGN.md §2 (0 ok, 1 findings, 2 errors).
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/output_sink.h"

namespace {

constexpr const char* kFooter = R"(Commands:
  quoth [extract] [OPTIONS] [PATH|-]...   quotes, speakers, entities (the default command)
  quoth check     [OPTIONS] [PATH|-]...   lint a corpus for CI: findings, severities, exit status
  quoth eval      --gold GOLD.jsonl ...   precision/recall/F1 against gold annotations
  quoth rules     validate|show           compile and show rules and gazetteers
Run 'quoth COMMAND --help' for a command's options.

Examples:
  quoth article.txt                              one JSON record for one article
  quoth --input-format jsonl archive.jsonl -j 0  every core, output in input order
  cat news.jsonl | quoth | jq -r '.quotes[] | [.speaker.name, .text] | @tsv'
  quoth -f csv --table quotes -o quotes.csv samples/

Exit status: 0 success; 1 check findings / eval under a threshold; 2 usage error, bad rules or
gazetteer, or a document that could not be processed (all others are still processed).)";

bool is_command(const char* arg) {
  for (const char* c : {"extract", "check", "eval", "rules"})
    if (std::strcmp(arg, c) == 0) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  quoth::cli::install_interrupt_cleanup();
  CLI::App app{"quoth: who said what in news articles. Reads text or JSON Lines, writes quotations with "
               "their speakers resolved to full names, named entities and sentences."};
  app.name("quoth");
  app.footer(kFooter);
  app.set_version_flag("--version", "quoth 0.1.0");
  app.require_subcommand(1);
  int exit_code = 0;
  quoth::cli::register_extract_command(app, exit_code);
  quoth::cli::register_check_command(app, exit_code);
  quoth::cli::register_eval_command(app, exit_code);
  quoth::cli::register_rules_command(app, exit_code);
  for (CLI::App* sub : app.get_subcommands({})) sub->footer(kFooter);

  // extract is the default command: insert it when no command name comes first.
  std::vector<char*> args(argv, argv + argc);
  const bool top_level_flag = argc > 1 && (std::strcmp(argv[1], "--version") == 0 ||
                                           ((std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) && argc == 2 && false));
  static char extract[] = "extract";
  if (!top_level_flag && (argc < 2 || !is_command(argv[1]))) args.insert(args.begin() + 1, extract);
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  // Commands that print through stdio (eval, rules, check --list-rules, --help): output that
  // could not be written fails the run, as it does for records. A closed pipe stays quiet.
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    if (errno == EPIPE) return exit_code;
    fmt::print(stderr, "quoth: write failed: {}\n", std::strerror(errno));
    return 2;
  }
  return exit_code;
}
