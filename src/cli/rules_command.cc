// `quoth rules validate|show`: compile the attribution rules and gazetteers and report errors
// (file:line and the compiler's message) or show what is loaded.
#include <fmt/format.h>

#include "attribution/attributor.h"
#include "cli/commands.h"
#include "entity/entity_recognizer.h"

namespace quoth::cli {
namespace {

struct RulesOptions {
  std::string action;
  PipelineOptions pipeline;
};

int run(const RulesOptions& o) {
  std::string error;
  auto attributor = Attributor::create(o.pipeline, error);
  if (!attributor) {
    fmt::print(stderr, "quoth: {}\n", error);
    return 2;
  }
  auto recognizer = EntityRecognizer::create(o.pipeline, error);
  if (!recognizer) {
    fmt::print(stderr, "quoth: {}\n", error);
    return 2;
  }
  if (o.action == "validate") {
    fmt::print("ok: rules compiled ({} rules file{} added), {} gazetteer entries\n", o.pipeline.rules_files.size(),
               o.pipeline.rules_files.size() == 1 ? "" : "s", recognizer->gazetteer_size());
  } else {
    fmt::print("{}", attributor->describe());
    fmt::print("gazetteer entries: {}\n", recognizer->gazetteer_size());
  }
  return 0;
}

}  // namespace

void register_rules_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<RulesOptions>();
  CLI::App* cmd = app.add_subcommand("rules", "Compile and check (validate) or list (show) the attribution rules and gazetteers.");
  cmd->add_option("action", o->action, "validate: compile everything and report the first error; show: list rules")
      ->check(CLI::IsMember({"validate", "show"}))
      ->required();
  cmd->add_option("--rules", o->pipeline.rules_files, "Rules file added to the default rules (repeatable)")->type_name("FILE")
      ->allow_extra_args(false);
  cmd->add_flag("--no-default-rules", o->pipeline.replace_default_rules, "Check only the --rules files");
  cmd->add_option("--gazetteer", o->pipeline.gazetteer_files, "Gazetteer file to check (repeatable)")->type_name("FILE")
      ->allow_extra_args(false);
  cmd->add_flag("!--no-default-gazetteer", o->pipeline.default_gazetteer, "Leave out the embedded default gazetteer");
  cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace quoth::cli
