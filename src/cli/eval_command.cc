// TEMPORARY until the eval command lands.
#include "cli/commands.h"
namespace quoth::cli {
void register_eval_command(CLI::App&, int&) {}
}  // namespace quoth::cli
