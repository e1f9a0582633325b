#include "cli/command.h"

namespace heapdoc::cli {
void RegisterAnalyzeCommand(CLI::App&, CommandAction&) {}
}  // namespace heapdoc::cli
