// Rendering retention holders; the paths were computed by analyzer/advice/retention_advice.
#include "analyzer/report/retention_report.h"

#include <fmt/format.h>

#include "analyzer/report/text_wrap.h"
#include "heapmodel/units.h"

namespace heapdoc {
namespace {

std::string Chain(const RetentionHolder& h) {
  std::string out;
  for (const auto& hop : h.path) out += (out.empty() ? "" : " -> ") + hop;
  return out;
}

}  // namespace

std::string RetainedByText(const AnalysisReport& report, size_t width) {
  if (report.holders.empty()) return "";
  std::string out = fmt::format("\nRetained by ({})\n", report.holders.size());
  for (const RetentionHolder& h : report.holders)
    out += WrapParagraph(fmt::format("held by {} ({}), pinning {}: {}", h.name, h.kind,
                                     FormatBytes(static_cast<int64_t>(h.pinned_bytes)), Chain(h)),
                         width, "  ", "      ");
  return out;
}

std::string RetainedByMarkdown(const AnalysisReport& report) {
  if (report.holders.empty()) return "";
  std::string out = fmt::format("\n## Retained by ({})\n\n| holder | kind | pins | reference chain |\n|---|---|---:|---|\n",
                                report.holders.size());
  for (const RetentionHolder& h : report.holders)
    out += fmt::format("| held by `{}` | {} | {} | {} |\n", h.name, h.kind,
                       FormatBytes(static_cast<int64_t>(h.pinned_bytes)), Chain(h));
  return out;
}

nlohmann::ordered_json RetainedByJson(const AnalysisReport& report) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const RetentionHolder& h : report.holders)
    out.push_back({{"holder", h.name},
                   {"kind", h.kind},
                   {"site", h.site},
                   {"path", h.path},
                   {"held_sampled_objects", h.held_objects},
                   {"pinned_bytes", h.pinned_bytes},
                   {"retained_sampled_bytes", h.retained_bytes}});
  return out;
}

}  // namespace heapdoc
