// heapdoc diff BASE NEW: what grew and what shrank between two heap profiles, per summary figure,
// size class and allocation site (like pprof -diff_base), in text, Markdown or JSON.
#include <memory>
#include <string>

#include "analyzer/analysis.h"
#include "analyzer/diff/report_comparison.h"
#include "analyzer/readers/heap_input.h"
#include "analyzer/report/diff_report.h"
#include "cli/command.h"
#include "cli/input_flags.h"
#include "cli/output.h"
#include "heapmodel/error.h"

namespace heapdoc::cli {
namespace {

struct DiffFlags {
  std::string base, input;
  std::string base_memstats, memstats, base_dump, dump;
  std::string format = "text";
  std::string output;
  size_t top = 20;
  std::string go_version;
};

int RunDiff(const DiffFlags& flags) {
  RefuseOutputsOverInputs({flags.output}, {flags.base, flags.input, flags.base_memstats, flags.memstats,
                                           flags.base_dump, flags.dump});
  AnalysisOptions options;
  options.go_version = ParseGoVersionFlag(flags.go_version);
  AnalysisReport base = AnalyzeInput(flags.base, flags.base_memstats, flags.base_dump, options);
  AnalysisReport now = AnalyzeInput(flags.input, flags.memstats, flags.dump, options);
  ReportDiff diff = DiffReports(base, now);
  std::string text = flags.format == "json"       ? RenderDiffJson(diff, flags.top)
                     : flags.format == "markdown" ? RenderDiffMarkdown(diff, flags.top)
                                                  : RenderDiffText(diff, flags.top);
  WriteOutput(flags.output, text);
  return kExitOk;
}

}  // namespace

void RegisterDiffCommand(CLI::App& app, CommandAction& action) {
  auto flags = std::make_shared<DiffFlags>();
  CLI::App* cmd = app.add_subcommand("diff", "What grew and what shrank between two heap profiles (like pprof -diff_base)");
  cmd->add_option("base", flags->base, "The older (base) heap profile, a file or a live service's URL")->required();
  cmd->add_option("new", flags->input, "The newer heap profile, a file or a live service's URL")->required();
  cmd->add_option("--base-memstats", flags->base_memstats, "runtime.MemStats for BASE (file or URL)")->check(ExistingFileOrUrl());
  cmd->add_option("--memstats", flags->memstats, "runtime.MemStats for NEW (file or URL)")->check(ExistingFileOrUrl());
  cmd->add_option("--base-dump", flags->base_dump, "A heap dump for BASE")->check(CLI::ExistingFile);
  cmd->add_option("--dump", flags->dump, "A heap dump for NEW")->check(CLI::ExistingFile);
  cmd->add_option("--format", flags->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", flags->output, "Write the diff to FILE instead of stdout");
  cmd->add_option("--top", flags->top, "How many changed classes and sites to list")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--go-version", flags->go_version, "Go release that wrote both profiles; inferred when omitted");
  cmd->footer("Exit codes: 0 success; 2 usage error or unreadable/broken/non-heap input; 3 internal error.");
  cmd->callback([flags, &action] { action = [flags] { return RunDiff(*flags); }; });
}

}  // namespace heapdoc::cli
