#include "analyzer/report/markdown_report.h"

#include <fmt/format.h>

#include "analyzer/report/report_tables.h"
#include "analyzer/report/table.h"

namespace heapdoc {

std::string RenderMarkdownReport(const AnalysisReport& report, const std::vector<MarkdownImage>& images) {
  std::string out = "# heapdoc report\n\n";
  for (const auto& [label, value] : DescribeInput(report)) out += fmt::format("- **{}**: {}\n", label, MarkdownCell(value));
  if (!report.notes.empty()) {
    out += "\n";
    for (const auto& note : report.notes) out += fmt::format("> **Note:** {}\n>\n", MarkdownCell(note));
  }
  if (report.diagnosis.has_memstats) {
    const auto& d = report.diagnosis;
    out += fmt::format("\n**Verdict: {}** - fragmentation {:.1f} % of HeapInuse.\n", VerdictName(d.verdict),
                       d.fragmentation_ratio * 100);
  }
  out += "\n## Diagnosis\n\n" + DiagnosisTable(report).RenderMarkdown();
  out += "\n## Totals (profile)\n\n" + TotalsTable(report).RenderMarkdown();
  out += "\n## Waste\n\n" + WasteTable(report).RenderMarkdown();
  out += "\n## Size classes\n\n" + ModelSentence(report) +
         ". `~` marks estimates; `min spans` is how many spans the live objects would need if packed densely.\n\n";
  out += SizeClassTable(report).RenderMarkdown();
  for (const MarkdownImage& image : images)  // <...> keeps a link with spaces or parentheses whole
    out += fmt::format("\n![{}](<{}>)\n", image.alt, image.link);
  size_t shown = std::min(report.top_sites, report.breakdown.sites.size());
  out += fmt::format("\n## Top {} of {} allocation sites (by cost)\n\n", shown, report.breakdown.sites.size());
  out += SitesTable(report).RenderMarkdown();
  if (std::string u = UnattributedSentence(report); !u.empty()) out += fmt::format("\n{}\n", MarkdownCell(u));
  out += fmt::format("\n## Advice ({})\n\n", report.advice.size());
  if (report.advice.empty()) out += "Nothing worth changing was found.\n";
  for (size_t i = 0; i < report.advice.size(); ++i) {
    const Advice& a = report.advice[i];
    out += fmt::format("### {}. {}\n\n{}\n\n", i + 1, MarkdownCell(AdviceHeadline(a)), a.message);
    for (const auto& e : a.evidence) out += fmt::format("- {}\n", e);
    if (!a.suggested_code.empty()) out += fmt::format("\n```go\n{}\n```\n", a.suggested_code);
    out += "\n";
  }
  return out;
}

}  // namespace heapdoc
