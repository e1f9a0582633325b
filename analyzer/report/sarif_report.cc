#include "analyzer/report/sarif_report.h"

#include <cctype>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "analyzer/report/json_report.h"

#include "analyzer/check/advice_severity.h"
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
    case AdviceKind::kMapRebuild: return "Rebuild maps that a sweep left mostly empty";
    case AdviceKind::kPointerFree: return "Make objects pointer-free so they live in noscan spans";
    case AdviceKind::kLargeObject: return "Large objects are rounded to whole pages";
    case AdviceKind::kGoMemLimit: return "GOMEMLIMIT and fragmentation: the GC may thrash";
  }
  return fmt::format("heapdoc advice {}", AdviceKindName(kind));  // a kind added without a summary
}

// What to do about a finding of each rule, shown by code scanning beside the alert.
std::string AdviceRuleHelp(AdviceKind kind) {
  switch (kind) {
    case AdviceKind::kFieldAlignment:
      return "Go rounds each object up to a size class (8, 16, 24, 32, 48, 64, ... bytes). Padding between "
             "fields can push a struct over a class boundary. Order the fields from largest alignment to smallest "
             "(the fieldalignment analyzer does it: go run golang.org/x/tools/go/analysis/passes/fieldalignment/cmd/"
             "fieldalignment -fix ./...) and check that the new size falls into the smaller class.";
    case AdviceKind::kPool:
      return "The site allocates far more than it keeps. Between collections its garbage fills slots in spans "
             "that a few survivors keep in use. Reuse the objects through a sync.Pool (Put them back when done; "
             "reset their fields), or allocate them once per request instead of per item.";
    case AdviceKind::kLifetime:
      return "Long-lived objects share a size class with many short-lived ones, so spans freed by the short-lived "
             "objects are held by a few long-lived survivors (hostage spans). Give the long-lived objects a "
             "different size (or allocate them together in one slice/arena) so they fill spans of their own.";
    case AdviceKind::kRetainedCapacity:
      return "Small slices or strings cut from large buffers keep the whole buffer alive. Copy what you keep "
             "(bytes.Clone, strings.Clone, slices.Clone or append([]T(nil), s...)) so the buffer can be freed.";
    case AdviceKind::kMapRebuild:
      return "A Go map never shrinks: after deleting most entries it keeps the buckets (or swiss tables) it grew "
             "to at its peak. When a sweep leaves it under a quarter of its peak, make a new map sized to what is "
             "left, copy the entries and drop the old map, so its storage can be freed.";
    case AdviceKind::kPointerFree:
      return "Objects with pointers live in scan spans the GC must trace. Storing indices or values instead of "
             "pointers (or splitting the pointer fields off) puts them in noscan spans: less GC work, and they "
             "no longer share spans with pointerful objects.";
    case AdviceKind::kLargeObject:
      return "Objects over 32 KiB get their own span rounded up to whole 8 KiB pages. Size buffers to a multiple of "
             "8 KiB, or split them into chunks that fit a small size class.";
    case AdviceKind::kGoMemLimit:
      return "With GOMEMLIMIT close to the heap in use, fragmentation counts against the limit: the GC runs more "
             "often to stay under it. Raise the limit by the fragmented bytes or reduce the fragmentation first.";
  }
  return fmt::format("See README.md (heapdoc advice {}).", AdviceKindName(kind));
}

std::string CheckRuleHelp(CheckRule rule) {
  std::string what = CheckRuleIsRatio(rule)
                         ? "The figure is (HeapInuse - HeapAlloc) / HeapInuse from runtime.MemStats; growth is in "
                           "percentage points."
                         : "The figure is in bytes of span memory; growth is relative to the baseline.";
  return fmt::format("{}. {} The limit comes from the command line or .heapdoc.toml; `heapdoc analyze` on the same "
                     "profile lists the size classes and allocation sites behind it and what to change.",
                     CheckRuleSummary(rule), what);
}

ordered_json Rule(const std::string& id, const std::string& summary, const std::string& help, const char* level) {
  return {{"id", id},
          {"shortDescription", {{"text", summary}}},
          {"fullDescription", {{"text", summary + "."}}},
          {"defaultConfiguration", {{"level", level}}},
          {"help", {{"text", help}}},
          {"properties", {{"tags", ordered_json::array({"memory", "go-heap", "fragmentation"})}}}};
}

// Heap-wide findings have no source line: they point at go.mod (or the config file) when the
// repository is known, else at the profile they were read from.
ordered_json Location(const SourceLocation& loc, const std::string& function, const std::string& profile,
                      const LocationOptions& options) {
  ordered_json physical;
  if (loc.known()) {
    physical["artifactLocation"] = {{"uri", PathToUri(loc.file)}};
    if (loc.line > 0) physical["region"] = {{"startLine", loc.line}};
  } else {
    physical["artifactLocation"] = {{"uri", PathToUri(options.heap_wide_file.empty() ? profile : options.heap_wide_file)}};
  }
  ordered_json location = {{"physicalLocation", physical}};
  if (!function.empty()) location["logicalLocations"] = ordered_json::array({ordered_json{{"fullyQualifiedName", function}, {"kind", "function"}}});
  return location;
}

// Code scanning matches a result across runs by this: the rule, the function and file it is
// about, and a key naming the thing (size class, type) - never the line, which moves with edits,
// nor the figure, which changes every run. FNV-1a 64 as hex: stable across builds and platforms.
std::string Fingerprint(const std::string& rule_id, const std::string& function, const std::string& file,
                        const std::string& key) {
  uint64_t hash = 1469598103934665603ULL;
  for (const std::string* part : {&rule_id, &function, &file, &key}) {
    for (unsigned char c : *part) hash = (hash ^ c) * 1099511628211ULL;
    hash = (hash ^ 0xFF) * 1099511628211ULL;  // separator: ("ab","c") differs from ("a","bc")
  }
  return fmt::format("{:016x}", hash);
}

ordered_json Number(double v) { return JsonNumber(v); }
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

ordered_json BuildSarifLog(const CheckResult& result, const AnalysisReport& report, const LocationOptions& locations,
                           std::optional<int> exit_code) {
  ordered_json rules = ordered_json::array();
  for (int r = 0; r < kCheckRuleCount; ++r) {
    auto rule = static_cast<CheckRule>(r);
    rules.push_back(Rule(CheckRuleId(rule), CheckRuleSummary(rule), CheckRuleHelp(rule), "error"));
  }
  // From the enumeration, so a new advice kind gets its rule (ruleIndex below relies on the order).
  for (AdviceKind kind : kAllAdviceKinds)
    rules.push_back(Rule(AdviceRuleId(kind), AdviceRuleSummary(kind), AdviceRuleHelp(kind), "warning"));

  ordered_json results = ordered_json::array();
  for (const CheckFinding& f : result.findings) {
    if (f.status == CheckStatus::kPass) continue;
    ordered_json properties = {{"status", CheckStatusName(f.status)},
                               {"unit", CheckRuleIsRatio(f.rule) ? "ratio" : "bytes"},
                               {"figure", Number(f.figure)},
                               {"limit", Number(f.limit)}};
    if (f.baseline_figure) properties["baselineFigure"] = Number(*f.baseline_figure);
    if (f.growth_ratio) properties["growthRatio"] = Number(*f.growth_ratio);
    if (f.class_id >= 0) properties["sizeClass"] = f.class_id;
    SourceLocation loc = MapProfileFile(f.file, f.line, locations);
    std::string key = f.class_id >= 0 ? fmt::format("class {}", f.class_id) : "";
    ordered_json r = {{"ruleId", CheckRuleId(f.rule)},
                      {"ruleIndex", static_cast<int>(f.rule)},
                      {"level", f.status == CheckStatus::kFail ? "error" : "warning"},
                      {"message", {{"text", f.message}}},
                      {"locations", ordered_json::array({Location(loc, f.function, result.source, locations)})},
                      {"partialFingerprints", {{"heapdoc/v1", Fingerprint(CheckRuleId(f.rule), f.function, loc.file, key)}}}};
    if (!result.baseline_source.empty())
      r["baselineState"] = f.status == CheckStatus::kBaselineOver ? "unchanged" : "new";
    r["properties"] = std::move(properties);
    results.push_back(std::move(r));
  }
  for (const Advice& a : report.advice) {
    int index = kCheckRuleCount + static_cast<int>(a.kind);
    SourceLocation loc = AdviceLocation(a, locations);
    std::string text = a.message;
    if (!a.function.empty()) text = a.function + ": " + text;
    ordered_json properties = {{"savingBytes", a.saving_bytes},
                               {"confidence", ConfidenceName(a.confidence)},
                               {"evidence", a.evidence}};
    if (!a.type.empty()) properties["goType"] = a.type;
    results.push_back({{"ruleId", AdviceRuleId(a.kind)},
                       {"ruleIndex", index},
                       {"level", SeverityOf(a, report) == AdviceSeverity::kWarning ? "warning" : "note"},
                       {"message", {{"text", a.saving_bytes ? fmt::format("{} (saves ~{})", text, FormatBytes(static_cast<int64_t>(a.saving_bytes))) : text}}},
                       {"locations", ordered_json::array({Location(loc, a.function, result.source, locations)})},
                       {"partialFingerprints", {{"heapdoc/v1", Fingerprint(AdviceRuleId(a.kind), a.function, loc.file, a.type)}}},
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
      {"invocations", ordered_json::array({ordered_json{{"executionSuccessful", true}, {"exitCode", exit_code.value_or(result.passed() ? 0 : 1)}}})},
      {"results", results},
      {"properties", BuildCheckJson(result, report, locations)["thresholds"]}};
  run["properties"]["verdict"] = CheckVerdictLine(result);
  return {{"$schema", kSarifSchema}, {"version", "2.1.0"}, {"runs", ordered_json::array({run})}};
}

std::string RenderSarifLog(const CheckResult& result, const AnalysisReport& report, const LocationOptions& locations,
                           std::optional<int> exit_code) {
  return JsonText(BuildSarifLog(result, report, locations, exit_code));
}

}  // namespace heapdoc
