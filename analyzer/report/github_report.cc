#include "analyzer/report/github_report.h"

#include <fmt/format.h>

#include "analyzer/check/advice_severity.h"
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

// The message names the file as the profile recorded it; say it as `file=` does.
std::string WithPathTrimmed(std::string message, const std::string& recorded, const std::string& trimmed) {
  if (recorded.empty() || recorded == trimmed) return message;
  for (size_t at = message.find(recorded); at != std::string::npos; at = message.find(recorded, at + trimmed.size()))
    message.replace(at, recorded.size(), trimmed);
  return message;
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
    if (!loc.known()) loc.file = locations.heap_wide_file;  // go.mod or the config, as in SARIF; "" = none
    const char* level = f.status == CheckStatus::kFail ? "error" : "warning";
    out += Command(level, loc, fmt::format("heapdoc {}", CheckRuleId(f.rule)), WithPathTrimmed(f.message, f.file, loc.file));
  }
  for (const Advice& a : report.advice) {
    SourceLocation loc = AdviceLocation(a, locations);
    if (!loc.known()) loc.file = locations.heap_wide_file;
    std::string saves = a.saving_bytes ? fmt::format("saves ~{}, ", FormatBytes(static_cast<int64_t>(a.saving_bytes))) : "";
    std::string title = fmt::format("heapdoc {} ({}{} confidence)", AdviceKindName(a.kind), saves, ConfidenceName(a.confidence));
    std::string message = WithPathTrimmed(a.message, a.file, loc.file);
    if (!a.function.empty()) message = a.function + ": " + message;
    // Loudness follows the bytes (analyzer/check/advice_severity.h): >= 5 % of HeapInuse warns.
    out += Command(SeverityOf(a, report) == AdviceSeverity::kWarning ? "warning" : "notice", loc, title, message);
  }
  // A plain line: shown in the log, not an annotation.
  out += CheckVerdictLine(result) + "\n";
  return out;
}

}  // namespace heapdoc
