// heapdoc check: compares one analysis against thresholds, and optionally against a baseline
// analysis (fail only on regressions). Pure: the result is printed by check_report / sarif_report /
// github_report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/analysis.h"
#include "analyzer/check/check_config.h"

namespace heapdoc {

enum class CheckRule {
  kMaxFragmentation,
  kMaxExternalWaste,
  kMaxClassWaste,
  kMaxSiteCost,
  kGrowthFragmentation,
  kGrowthExternalWaste,
  kGrowthClassWaste,
  kGrowthSiteCost,
};
inline constexpr int kCheckRuleCount = 8;

const char* CheckRuleId(CheckRule rule);           // "max-fragmentation", "growth-site-cost", ...
const char* CheckRuleSummary(CheckRule rule);      // one line for SARIF rule descriptions and help
bool CheckRuleIsRatio(CheckRule rule);             // the figure is a ratio, not bytes

enum class CheckStatus {
  kPass,
  kFail,
  kBaselineOver,  // over the limit, but the baseline already was and it did not grow: not a regression
};
const char* CheckStatusName(CheckStatus status);  // "pass", "fail", "baseline"

struct CheckFinding {
  CheckRule rule = CheckRule::kMaxFragmentation;
  CheckStatus status = CheckStatus::kPass;
  std::string subject;  // "heap", "class 7 (64 B)", "main.fill (main.go:42, 64 B slots)"
  double figure = 0;    // ratio or bytes
  double limit = 0;     // for growth rules: the allowed growth ratio
  std::optional<double> baseline_figure;
  std::optional<double> growth_ratio;  // (figure - baseline) / baseline; infinity when baseline is 0
  int class_id = -1;    // per-class rules
  std::string function, file;  // per-site rules: where the allocation is
  int64_t line = 0;
  std::string message;  // one sentence with the figure and the limit
};

struct CheckResult {
  std::string source;
  std::string baseline_source;  // "" without --baseline
  CheckThresholds thresholds;
  std::vector<CheckFinding> findings;  // failures first, then baseline-over, then passes; one pass per rule
  std::vector<std::string> notes;      // checks that could not run, and why

  size_t failures() const;
  bool passed() const { return failures() == 0; }
};

// Throws Error when a requested absolute threshold needs data the input lacks (fragmentation and
// waste need MemStats or a heap dump): a gate must not pass silently.
CheckResult RunChecks(const AnalysisReport& report, const CheckThresholds& thresholds,
                      const AnalysisReport* baseline = nullptr);

// The key that matches a site across two profiles: leaf function, file:line, slot size.
std::string SiteIdentity(const SiteRow& site);

}  // namespace heapdoc
