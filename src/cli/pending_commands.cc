// Transitional: check and eval are registered here until their own files land.
#include "cli/commands.h"
namespace quoth::cli {
void register_check_command(CLI::App&, int&) {}
void register_eval_command(CLI::App&, int&) {}
}
