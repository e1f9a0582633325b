// heapdoc's entry point: parses the command line and runs one subcommand. No exception escapes.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.h"
#include "heapmodel/error.h"

namespace {

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0  success (check: every threshold passed)\n"
    "  1  check: a threshold failed (the analysis itself succeeded)\n"
    "  2  usage error, or an input that is unreadable, broken or not a Go heap profile\n"
    "  3  internal error (a bug in heapdoc: please report it)\n";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "heapdoc: why is my Go service's memory high when its heap is mostly empty?\n"
      "Reads Go heap profiles, runtime.MemStats and heap dumps, rebuilds the size-class heap and\n"
      "shows which size classes and allocation sites hold the fragmentation, and what to change.",
      "heapdoc"};
  app.footer(kExitCodes);
  app.require_subcommand(1);
  app.set_version_flag("--version", "heapdoc 0.1.0");

  heapdoc::cli::CommandAction action;
  heapdoc::cli::RegisterAnalyzeCommand(app, action);
  heapdoc::cli::RegisterLayoutCommand(app, action);
  heapdoc::cli::RegisterCheckCommand(app, action);
  heapdoc::cli::RegisterDiffCommand(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e) == 0 ? heapdoc::kExitOk : heapdoc::kExitInputError;
  } catch (const CLI::ParseError& e) {
    // One line like every other error (CLI11's own form is two lines without "heapdoc:").
    std::string message = e.what();
    for (char& c : message)
      if (c == '\n') c = ' ';
    fmt::print(stderr, "heapdoc: {} (see heapdoc --help)\n", message);
    return heapdoc::kExitInputError;
  }
  try {
    return action ? action() : heapdoc::kExitOk;
  } catch (const heapdoc::Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "heapdoc: {}\n", e.what());
    return heapdoc::kExitInputError;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "heapdoc: out of memory\n");
    return heapdoc::kExitInputError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "heapdoc: internal error: {}\n", e.what());
    return heapdoc::kExitInternalError;
  }
}
