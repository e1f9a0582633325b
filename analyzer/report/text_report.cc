#include "analyzer/report/text_report.h"

#include <fmt/format.h>

#include "analyzer/report/report_tables.h"
#include "analyzer/report/retention_report.h"

namespace heapdoc {

std::string RenderTextReport(const AnalysisReport& report) {
  std::string out;
  size_t label_width = 0;
  auto lines = DescribeInput(report);
  for (const auto& [label, value] : lines) label_width = std::max(label_width, label.size());
  for (const auto& [label, value] : lines) out += fmt::format("{:<{}}  {}\n", label, label_width, value);
  for (const auto& note : report.notes) out += fmt::format("note: {}\n", note);
  if (report.diagnosis.has_memstats) {
    const auto& d = report.diagnosis;
    out += fmt::format("\nVerdict: {} - fragmentation {:.1f} % of HeapInuse (MemStats from {})\n",
                       VerdictName(d.verdict), d.fragmentation_ratio * 100, report.snapshot.memstats->origin);
  }
  out += "\nDiagnosis\n" + DiagnosisTable(report).RenderText();
  out += "\nTotals (profile)\n" + TotalsTable(report).RenderText();
  out += "\nWaste\n" + WasteTable(report).RenderText();
  out += fmt::format("\nSize classes ({} holding objects; ~ = estimated)\n  {}\n", report.class_rows.size(),
                     ModelSentence(report));
  out += SizeClassTable(report).RenderText();
  size_t shown = std::min(report.top_sites, report.breakdown.sites.size());
  out += fmt::format("\nTop {} of {} allocation sites (by cost: pinned free slots + rounding waste + share of the garbage the heap holds)\n", shown, report.breakdown.sites.size());
  out += SitesTable(report).RenderText();
  if (std::string u = UnattributedSentence(report); !u.empty()) out += fmt::format("  {}\n", u);
  out += fmt::format("\nAdvice ({})\n", report.advice.size());
  if (report.advice.empty()) out += "  nothing worth changing was found\n";
  for (size_t i = 0; i < report.advice.size(); ++i) {
    const Advice& a = report.advice[i];
    out += fmt::format("  {}. {}\n     {}\n", i + 1, AdviceHeadline(a), a.message);
    for (const auto& e : a.evidence) out += fmt::format("     - {}\n", e);
    if (!a.suggested_code.empty()) {
      out += "     suggested:\n";
      size_t start = 0;
      while (start < a.suggested_code.size()) {
        size_t end = a.suggested_code.find('\n', start);
        if (end == std::string::npos) end = a.suggested_code.size();
        out += "       " + a.suggested_code.substr(start, end - start) + "\n";
        start = end + 1;
      }
    }
  }
  out += RetainedByText(report);
  return out;
}

}  // namespace heapdoc
