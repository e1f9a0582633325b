// How a subcommand plugs into the heapdoc command line: each command file defines one
// Register*Command function that adds its CLI11 subcommand and sets the action to run.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace heapdoc::cli {

// The action returns the process exit code (heapdoc::ExitCode); it may throw heapdoc::Error.
using CommandAction = std::function<int()>;

void RegisterAnalyzeCommand(CLI::App& app, CommandAction& action);
void RegisterLayoutCommand(CLI::App& app, CommandAction& action);
void RegisterCheckCommand(CLI::App& app, CommandAction& action);
void RegisterDiffCommand(CLI::App& app, CommandAction& action);

}  // namespace heapdoc::cli
