#include "analyzer/report/sarif_report.h"

#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "analyzer/report/json_report.h"

#include "analyzer/report/check_report.h"
#include "heapmodel/units.h"

namespace heapdoc {
namespace {

using nlohmann::ordered_json;

constexpr const char* kSarifSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

std::string AdviceRuleId(AdviceKind kind) { return fmt::format("advice/{}", AdviceKindName(kind)); }

std::string AdviceRuleSummary(AdviceKind kind) {
  switch (kind) {
    case AdviceKind::kFieldAlignment: return "Reorder struct fields so objects fit a smaller size class";
    case AdviceKind::kPool: return "Reuse short-lived objects (sync.Pool) so their garbage does not hold spans";
    case AdviceKind::kLifetime: return "Separate long-lived from short-lived objects that share a size class";
    case AdviceKind::kRetainedCapacity: return "Copy small slices out of large buffers they keep alive";
    case AdviceKind::kPointerFree: return "Make objects pointer-free so they live in noscan spans";
    case AdviceKind::kLargeObject: return "Large objects are rounded to whole pages";
    case AdviceKind::kGoMemLimit: return "GOMEMLIMIT and fragmentation: the GC may thrash";
  }
  return "";
}

ordered_json Rule(const std::string& id, const std::string& summary, const char* level) {
  return {{"id", id},
          {"shortDescription", {{"text", summary}}},
          {"fullDescription", {{"text", summary + "."}}},
          {"defaultConfiguration", {{"level", level}}},
          {"help", {{"text", "See `heapdoc check --help` and README.md (CI use)."}}},
          {"properties", {{"tags", ordered_json::array({"memory", "go-heap", "fragmentation"})}}}};
}

ordered_json Location(const SourceLocation& loc, const std::string& function, const std::string& profile) {
  ordered_json physical;
  if (loc.known()) {
    physical["artifactLocation"] = {{"uri", PathToUri(loc.file)}};
    if (loc.line > 0) physical["region"] = {{"startLine", loc.line}};
  } else {
    // Heap-wide findings have no source line: they point at the profile they were read from.
    physical["artifactLocation"] = {{"uri", PathToUri(profile)}};
  }
  ordered_json location = {{"physicalLocation", physical}};
  if (!function.empty()) location["logicalLocations"] = ordered_json::array({ordered_json{{"fullyQualifiedName", function}, {"kind", "function"}}});
  return location;
}

ordered_json Number(double v) { return std::isinf(v) ? ordered_json("inf") : ordered_json(v); }

}  // namespace

std::string PathToUri(const std::string& path) {
  auto encode = [](const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += static_cast<char>(c);
      else out += fmt::format("%{:02X}", c);
    }
    return out;
  };
  std::string p = path;
  for (char& c : p)
    if (c == '\\') c = '/';
  if (!p.empty() && p[0] == '/') return "file://" + encode(p);
  if (p.size() >= 3 && std::isalpha(static_cast<unsigned char>(p[0])) && p[1] == ':' && p[2] == '/')
    return "file:///" + p.substr(0, 2) + encode(p.substr(2));  // Windows drive: C:/...
  return encode(p);
}

ordered_json BuildSarifLog(const CheckResult& result, const AnalysisReport& report, const LocationOptions& locations) {
  ordered_json rules = ordered_json::array();
  for (int r = 0; r < kCheckRuleCount; ++r) {
    auto rule = static_cast<CheckRule>(r);
    rules.push_back(Rule(CheckRuleId(rule), CheckRuleSummary(rule), "error"));
  }
  for (AdviceKind kind : kAllAdviceKinds) rules.push_back(Rule(AdviceRuleId(kind), AdviceRuleSummary(kind), "warning"));

  ordered_json results = ordered_json::array();
  for (const CheckFinding& f : result.findings) {
    if (f.status == CheckStatus::kPass) continue;
    ordered_json properties = {{"status", CheckStatusName(f.status)},
                               {"unit", CheckRuleIsRatio(f.rule) ? "ratio" : "bytes"},
                               {"figure", f.figure},
                               {"limit", f.limit}};
    if (f.baseline_figure) properties["baselineFigure"] = Number(*f.baseline_figure);
    if (f.growth_ratio) properties["growthRatio"] = Number(*f.growth_ratio);
    if (f.class_id >= 0) properties["sizeClass"] = f.class_id;
    ordered_json r = {{"ruleId", CheckRuleId(f.rule)},
                      {"ruleIndex", static_cast<int>(f.rule)},
                      {"level", f.status == CheckStatus::kFail ? "error" : "warning"},
                      {"message", {{"text", f.message}}},
                      {"locations", ordered_json::array({Location(MapProfileFile(f.file, f.line, locations), f.function, result.source)})}};
    if (!result.baseline_source.empty())
      r["baselineState"] = f.status == CheckStatus::kBaselineOver ? "unchanged" : "new";
    r["properties"] = std::move(properties);
    results.push_back(std::move(r));
  }
  for (const Advice& a : report.advice) {
    int index = kCheckRuleCount + static_cast<int>(a.kind);
    std::string text = a.message;
    if (!a.function.empty()) text = a.function + ": " + text;
    ordered_json properties = {{"savingBytes", a.saving_bytes},
                               {"confidence", ConfidenceName(a.confidence)},
                               {"evidence", a.evidence}};
    if (!a.type.empty()) properties["goType"] = a.type;
    results.push_back({{"ruleId", AdviceRuleId(a.kind)},
                       {"ruleIndex", index},
                       {"level", a.confidence == Confidence::kHigh ? "warning" : "note"},
                       {"message", {{"text", fmt::format("{} (saves ~{})", text, FormatBytes(static_cast<int64_t>(a.saving_bytes)))}}},
                       {"locations", ordered_json::array({Location(AdviceLocation(a, locations), a.function, result.source)})},
                       {"properties", std::move(properties)}});
  }
  ordered_json run = {
      {"tool",
       {{"driver",
         {{"name", "heapdoc"},
          {"version", "0.1.0"},
          {"semanticVersion", "0.1.0"},
          {"shortDescription", {{"text", "Explains Go heap fragmentation from heap profiles, MemStats and heap dumps"}}},
          {"rules", rules}}}}},
      {"invocations", ordered_json::array({ordered_json{{"executionSuccessful", true}, {"exitCode", result.passed() ? 0 : 1}}})},
      {"results", results},
      {"properties", BuildCheckJson(result, report, locations)["thresholds"]}};
  run["properties"]["verdict"] = CheckVerdictLine(result);
  return {{"$schema", kSarifSchema}, {"version", "2.1.0"}, {"runs", ordered_json::array({run})}};
}

std::string RenderSarifLog(const CheckResult& result, const AnalysisReport& report, const LocationOptions& locations) {
  return JsonText(BuildSarifLog(result, report, locations));
}

}  // namespace heapdoc
