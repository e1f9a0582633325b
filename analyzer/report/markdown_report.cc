#include "analyzer/report/markdown_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "analyzer/report/report_tables.h"
#include "analyzer/report/retention_report.h"
#include "analyzer/report/table.h"

namespace heapdoc {

namespace {

// A section folded away: GitHub renders <details> in comments and job summaries (a blank line
// after <summary> keeps the Markdown inside it Markdown). Unfolded (the HTML report, whose
// renderer passes no raw HTML), a plain section.
std::string Section(bool fold, const std::string& title, const std::string& count, const std::string& body) {
  if (!fold) return fmt::format("\n## {}\n\n{}", title, body);
  return fmt::format("\n<details><summary>{}{}</summary>\n\n{}\n</details>\n", title, count, body);
}

std::string AdviceSection(const AnalysisReport& report) {
  std::string out;
  for (size_t i = 0; i < report.advice.size(); ++i) {
    const Advice& a = report.advice[i];
    out += fmt::format("### {}. {}\n\n{}\n\n", i + 1, MarkdownCell(AdviceHeadline(a)), a.message);
    for (const auto& e : a.evidence) out += fmt::format("- {}\n", e);
    if (!a.suggested_code.empty()) out += fmt::format("\n```go\n{}\n```\n", a.suggested_code);
    out += "\n";
  }
  return out;
}

}  // namespace

// The verdict and the top findings first (a PR comment or job summary shows about 30 lines before
// anyone scrolls); every table after them is folded.
std::string RenderMarkdownReport(const AnalysisReport& report, const std::vector<MarkdownImage>& images, bool fold) {
  std::string out = "# heapdoc report\n\n";
  if (report.diagnosis.has_memstats) {
    const auto& d = report.diagnosis;
    out += fmt::format("**Verdict: {}** - fragmentation {:.1f} % of HeapInuse ({}).\n", VerdictName(d.verdict),
                       d.fragmentation_ratio * 100, MarkdownCell(report.snapshot.source));
  } else {
    out += fmt::format("**No verdict**: {} carries no MemStats (give --memstats for the fragmentation ratio).\n",
                       MarkdownCell(report.snapshot.source));
  }
  constexpr size_t kTopAdvice = 3;
  if (report.advice.empty()) {
    out += "\nNothing worth changing was found.\n";
  } else {
    out += "\n## What to change\n\n";
    for (size_t i = 0; i < std::min(kTopAdvice, report.advice.size()); ++i)
      out += fmt::format("{}. {}\n", i + 1, MarkdownCell(AdviceHeadline(report.advice[i])));
    if (report.advice.size() > kTopAdvice) out += fmt::format("\n({} more below.)\n", report.advice.size() - kTopAdvice);
  }
  size_t shown = std::min(report.top_sites, report.breakdown.sites.size());
  out += fmt::format("\n## Top {} of {} allocation sites (by cost)\n\n", shown, report.breakdown.sites.size());
  out += SitesTable(report).RenderMarkdown();
  if (std::string u = UnattributedSentence(report); !u.empty()) out += fmt::format("\n{}\n", MarkdownCell(u));

  if (!report.advice.empty())
    out += Section(fold, "Advice in full", fmt::format(" ({})", report.advice.size()), AdviceSection(report));
  out += RetainedByMarkdown(report);
  out += Section(fold, "Diagnosis, totals and waste", "", "#### Diagnosis\n\n" + DiagnosisTable(report).RenderMarkdown() +
                                                   "\n#### Totals (profile)\n\n" + TotalsTable(report).RenderMarkdown() +
                                                   "\n#### Waste\n\n" + WasteTable(report).RenderMarkdown());
  std::string classes = ModelSentence(report) +
                        ". `~` marks estimates; `min spans` is how many spans the live objects would need if packed "
                        "densely.\n\n" + SizeClassTable(report).RenderMarkdown();
  for (const MarkdownImage& image : images)  // <...> keeps a link with spaces or parentheses whole
    classes += fmt::format("\n![{}](<{}>)\n", image.alt, image.link);
  out += Section(fold, "Size classes", fmt::format(" ({})", report.class_rows.size()), classes);
  std::string input;
  for (const auto& [label, value] : DescribeInput(report)) input += fmt::format("- **{}**: {}\n", label, MarkdownCell(value));
  if (!report.notes.empty()) {
    input += "\n";
    for (const auto& note : report.notes) input += fmt::format("> **Note:** {}\n>\n", MarkdownCell(note));
  }
  out += Section(fold, "Input and notes", fmt::format(" ({})", report.notes.size()), input);
  return out;
}

}  // namespace heapdoc
