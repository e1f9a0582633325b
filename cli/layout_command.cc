// heapdoc layout DIR...: structs whose field order costs them a size class, like go vet's
// fieldalignment but only where reordering moves the struct to a smaller allocator slot.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analyzer/gosource/package_patterns.h"
#include "analyzer/report/layout_report.h"
#include "analyzer/gosource/source_tree.h"
#include "analyzer/gosource/struct_layout_advisor.h"
#include "analyzer/gosource/type_resolver.h"
#include "cli/command.h"
#include "heapmodel/error.h"
#include "heapmodel/go_version.h"
#include "heapmodel/size_classes.h"

namespace heapdoc::cli {
namespace {

struct LayoutOptions {
  std::vector<std::string> dirs;
  std::string format = "text";
  std::string go_version;
  bool include_vendor = false;
};

int RunLayout(const LayoutOptions& opts) {
  GoVersion version{1, 22};
  std::string version_note =
      "assuming Go 1.22 or later (8 B malloc header on pointerful objects of 513..32760 B); use --go-version to change";
  if (!opts.go_version.empty()) {
    auto parsed = GoVersion::Parse(opts.go_version);
    if (!parsed) throw Error(fmt::format("--go-version: '{}' is not a Go version like 1.22", opts.go_version));
    version = *parsed;
    version_note.clear();
  }
  const SizeClassTable& table = SizeClassTable::For(version);

  gosource::SourceTreeOptions tree_options;
  tree_options.include_vendor = opts.include_vendor;
  gosource::SourceTree tree = gosource::SourceTree::Load(gosource::ResolvePackagePatterns(opts.dirs), tree_options);
  gosource::TypeResolver resolver(tree);
  gosource::StructLayoutScan scan = gosource::ScanStructLayouts(tree, resolver, table);

  if (opts.format == "json") {
    fmt::print("{}", gosource::RenderLayoutJson(scan, version_note));
  } else {
    fmt::print("{}", gosource::RenderLayoutText(scan));
    std::fflush(stdout);
    fmt::print(stderr, "{}", gosource::RenderLayoutNotes(scan, version_note));
  }
  return kExitOk;  // findings are advice, not a failure
}

}  // namespace

void RegisterLayoutCommand(CLI::App& app, CommandAction& action) {
  auto opts = std::make_shared<LayoutOptions>();
  CLI::App* cmd = app.add_subcommand(
      "layout",
      "List Go structs whose field order puts them in a larger allocator size class than needed.\n"
      "Reads the Go source under each DIR (skipping _test.go files, testdata/ and, unless asked,\n"
      "vendor/), lays out every struct as the gc compiler does on amd64/arm64 and reorders its fields\n"
      "as fieldalignment would; only structs whose size class shrinks are listed.");
  cmd->add_option("dirs", opts->dirs,
                  "Go source directories, .go files or package patterns (./..., ./pkg/..., import paths of the module "
                  "whose go.mod encloses the current directory); directories are read with their subdirectories")
      ->required();
  cmd->add_option("--format", opts->format, "Output format: text (go vet style) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--go-version", opts->go_version,
                  "Go release the program is built with, e.g. 1.21 (decides the 1.22+ malloc header); "
                  "default: 1.22 or later");
  cmd->add_flag("--include-vendor", opts->include_vendor, "Also check structs under vendor/ directories");
  cmd->footer(
      "Exit codes: 0 when the scan ran, whether or not it found structs to reorder (findings are\n"
      "advice and never change the exit code); 2 when a DIR does not exist or is not a directory,\n"
      "or an option is invalid.");
  cmd->callback([&action, opts] { action = [opts] { return RunLayout(*opts); }; });
}

}  // namespace heapdoc::cli
