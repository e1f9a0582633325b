// heapdoc check PROFILE: a CI gate. Fails (exit 1) when fragmentation, external waste, one size
// class's free slots or one site's cost is over its limit, or with --baseline when one of them grew
// by more than --max-growth. Limits come from flags and .heapdoc.toml (flags win).
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analyzer/analysis.h"
#include "analyzer/check/check_config.h"
#include "analyzer/report/check_report.h"
#include "analyzer/check/size_parse.h"
#include "analyzer/check/threshold_check.h"
#include "analyzer/readers/heap_input.h"
#include "analyzer/report/github_report.h"
#include "analyzer/report/sarif_report.h"
#include "cli/command.h"
#include "cli/input_flags.h"
#include "cli/output.h"
#include "heapmodel/error.h"

namespace heapdoc::cli {
namespace {

struct CheckFlags {
  std::string input, memstats, dump;
  std::string baseline, baseline_memstats, baseline_dump;
  std::string config;
  bool no_config = false;
  std::string max_fragmentation, max_external_waste, max_class_waste, max_site_cost, max_growth, min_growth;
  std::string format = "text";
  std::string output;
  std::string go_version;
  std::string trim_prefix;
  bool exit_zero = false;
};

CheckThresholds ThresholdsFromFlags(const CheckFlags& f) {
  CheckThresholds t;
  if (!f.max_fragmentation.empty()) t.max_fragmentation_ratio = ParseRatio(f.max_fragmentation, "--max-fragmentation", 1.0);
  if (!f.max_external_waste.empty()) t.max_external_waste_bytes = ParseByteSize(f.max_external_waste, "--max-external-waste");
  if (!f.max_class_waste.empty()) t.max_class_waste_bytes = ParseByteSize(f.max_class_waste, "--max-class-waste");
  if (!f.max_site_cost.empty()) t.max_site_cost_bytes = ParseByteSize(f.max_site_cost, "--max-site-cost");
  if (!f.max_growth.empty()) t.max_growth_ratio = ParseRatio(f.max_growth, "--max-growth", 1000.0);
  if (!f.min_growth.empty()) t.min_growth_bytes = ParseByteSize(f.min_growth, "--min-growth");
  return t;
}

// --config FILE, else .heapdoc.toml in the current directory when there is one.
std::optional<CheckThresholds> ConfigThresholds(const CheckFlags& f) {
  if (!f.config.empty()) return ReadCheckConfigFile(f.config);
  if (f.no_config) return std::nullopt;
  std::error_code ec;
  if (std::filesystem::is_regular_file(kConfigFileName, ec)) return ReadCheckConfigFile(kConfigFileName);
  return std::nullopt;
}

// Repository-relative locations: GITHUB_WORKSPACE, else the go.mod above the profile's source paths.
LocationOptions CheckLocations(const CheckFlags& flags, const AnalysisReport& report) {
  std::vector<std::string> source_paths;
  for (const SiteRow& site : report.breakdown.sites) source_paths.push_back(site.file);
  std::string config = flags.config;
  std::error_code ec;
  if (config.empty() && !flags.no_config && std::filesystem::is_regular_file(kConfigFileName, ec)) config = kConfigFileName;
  const char* workspace = std::getenv("GITHUB_WORKSPACE");
  return ResolveLocations(flags.trim_prefix, workspace ? workspace : "", source_paths, config);
}

int RunCheck(const CheckFlags& flags) {
  // Everything the user typed is checked before any profile is read.
  CheckThresholds thresholds = ThresholdsFromFlags(flags);
  if (auto config = ConfigThresholds(flags)) thresholds.FillFrom(*config);
  bool has_baseline = !flags.baseline.empty();
  if (!has_baseline && (!flags.max_growth.empty() || !flags.min_growth.empty()))
    throw Error("--max-growth and --min-growth need --baseline OLD_PROFILE");
  if (!has_baseline && !thresholds.any_absolute())
    throw Error("no thresholds: give --max-fragmentation, --max-external-waste, --max-class-waste or --max-site-cost, "
                "a .heapdoc.toml (or --config FILE), or --baseline OLD_PROFILE");
  RefuseOutputsOverInputs({flags.output}, {flags.input, flags.memstats, flags.dump, flags.baseline,
                                           flags.baseline_memstats, flags.baseline_dump, flags.config});
  AnalysisOptions options;
  options.go_version = ParseGoVersionFlag(flags.go_version);
  AnalysisReport report = AnalyzeInput(flags.input, flags.memstats, flags.dump, options);
  std::optional<AnalysisReport> baseline;
  if (has_baseline) baseline = AnalyzeInput(flags.baseline, flags.baseline_memstats, flags.baseline_dump, options);
  CheckResult result = RunChecks(report, thresholds, baseline ? &*baseline : nullptr);
  LocationOptions locations = CheckLocations(flags, report);
  // --exit-zero: report the failures but let the step pass (golangci-lint's --issues-exit-code=0).
  int exit_code = result.passed() || flags.exit_zero ? kExitOk : kExitFindings;
  std::string text = flags.format == "json"     ? RenderCheckJson(result, report, locations)
                     : flags.format == "github" ? RenderGithubCommands(result, report, locations)
                     : flags.format == "sarif"  ? RenderSarifLog(result, report, locations, exit_code)
                                                : RenderCheckText(result);
  WriteOutput(flags.output, text);
  // With -o the verdict still reaches the CI log.
  if (!flags.output.empty() && flags.output != "-") fmt::print(stderr, "{}\n", CheckVerdictLine(result));
  return exit_code;
}

}  // namespace

void RegisterCheckCommand(CLI::App& app, CommandAction& action) {
  auto flags = std::make_shared<CheckFlags>();
  CLI::App* cmd = app.add_subcommand("check", "CI gate: fail when fragmentation or waste is over a limit, or grew since a baseline");
  cmd->add_option("profile", flags->input, "Heap profile or a live service's URL (as for analyze)")->required();
  cmd->add_option("--memstats", flags->memstats, "runtime.MemStats of the same moment, a file or URL (needed for --max-fragmentation)")
      ->check(ExistingFileOrUrl());
  cmd->add_option("--dump", flags->dump, "A heap dump of the same moment: exact spans")->check(CLI::ExistingFile);
  cmd->add_option("--max-fragmentation", flags->max_fragmentation,
                  "Limit on (HeapInuse - HeapAlloc) / HeapInuse: 0.35 or 35%");
  cmd->add_option("--max-external-waste", flags->max_external_waste,
                  "Limit on free-slot bytes in spans in use: 64MiB, 1.5GB, 512KiB or bytes");
  cmd->add_option("--max-class-waste", flags->max_class_waste, "Limit on the free-slot bytes of any one size class");
  cmd->add_option("--max-site-cost", flags->max_site_cost, "Limit on the cost (span bytes it holds) of any one allocation site");
  cmd->add_option("--baseline", flags->baseline,
                  "An older profile (file or URL) of the same service: fail only on regressions against it")
      ->check(ExistingFileOrUrl());
  cmd->add_option("--baseline-memstats", flags->baseline_memstats, "runtime.MemStats for the baseline profile (file or URL)")
      ->check(ExistingFileOrUrl());
  cmd->add_option("--baseline-dump", flags->baseline_dump, "A heap dump for the baseline profile")->check(CLI::ExistingFile);
  cmd->add_option("--max-growth", flags->max_growth,
                  "With --baseline: allowed growth of each figure relative to the baseline (default 10%)");
  cmd->add_option("--min-growth", flags->min_growth,
                  "With --baseline: byte growth smaller than this is sampling noise, never a failure (default 1MiB)");
  cmd->add_option("--config", flags->config, "Thresholds file (TOML); default: .heapdoc.toml in the current directory")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--no-config", flags->no_config, "Ignore .heapdoc.toml in the current directory");
  cmd->add_option("--format", flags->format, "text, json, github (workflow commands) or sarif (SARIF 2.1.0)")
      ->check(CLI::IsMember({"text", "json", "github", "sarif"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", flags->output, "Write the output to FILE instead of stdout (the verdict goes to stderr)");
  cmd->add_option("--go-version", flags->go_version, "Go release that wrote the profiles, e.g. 1.22; inferred when omitted");
  cmd->add_option("--trim-prefix", flags->trim_prefix,
                  "Cut this build-directory prefix from profile file paths in github/sarif/json locations");
  cmd->add_flag("--exit-zero", flags->exit_zero,
                "Exit 0 even when a threshold failed (the report still says FAIL); errors still exit 2");
  cmd->footer(
      "Exit codes: 0 every threshold held (or --exit-zero); 1 a threshold failed; 2 usage error, bad threshold value, or\n"
      "unreadable/broken/non-heap input (also: a threshold that needs MemStats without them); 3 internal error.");
  cmd->callback([flags, &action] { action = [flags] { return RunCheck(*flags); }; });
}

}  // namespace heapdoc::cli
