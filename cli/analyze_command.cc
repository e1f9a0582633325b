// heapdoc analyze PROFILE: what the heap's slots hold, per size class and per allocation site.
#include <memory>
#include <optional>
#include <string>

#include "analyzer/analysis.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "analyzer/report/json_report.h"
#include "analyzer/report/markdown_report.h"
#include "analyzer/report/text_report.h"
#include "cli/command.h"
#include "cli/output.h"
#include "heapmodel/error.h"

namespace heapdoc::cli {
namespace {

struct AnalyzeFlags {
  std::string input;
  std::string format = "text";
  std::string output;
  size_t top = 20;
  std::string go_version;
  std::string memstats;
  std::string dump;
};

std::optional<GoVersion> ParseGoVersionFlag(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto v = GoVersion::Parse(text);
  if (!v || v->minor < 13) throw Error("--go-version: expected a Go release such as 1.22 (1.13 or newer), got '" + text + "'");
  return v;
}

int RunAnalyze(const AnalyzeFlags& flags) {
  AnalysisOptions options;
  options.go_version = ParseGoVersionFlag(flags.go_version);
  options.top_sites = flags.top;
  HeapSnapshot snapshot = ReadHeapInputFile(flags.input);
  if (!flags.dump.empty()) AttachHeapDump(snapshot, ReadHeapInputFile(flags.dump));
  if (!flags.memstats.empty()) AttachMemStats(snapshot, ReadMemStatsFile(flags.memstats));
  AnalysisReport report = Analyze(std::move(snapshot), options);
  std::string text = flags.format == "json"       ? RenderJsonReport(report)
                     : flags.format == "markdown" ? RenderMarkdownReport(report)
                                                  : RenderTextReport(report);
  WriteOutput(flags.output, text);
  return kExitOk;
}

}  // namespace

void RegisterAnalyzeCommand(CLI::App& app, CommandAction& action) {
  auto flags = std::make_shared<AnalyzeFlags>();
  CLI::App* cmd = app.add_subcommand("analyze", "Break a Go heap profile down by size class and allocation site");
  cmd->add_option("profile", flags->input,
                  "Heap profile: pprof protobuf (/debug/pprof/heap or /allocs, gzipped or not), a ?debug=1 text "
                  "heap profile, or a heap dump (debug.WriteHeapDump)")
      ->required();
  cmd->add_option("--format", flags->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", flags->output, "Write the report to FILE instead of stdout");
  cmd->add_option("--top", flags->top, "How many allocation sites to list")->check(CLI::Range(1, 1000000))->capture_default_str();
  cmd->add_option("--go-version", flags->go_version,
                  "Go release that wrote the profile, e.g. 1.22 (decides the span layout); inferred when omitted");
  cmd->add_option("--memstats", flags->memstats,
                  "runtime.MemStats of the same moment: json.Marshal(runtime.MemStats), expvar /debug/vars, or "
                  "Prometheus go_memstats_* text (a ?debug=1 profile or heap dump carries its own)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--dump", flags->dump,
                  "A heap dump (debug.WriteHeapDump) of the same moment: exact spans for the profile's sites")
      ->check(CLI::ExistingFile);
  cmd->footer(
      "Exit codes: 0 success; 2 usage error or unreadable/broken/non-heap input; 3 internal error.");
  cmd->callback([flags, &action] { action = [flags] { return RunAnalyze(*flags); }; });
}

}  // namespace heapdoc::cli
