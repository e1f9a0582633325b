#include "analyzer/report/text_report.h"

#include <fmt/format.h>

#include "analyzer/report/report_tables.h"
#include "analyzer/report/text_wrap.h"
#include "analyzer/report/retention_report.h"

namespace heapdoc {

std::string RenderTextReport(const AnalysisReport& report, size_t width, bool all_classes, const std::string& path_root) {
  std::string out;
  size_t label_width = 0;
  auto lines = DescribeInput(report);
  for (const auto& [label, value] : lines) label_width = std::max(label_width, label.size());
  std::string value_indent(label_width + 2, ' ');
  for (const auto& [label, value] : lines)
    out += WrapParagraph(value, width, fmt::format("{:<{}}  ", label, label_width), value_indent);
  for (const auto& note : report.notes) out += WrapParagraph("note: " + note, width, "", "      ");
  if (report.diagnosis.has_memstats) {
    const auto& d = report.diagnosis;
    out += "\n" + WrapParagraph(fmt::format("Verdict: {} - fragmentation {:.1f} % of HeapInuse (MemStats from {})",
                                            VerdictName(d.verdict), d.fragmentation_ratio * 100,
                                            report.snapshot.memstats->origin),
                                width, "", "  ");
  }
  out += "\nDiagnosis\n" + DiagnosisTable(report).RenderText("  ", width);
  out += "\nTotals (profile)\n" + TotalsTable(report).RenderText("  ", width);
  out += "\nWaste\n" + WasteTable(report).RenderText("  ", width);
  size_t hidden = all_classes ? 0 : EmptyClassCount(report);
  out += fmt::format("\nSize classes ({} holding objects; ~ = estimated)\n", report.class_rows.size() - hidden);
  out += WrapParagraph(ModelSentence(report), width, "  ", "  ");
  out += SizeClassTable(report, !all_classes).RenderText("  ", width);
  if (hidden)
    out += WrapParagraph(fmt::format("({} class{} with objects allocated but none live and no spans not shown: "
                                     "--all-classes)", hidden, hidden == 1 ? "" : "es"),
                         width, "  ", "   ");
  size_t shown = std::min(report.top_sites, report.breakdown.sites.size());
  out += "\n" + WrapParagraph(fmt::format("Top {} of {} allocation sites (by cost: pinned free slots + rounding waste + "
                                          "share of the garbage the heap holds)",
                                          shown, report.breakdown.sites.size()),
                              width, "", "  ");
  if (!path_root.empty()) out += WrapParagraph("files relative to the module root " + path_root, width, "  ", "    ");
  out += SitesTable(report, path_root).RenderText("  ", width);
  if (std::string u = UnattributedSentence(report); !u.empty()) out += WrapParagraph(u, width, "  ", "  ");
  out += fmt::format("\nAdvice ({})\n", report.advice.size());
  if (report.advice.empty()) out += "  nothing worth changing was found\n";
  for (size_t i = 0; i < report.advice.size(); ++i) {
    const Advice& a = report.advice[i];
    std::string number = fmt::format("  {}. ", i + 1);
    out += WrapParagraph(AdviceHeadline(a), width, number, "     ");
    out += WrapParagraph(a.message, width, "     ", "     ");
    for (const auto& e : a.evidence) out += WrapParagraph(e, width, "     - ", "       ");
    if (!a.suggested_code.empty()) {
      // Code is not reflowed: a line wider than the terminal is shortened in the middle.
      out += "     suggested:\n";
      size_t start = 0;
      while (start < a.suggested_code.size()) {
        size_t end = a.suggested_code.find('\n', start);
        if (end == std::string::npos) end = a.suggested_code.size();
        std::string code = a.suggested_code.substr(start, end - start);
        out += "       " + (width > 7 ? TruncateMiddle(code, width - 7) : code) + "\n";
        start = end + 1;
      }
    }
  }
  out += RetainedByText(report, width);
  return out;
}

}  // namespace heapdoc
