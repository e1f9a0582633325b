#include "analyzer/report/github_report.h"

#include <fmt/format.h>

#include "analyzer/report/check_report.h"
#include "heapmodel/units.h"

namespace heapdoc {
namespace {

std::string Command(const char* level, const SourceLocation& loc, const std::string& title, const std::string& message) {
  std::string props;
  if (loc.known()) {
    props += "file=" + GithubEscapeProperty(loc.file);
    if (loc.line > 0) props += fmt::format(",line={}", loc.line);
    props += ",";
  }
  props += "title=" + GithubEscapeProperty(title);
  return fmt::format("::{} {}::{}\n", level, props, GithubEscapeData(message));
}

}  // namespace

std::string GithubEscapeData(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string GithubEscapeProperty(const std::string& text) {
  std::string out;
  for (char c : GithubEscapeData(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string RenderGithubCommands(const CheckResult& result, const AnalysisReport& report,
                                 const LocationOptions& locations) {
  std::string out;
  for (const auto& note : result.notes) out += Command("notice", {}, "heapdoc check", note);
  for (const CheckFinding& f : result.findings) {
    if (f.status == CheckStatus::kPass) continue;
    SourceLocation loc = MapProfileFile(f.file, f.line, locations);
    const char* level = f.status == CheckStatus::kFail ? "error" : "warning";
    out += Command(level, loc, fmt::format("heapdoc {}", CheckRuleId(f.rule)), f.message);
  }
  for (const Advice& a : report.advice) {
    SourceLocation loc = AdviceLocation(a, locations);
    std::string saves = a.saving_bytes ? fmt::format("saves ~{}, ", FormatBytes(static_cast<int64_t>(a.saving_bytes))) : "";
    std::string title = fmt::format("heapdoc {} ({}{} confidence)", AdviceKindName(a.kind), saves, ConfidenceName(a.confidence));
    std::string message = a.message;
    if (!a.function.empty()) message = a.function + ": " + message;
    out += Command(a.confidence == Confidence::kHigh ? "warning" : "notice", loc, title, message);
  }
  // A plain line: shown in the log, not an annotation.
  out += CheckVerdictLine(result) + "\n";
  return out;
}

}  // namespace heapdoc
