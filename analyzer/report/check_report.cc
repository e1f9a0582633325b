#include "analyzer/report/check_report.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analyzer/report/json_report.h"

namespace heapdoc {
namespace {

size_t CountStatus(const CheckResult& r, CheckStatus s) {
  return static_cast<size_t>(
      std::count_if(r.findings.begin(), r.findings.end(), [&](const CheckFinding& f) { return f.status == s; }));
}

nlohmann::ordered_json OptionalNumber(const std::optional<double>& v) {
  if (!v) return nullptr;
  return JsonNumber(*v);
}

}  // namespace

nlohmann::ordered_json JsonNumber(double v) {
  if (std::isinf(v)) return "inf";  // JSON has no infinity: a site or class new since the baseline
  if (std::trunc(v) == v && std::fabs(v) < 9.0e15) return static_cast<int64_t>(v);  // bytes: 1048576, not 1048576.0
  return v;
}

std::string CheckVerdictLine(const CheckResult& result) {
  size_t failed = result.failures();
  size_t rules = 0;
  for (int r = 0; r < kCheckRuleCount; ++r)
    rules += std::any_of(result.findings.begin(), result.findings.end(),
                         [&](const CheckFinding& f) { return static_cast<int>(f.rule) == r; });
  std::string against = result.baseline_source.empty() ? "" : fmt::format(" against baseline {}", result.baseline_source);
  if (rules == 0) return fmt::format("PASS: no thresholds set for {} (see heapdoc check --help)", result.source);
  if (failed == 0) {
    size_t known = CountStatus(result, CheckStatus::kBaselineOver);
    return fmt::format("PASS: {} threshold{} held for {}{}{}", rules, rules == 1 ? "" : "s", result.source, against,
                       known ? fmt::format(" ({} already over in the baseline)", known) : "");
  }
  return fmt::format("FAIL: {} finding{} over the limits of {} threshold{} for {}{}", failed, failed == 1 ? "" : "s", rules,
                     rules == 1 ? "" : "s", result.source, against);
}

std::string RenderCheckText(const CheckResult& result) {
  std::string out;
  for (const auto& note : result.notes) out += "note: " + note + "\n";
  for (const CheckFinding& f : result.findings) {
    if (f.status == CheckStatus::kFail) out += "FAIL " + f.message + "\n";
    else if (f.status == CheckStatus::kBaselineOver) out += "WARN " + f.message + "\n";
  }
  out += CheckVerdictLine(result) + "\n";
  return out;
}

nlohmann::ordered_json BuildCheckJson(const CheckResult& result, const AnalysisReport& report,
                                      const LocationOptions& locations) {
  using nlohmann::ordered_json;
  const CheckThresholds& t = result.thresholds;
  auto opt = [](const auto& v) -> ordered_json { return v ? ordered_json(*v) : ordered_json(nullptr); };
  ordered_json thresholds = {{"max_fragmentation_ratio", opt(t.max_fragmentation_ratio)},
                             {"max_external_waste_bytes", opt(t.max_external_waste_bytes)},
                             {"max_class_waste_bytes", opt(t.max_class_waste_bytes)},
                             {"max_site_cost_bytes", opt(t.max_site_cost_bytes)},
                             {"max_growth_ratio", opt(t.max_growth_ratio)},
                             {"min_growth_bytes", opt(t.min_growth_bytes)}};
  ordered_json checks = ordered_json::array();
  for (const CheckFinding& f : result.findings) {
    ordered_json j = {{"rule", CheckRuleId(f.rule)},
                      {"status", CheckStatusName(f.status)},
                      {"subject", f.subject},
                      {"unit", CheckRuleIsRatio(f.rule) ? "ratio" : "bytes"},
                      {"figure", JsonNumber(f.figure)},
                      {"limit", JsonNumber(f.limit)},
                      {"baseline_figure", OptionalNumber(f.baseline_figure)},
                      {"growth_ratio", OptionalNumber(f.growth_ratio)},
                      {"message", f.message}};
    if (f.class_id >= 0) j["class"] = f.class_id;
    if (!f.function.empty() || !f.file.empty()) {
      SourceLocation loc = MapProfileFile(f.file, f.line, locations);
      j["function"] = f.function;
      j["file"] = loc.file;
      j["line"] = loc.line;
    }
    checks.push_back(std::move(j));
  }
  ordered_json advice = ordered_json::array();
  for (const Advice& a : report.advice) {
    SourceLocation loc = AdviceLocation(a, locations);
    ordered_json j = AdviceJson(a);
    j["file"] = loc.file;  // located as the check's findings are (trimmed, repository-relative)
    j["line"] = loc.line;
    advice.push_back(std::move(j));
  }
  return {{"passed", result.passed()},
          {"verdict", CheckVerdictLine(result)},
          {"source", result.source},
          {"baseline", result.baseline_source.empty() ? ordered_json(nullptr) : ordered_json(result.baseline_source)},
          {"failures", result.failures()},
          {"thresholds", thresholds},
          {"checks", checks},
          {"advice", advice},
          {"notes", result.notes}};
}

std::string RenderCheckJson(const CheckResult& result, const AnalysisReport& report, const LocationOptions& locations) {
  return JsonText(BuildCheckJson(result, report, locations));
}

}  // namespace heapdoc
