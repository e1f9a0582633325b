// heapdoc layout DIR: (placeholder until the Go source reader lands)
#include "cli/command.h"

namespace heapdoc::cli {
void RegisterLayoutCommand(CLI::App&, CommandAction&) {}
}  // namespace heapdoc::cli
