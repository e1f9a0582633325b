// heapdoc analyze PROFILE|URL...: what the heap's slots hold, per size class and per allocation
// site; several profiles (files, a directory, a glob) give the fleet view instead.
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analyzer/analysis.h"
#include "analyzer/check/finding_location.h"
#include "analyzer/fleet/fleet_analysis.h"
#include "analyzer/fleet/fleet_inputs.h"
#include "analyzer/fleet/progress_meter.h"
#include "analyzer/gosource/source_tree.h"
#include "analyzer/readers/heap_input.h"
#include "analyzer/readers/elf_symbols.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "analyzer/report/fleet_report.h"
#include "analyzer/report/html_report.h"
#include "analyzer/report/json_report.h"
#include "analyzer/report/markdown_report.h"
#include "analyzer/report/retention_profile.h"
#include "analyzer/report/svg_chart.h"
#include "analyzer/report/text_report.h"
#include "cli/command.h"
#include "cli/input_flags.h"
#include "cli/output.h"
#include "cli/terminal_width.h"
#include "heapmodel/error.h"

namespace heapdoc::cli {
namespace {

struct AnalyzeFlags {
  std::vector<std::string> inputs;
  std::string inputs_file;  // --inputs FILE
  std::string format = "text";
  std::string output;
  size_t top = 20;
  std::string go_version;
  std::string memstats;
  std::string dump;
  std::string binary;  // --binary: names global roots of a heap dump
  std::string retention_profile;  // --retention-profile FILE: the reference chains as a pprof profile
  std::vector<std::string> source_dirs;
  bool include_vendor = false;
  bool no_source_discovery = false;
  bool gc = false;
  double timeout_seconds = 30;
  std::string save_dir;
  unsigned jobs = 0;
  bool all_classes = false;
};

LoadOptions MakeLoadOptions(const AnalyzeFlags& flags) {
  LoadOptions load;
  load.gc = flags.gc;
  load.fetch.timeout_seconds = flags.timeout_seconds;
  load.save_dir = flags.save_dir;
  return load;
}

bool IsStdout(const std::string& path) { return path.empty() || path == "-"; }

// The files -o writes: the report, and beside a Markdown report its charts.
std::vector<std::string> OutputPaths(const AnalyzeFlags& flags) {
  std::vector<std::string> outputs{flags.output};
  if (flags.format == "markdown" && !flags.output.empty() && flags.output != "-")
    for (std::string& chart : MarkdownChartPaths(flags.output)) outputs.push_back(std::move(chart));
  if (!flags.retention_profile.empty()) outputs.push_back(flags.retention_profile);
  return outputs;
}

// The go.mod directory above the sites' files when they exist here (a profile of a program built on
// this machine without -trimpath): the text report shows paths relative to it.
std::string ModuleRootOfSites(const AnalysisReport& report) {
  std::vector<std::string> files;
  for (const SiteRow& site : report.breakdown.sites) files.push_back(site.file);
  return FindModuleRoot(files);
}

int RunSingle(const AnalyzeFlags& flags, AnalysisOptions options) {
  RefuseOutputsOverInputs(OutputPaths(flags), {flags.inputs.front(), flags.memstats, flags.dump});
  LoadedInput loaded = LoadHeapInput({flags.inputs.front(), flags.memstats, flags.dump}, MakeLoadOptions(flags));
  if (!loaded.saved_files.empty()) {
    std::string repeat = loaded.saved_files.size() > 1 ? " --memstats " + loaded.saved_files[1] : "";
    fmt::print(stderr, "heapdoc: saved {}; to repeat offline: heapdoc analyze {}{}\n",
               fmt::join(loaded.saved_files, ", "), loaded.saved_files[0], repeat);
  }
  HeapSnapshot snapshot = std::move(loaded.snapshot);
  if (!flags.retention_profile.empty() && IsStdout(flags.retention_profile) == IsStdout(flags.output) &&
      (IsStdout(flags.output) || flags.retention_profile == flags.output))
    throw Error("--retention-profile and the report would go to the same place: give the report -o FILE or the "
                "profile another file");
  if (!flags.retention_profile.empty() && !(snapshot.heap_dump && snapshot.heap_dump->graph))
    throw Error(fmt::format("--retention-profile: {} is not a heap dump; reference chains come from a heap dump "
                            "(debug.WriteHeapDump), as the profile or with --dump",
                            flags.inputs.front()));
  std::optional<gosource::SourceTree> source;
  if (!flags.source_dirs.empty()) {
    source = gosource::SourceTree::Load(flags.source_dirs, {.include_vendor = flags.include_vendor});
    options.source_tree = &*source;
  }
  GlobalSymbols symbols;
  if (!flags.binary.empty()) {
    symbols = ReadElfGlobalSymbols(flags.binary);
    options.global_symbols = &symbols;
  }
  AnalysisReport report = Analyze(std::move(snapshot), options);
  std::vector<MarkdownImage> charts;  // a Markdown file gets its charts as SVGs beside it
  if (flags.format == "markdown" && !flags.output.empty() && flags.output != "-")
    for (const ChartImage& chart : ChartImagesFor(report, flags.output)) {
      WriteOutput(chart.path, chart.svg);
      charts.push_back({chart.alt, chart.file_name});
    }
  std::string text = flags.format == "json"       ? RenderJsonReport(report)
                     : flags.format == "markdown" ? RenderMarkdownReport(report, charts)
                     : flags.format == "html"     ? RenderHtmlReport(report)
                                                  : RenderTextReport(report, TextReportWidth(flags.output.empty() || flags.output == "-"),
                                                                     flags.all_classes, ModuleRootOfSites(report));
  WriteOutput(flags.output, text);
  if (!flags.retention_profile.empty()) WriteOutput(flags.retention_profile, RenderRetentionProfile(report));
  return kExitOk;
}

int RunFleet(const AnalyzeFlags& flags, AnalysisOptions options) {
  if (!flags.retention_profile.empty())
    throw Error("--retention-profile applies to one heap dump, not to a fleet of profiles");
  if (!flags.memstats.empty() || !flags.dump.empty())
    throw Error("--memstats and --dump apply to one profile; in a fleet, URLs bring their /debug/vars, ?debug=1 "
                "profiles their own MemStats, and a profile file finds vars.json or memstats.json beside it");
  std::string format = flags.format;
  if (format != "text" && format != "json" && format != "markdown")
    throw Error("--format " + format + ": the fleet view is text, json or markdown");
  std::optional<gosource::SourceTree> source;
  if (!flags.source_dirs.empty()) {
    source = gosource::SourceTree::Load(flags.source_dirs, {.include_vendor = flags.include_vendor});
    options.source_tree = &*source;
  }
  FleetOptions fleet_options;
  fleet_options.analysis = options;
  fleet_options.load = MakeLoadOptions(flags);
  fleet_options.load.save_with_host = true;
  fleet_options.threads = flags.jobs;
  ProgressMeter meter(stderr);
  fleet_options.progress = [&meter](size_t done, size_t total) { meter.Update(done, total); };
  FleetInputs inputs = ExpandFleetInputs(flags.inputs);
  std::vector<std::string> input_names;
  for (const FleetInput& input : inputs.inputs) input_names.push_back(input.name);
  if (!flags.inputs_file.empty() && flags.inputs_file != "-") input_names.push_back(flags.inputs_file);
  RefuseOutputsOverInputs({flags.output}, input_names);  // a fleet report has no charts
  FleetReport fleet = AnalyzeFleet(std::move(inputs), fleet_options);
  meter.Finish();
  for (const FleetError& e : fleet.errors) fmt::print(stderr, "heapdoc: {}: {}\n", e.source, e.message);
  if (!fleet.saved_files.empty())
    fmt::print(stderr, "heapdoc: saved {} fetched file{}: {}\n", fleet.saved_files.size(),
               fleet.saved_files.size() == 1 ? "" : "s", fmt::join(fleet.saved_files, ", "));
  if (fleet.rows.empty() && fleet.errors.empty()) {
    // Nothing analyzed and nothing failed: every file was skipped. Say so rather than exit silently.
    std::string example = fleet.skipped.empty() ? "" : " (" + fleet.skipped.front() + (fleet.skipped.size() > 1 ? ", ..." : "") + ")";
    fmt::print(stderr, "heapdoc: no profile to analyze: {} file{} skipped as plainly not heap profiles{}\n",
               fleet.skipped.size(), fleet.skipped.size() == 1 ? "" : "s", example);
  }
  std::string text = format == "json" ? RenderFleetJson(fleet) : format == "markdown" ? RenderFleetMarkdown(fleet) : RenderFleetText(fleet);
  WriteOutput(flags.output, text);
  return fleet.rows.empty() ? kExitInputError : kExitOk;
}

int RunAnalyze(AnalyzeFlags flags) {
  AnalysisOptions options;
  options.go_version = ParseGoVersionFlag(flags.go_version);
  options.top_sites = flags.top;
  options.discover_source = !flags.no_source_discovery;
  if (!flags.inputs_file.empty()) {
    // A list is a fleet even when it names one profile: its report has the same shape every run.
    for (std::string& input : ReadInputList(flags.inputs_file)) flags.inputs.push_back(std::move(input));
    return RunFleet(flags, options);
  }
  return IsFleetRequest(flags.inputs) ? RunFleet(flags, options) : RunSingle(flags, options);
}

}  // namespace

void RegisterAnalyzeCommand(CLI::App& app, CommandAction& action) {
  auto flags = std::make_shared<AnalyzeFlags>();
  CLI::App* cmd = app.add_subcommand("analyze", "Break a Go heap profile down by size class and allocation site");
  cmd->add_option("profile", flags->inputs,
                  "Heap profile: pprof protobuf (/debug/pprof/heap or /allocs, gzipped or not), a ?debug=1 text "
                  "heap profile, or a heap dump (debug.WriteHeapDump); or a live service's URL (http://host:6060 "
                  "or .../debug/pprof/heap). Several profiles, a directory or a glob pattern give the fleet view");
  cmd->add_option("--inputs", flags->inputs_file,
                  "Fleet view of the profiles and URLs listed in FILE, one a line ('#' comments and blank lines "
                  "ignored; '-' reads the list from stdin); each profile file pairs with vars.json or memstats.json "
                  "beside it");
  cmd->add_option("--format", flags->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown", "html"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", flags->output, "Write the report to FILE instead of stdout");
  cmd->add_flag("--all-classes", flags->all_classes,
                "Text: also list size classes with objects allocated but none live and no spans");
  cmd->add_option("--top", flags->top, "How many allocation sites to list")->check(CLI::Range(1, 1000000))->capture_default_str();
  cmd->add_option("--go-version", flags->go_version,
                  "Go release that wrote the profile, e.g. 1.22 (decides the span layout); inferred when omitted");
  cmd->add_option("--memstats", flags->memstats,
                  "runtime.MemStats of the same moment: json.Marshal(runtime.MemStats), expvar /debug/vars, or "
                  "Prometheus go_memstats_* text, as a file or URL (a ?debug=1 profile or heap dump carries its own)")
      ->check(ExistingFileOrUrl());
  cmd->add_option("--dump", flags->dump,
                  "A heap dump (debug.WriteHeapDump) of the same moment: exact spans for the profile's sites")
      ->check(CLI::ExistingFile);
  cmd->add_option("--binary", flags->binary,
                  "The unstripped executable that wrote the heap dump: its ELF symbol table names the global "
                  "variables that hold survivors (main.survivors) in retention paths")
      ->check(CLI::ExistingFile);
  cmd->add_option("--retention-profile", flags->retention_profile,
                  "Heap dump: also write the reference chains that keep survivors alive to FILE as a pprof profile "
                  "(gzipped profile.proto) for `go tool pprof -http=: FILE`: each stack is a chain, survivors first "
                  "and the root that holds them (main.cache (global), a goroutine's function) outermost; sample types "
                  "pinned and retained (bytes; pinned is the default) and objects (count)")
      ->option_text("FILE");
  cmd->add_option("--source", flags->source_dirs,
                  "Go source tree of the profiled program (repeatable): finds the types allocated at each site for "
                  "fieldalignment and pointer advice; vendor/ and testdata/ are skipped")
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("--include-vendor", flags->include_vendor, "Also read vendor/ directories under --source");
  cmd->add_flag("--no-source-discovery", flags->no_source_discovery,
                "Without --source, heapdoc reads the Go files the profile names where they are on this machine "
                "(build paths, the current module, the module cache); this turns that off");
  cmd->add_flag("--gc", flags->gc, "URL: ask the service to run a GC before profiling (?gc=1)");
  cmd->add_option("--timeout", flags->timeout_seconds, "URL: seconds allowed to connect, and for each whole fetch")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            // CLI::Range lets nan through (every comparison with it is false), which disabled the timeout.
            double v = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v < 0.1 || v > 3600)
              return "'" + text + "' is not a number of seconds from 0.1 to 3600";
            return "";
          },
          "SECONDS in [0.1 - 3600]"))
      ->capture_default_str();
  cmd->add_option("--jobs", flags->jobs, "Several profiles: analyze N at a time (default: one per CPU)")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--save", flags->save_dir,
                  "URL: write what was fetched (heap.pb.gz, vars.json) to DIR so the analysis can be repeated offline");
  cmd->footer(
      "Exit codes: 0 success; 2 usage error or unreadable/broken/non-heap input; 3 internal error.");
  cmd->callback([flags, &action] {
    if (flags->inputs.empty() && flags->inputs_file.empty())
      throw CLI::RequiredError("analyze: a profile, a URL, a directory or --inputs FILE");
    action = [flags] { return RunAnalyze(*flags); };
  });
}

}  // namespace heapdoc::cli
