#include "analyzer/report/diff_report.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analyzer/report/json_report.h"

#include "analyzer/report/table.h"
#include "heapmodel/units.h"

namespace heapdoc {
namespace {

using nlohmann::ordered_json;

std::string Value(const FigureDiff& f, const std::optional<double>& v) {
  if (!v) return "n/a";
  switch (f.unit) {
    case DiffUnit::kBytes: return FormatBytes(static_cast<int64_t>(std::llround(*v)));
    case DiffUnit::kCount: return FormatCount(static_cast<int64_t>(std::llround(*v)));
    case DiffUnit::kRatio: return FormatPercent(*v);
  }
  return "";
}

std::string Delta(const FigureDiff& f) {
  if (!f.known()) return "n/a";
  double d = f.delta();
  if (d == 0) return "0";
  std::string sign = d > 0 ? "+" : "";
  switch (f.unit) {
    case DiffUnit::kBytes: return sign + FormatBytes(static_cast<int64_t>(std::llround(d)));
    case DiffUnit::kCount: return sign + FormatCount(static_cast<int64_t>(std::llround(d)));
    case DiffUnit::kRatio: return fmt::format("{}{:.1f} pts", sign, d * 100);
  }
  return "";
}

std::string Relative(const FigureDiff& f) {
  if (!f.known() || f.delta() == 0) return "";
  // A ratio changes in percentage points (the change column); a percentage of a percentage
  // ("+357 %" for 21 % -> 97 %) would be a second unit for the same figure.
  if (f.unit == DiffUnit::kRatio) return "";
  if (*f.base == 0) return "new";
  if (*f.now == 0) return "gone";
  return fmt::format("{:+.1f} %", f.delta() / std::fabs(*f.base) * 100);
}

std::string ClassName(const ClassDiff& c) {
  return c.class_id == 0 ? "large" : fmt::format("{} ({})", c.class_id, FormatBytes(static_cast<int64_t>(c.slot_bytes)));
}

std::string SiteWhere(const SiteDiff& s) { return s.file.empty() ? "?" : fmt::format("{}:{}", s.file, s.line); }

Table SummaryTable(const ReportDiff& d) {
  Table t({{"figure", Align::kLeft}, {"base"}, {"new"}, {"change"}, {"%"}});
  for (const FigureDiff& f : d.summary) t.AddRow({f.name, Value(f, f.base), Value(f, f.now), Delta(f), Relative(f)});
  return t;
}

Table ClassTable(const ReportDiff& d, size_t top) {
  Table t({{"class"}, {"live bytes"}, {"change"}, {"spans"}, {"change"}, {"free slots"}, {"change"}, {"span bytes change"}});
  for (size_t i = 0; i < std::min(top, d.classes.size()); ++i) {
    const ClassDiff& c = d.classes[i];
    t.AddRow({ClassName(c), Value(c.live_bytes, c.live_bytes.now), Delta(c.live_bytes), Value(c.spans, c.spans.now),
              Delta(c.spans), Value(c.free_slot_bytes, c.free_slot_bytes.now), Delta(c.free_slot_bytes), Delta(c.span_bytes)});
  }
  return t;
}

Table SiteTable(const ReportDiff& d, size_t top) {
  Table t({{"function", Align::kLeft}, {"file:line", Align::kLeft}, {"slot"}, {"live bytes"}, {"change"},
           {"alloc bytes"}, {"change"}, {"cost"}, {"change"}});
  for (size_t i = 0; i < std::min(top, d.sites.size()); ++i) {
    const SiteDiff& s = d.sites[i];
    std::string name = s.function + (!s.in_base ? " (new)" : !s.in_new ? " (gone)" : "");
    t.AddRow({name, SiteWhere(s), FormatBytes(static_cast<int64_t>(s.slot_bytes)), Value(s.live_bytes, s.live_bytes.now),
              Delta(s.live_bytes), Value(s.alloc_bytes, s.alloc_bytes.now), Delta(s.alloc_bytes),
              Value(s.cost_bytes, s.cost_bytes.now), Delta(s.cost_bytes)});
  }
  return t;
}

// "3 grew (+1.2 MiB), 2 shrank (-300 KiB)" over one figure of the rows.
template <typename Row, typename Get>
std::string GrewShrank(const std::vector<Row>& rows, Get get) {
  size_t grew = 0, shrank = 0;
  double up = 0, down = 0;
  for (const Row& r : rows) {
    double d = get(r).delta();
    if (d > 0) ++grew, up += d;
    if (d < 0) ++shrank, down += d;
  }
  return fmt::format("{} grew (+{}), {} shrank ({})", grew, FormatBytes(static_cast<int64_t>(up)), shrank,
                     FormatBytes(static_cast<int64_t>(down)));
}

std::string Heading(const ReportDiff& d, size_t top, bool classes) {
  size_t n = classes ? d.classes.size() : d.sites.size();
  size_t same = classes ? d.unchanged_classes : d.unchanged_sites;
  std::string what = classes ? "size classes" : "allocation sites";
  std::string counts = classes ? GrewShrank(d.classes, [](const ClassDiff& c) { return c.span_bytes; })
                               : GrewShrank(d.sites, [](const SiteDiff& s) { return s.live_bytes; });
  return fmt::format("{} {} changed ({} shown, {} unchanged); by {}: {}", n, what, std::min(n, top), same,
                     classes ? "span bytes" : "live bytes", counts);
}

ordered_json FigureJson(const FigureDiff& f) {
  auto num = [](const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); };
  return {{"base", num(f.base)}, {"new", num(f.now)}, {"delta", f.known() ? ordered_json(f.delta()) : ordered_json(nullptr)}};
}

}  // namespace

std::string RenderDiffText(const ReportDiff& d, size_t top) {
  std::string out = fmt::format("base  {}\nnew   {}\n", d.base_source, d.new_source);
  if (!d.waste_known) out += "note: free-slot figures need MemStats or a heap dump for both profiles (n/a below)\n";
  out += "\nSummary (change = new - base)\n" + SummaryTable(d).RenderText();
  out += "\nSize classes: " + Heading(d, top, true) + "\n" + ClassTable(d, top).RenderText();
  out += "\nAllocation sites: " + Heading(d, top, false) + "\n" + SiteTable(d, top).RenderText();
  return out;
}

std::string RenderDiffMarkdown(const ReportDiff& d, size_t top) {
  std::string out = "# heapdoc diff\n\n";
  out += fmt::format("- **base**: {}\n- **new**: {}\n", MarkdownCell(d.base_source), MarkdownCell(d.new_source));
  if (!d.waste_known) out += "\n> **Note:** free-slot figures need MemStats or a heap dump for both profiles (n/a below).\n";
  out += "\n## Summary\n\nChange = new - base.\n\n" + SummaryTable(d).RenderMarkdown();
  out += "\n## Size classes\n\n" + Heading(d, top, true) + ".\n\n" + ClassTable(d, top).RenderMarkdown();
  out += "\n## Allocation sites\n\n" + Heading(d, top, false) + ".\n\n" + SiteTable(d, top).RenderMarkdown();
  return out;
}

ordered_json BuildDiffJson(const ReportDiff& d, size_t top) {
  ordered_json summary = ordered_json::object();
  for (const FigureDiff& f : d.summary) summary[f.key] = FigureJson(f);
  ordered_json classes = ordered_json::array();
  for (size_t i = 0; i < std::min(top, d.classes.size()); ++i) {
    const ClassDiff& c = d.classes[i];
    classes.push_back({{"class", c.class_id},
                       {"size", c.slot_bytes},
                       {"live_bytes", FigureJson(c.live_bytes)},
                       {"spans", FigureJson(c.spans)},
                       {"span_bytes", FigureJson(c.span_bytes)},
                       {"free_slot_bytes", FigureJson(c.free_slot_bytes)}});
  }
  ordered_json sites = ordered_json::array();
  for (size_t i = 0; i < std::min(top, d.sites.size()); ++i) {
    const SiteDiff& s = d.sites[i];
    sites.push_back({{"function", s.function},
                     {"file", s.file},
                     {"line", s.line},
                     {"size", s.slot_bytes},
                     {"in_base", s.in_base},
                     {"in_new", s.in_new},
                     {"live_bytes", FigureJson(s.live_bytes)},
                     {"alloc_bytes", FigureJson(s.alloc_bytes)},
                     {"cost_bytes", FigureJson(s.cost_bytes)}});
  }
  return {{"base", d.base_source},
          {"new", d.new_source},
          {"waste_known", d.waste_known},
          {"summary", summary},
          {"size_classes", classes},
          {"changed_size_classes", d.classes.size()},
          {"unchanged_size_classes", d.unchanged_classes},
          {"sites", sites},
          {"changed_sites", d.sites.size()},
          {"unchanged_sites", d.unchanged_sites}};
}

std::string RenderDiffJson(const ReportDiff& d, size_t top) { return JsonText(BuildDiffJson(d, top)); }

}  // namespace heapdoc
