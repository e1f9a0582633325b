#include "analyzer/report/report_tables.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "heapmodel/units.h"

namespace heapdoc {
namespace {

std::string FormatName(const ProfileInfo& p) {
  switch (p.format) {
    case InputFormat::kPprofProto: return p.gzipped ? "pprof protobuf (gzipped)" : "pprof protobuf (uncompressed)";
    case InputFormat::kLegacyText: return "legacy text heap profile (?debug=1)";
    case InputFormat::kHeapDump: return "Go heap dump (debug.WriteHeapDump)";
  }
  return "";
}

std::string Location(const SiteRow& s, const std::string& path_root) {
  if (s.file.empty()) return "?";
  std::string file = s.file;
  if (!path_root.empty() && file.size() > path_root.size() + 1 && file.compare(0, path_root.size(), path_root) == 0 &&
      file[path_root.size()] == '/')
    file.erase(0, path_root.size() + 1);
  return fmt::format("{}:{}", file, s.line);
}

// "main.(*Server).handle (server.go:88)": the function names the package, the file's base name
// is enough beside it.
std::string FrameText(const Frame& f) {
  if (f.file.empty()) return f.function;
  return fmt::format("{} ({}:{})", f.function, f.file.substr(f.file.rfind('/') + 1), f.line);
}

// The line under a site: a few callers as a Go engineer reads them in pprof, starting at the
// first frame outside the standard library when the allocation happens inside it. Said as
// "through N library frames", not "your code": that frame may be a third-party module's.
std::string CallerLine(const SiteRow& s) {
  constexpr size_t kShownFrames = 3;
  size_t first = s.user_frame.value_or(0);
  std::vector<std::string> shown;
  for (size_t i = first; i < s.caller_path.size() && shown.size() < kShownFrames; ++i)
    shown.push_back(FrameText(s.caller_path[i]));
  if (shown.empty()) return "";
  std::string through = first == 0 ? "" : fmt::format("through {} library frame{} ", first, first == 1 ? "" : "s");
  return fmt::format("called {}from {}", through, fmt::join(shown, " <- "));
}

// What the site's survivors keep alive elsewhere, or who keeps its own (survivor_groups.h).
std::string KeptLine(const SiteRow& s) {
  std::set<std::pair<std::string, int64_t>> lines;
  for (const KeptSite& k : s.kept_sites)
    if (!k.function.empty()) lines.insert({k.file, k.line});
  if (s.kept_pinned_bytes > 0 && lines.empty())
    return fmt::format("its survivors and what only they keep alive pin {} more than its samples show (the heap "
                       "dump's pointers; in its cost and pinned)",
                       FormatBytes(static_cast<int64_t>(s.kept_pinned_bytes)));
  if (s.kept_pinned_bytes > 0)
    return fmt::format("its survivors keep alive objects of {} other line{} pinning {} (in its cost and pinned){}",
                       lines.size(), lines.size() == 1 ? "" : "s",
                       FormatBytes(static_cast<int64_t>(s.kept_pinned_bytes)),
                       s.kept_evidence == KeptEvidence::kSameFunction ? ", inferred: same function, same survival" : "");
  if (!s.kept_by.empty()) return fmt::format("its objects are kept alive by {}", s.kept_by);
  return "";
}

std::string LinesUnderSite(const SiteRow& s) {
  std::string callers = CallerLine(s), kept = KeptLine(s);
  if (callers.empty() || kept.empty()) return callers + kept;
  return callers + "; " + kept;
}

}  // namespace

std::string SamplingSentence(const AnalysisReport& report) {
  const ProfileInfo& p = report.snapshot.profile;
  if (p.format == InputFormat::kHeapDump) return "exact: every object in the heap is listed";
  if (p.exact()) return "exact counts (MemProfileRate=1: every allocation was recorded)";
  return fmt::format("sampled: one sample per {} allocated on average (MemProfileRate={}); counts are "
                     "estimates scaled as pprof scales them",
                     FormatBytes(p.sample_rate_bytes), p.sample_rate_bytes);
}

std::vector<std::pair<std::string, std::string>> DescribeInput(const AnalysisReport& report) {
  const ProfileInfo& p = report.snapshot.profile;
  std::vector<std::pair<std::string, std::string>> lines;
  std::string kind = p.is_allocs_profile ? "Go allocs profile (/debug/pprof/allocs)" : "Go heap profile";
  lines.emplace_back("input", report.snapshot.source);
  lines.emplace_back("kind", p.format == InputFormat::kHeapDump ? FormatName(p) : fmt::format("{}, {}", kind, FormatName(p)));
  lines.emplace_back("sampling", SamplingSentence(report));
  if (p.time_nanos) lines.emplace_back("taken", FormatTimeNanos(p.time_nanos));
  lines.emplace_back("go version", fmt::format("{} ({})", report.go_version.version.ToString(), report.go_version.evidence));
  return lines;
}

Table TotalsTable(const AnalysisReport& report) {
  const ObjectCounts& t = report.breakdown.totals;
  Table table({{"", Align::kLeft}, {"objects"}, {"bytes"}});
  table.AddRow({"live (in use)", FormatCount(t.live_objects), FormatBytes(t.live_bytes)});
  table.AddRow({"allocated (since start)", FormatCount(t.alloc_objects), FormatBytes(t.alloc_bytes)});
  return table;
}

std::string ModelSentence(const AnalysisReport& report) {
  switch (report.model.basis) {
    case ModelBasis::kHeapDump: return "spans are exact: every span and object comes from the heap dump";
    case ModelBasis::kMemStats:
      return "spans are inferred (~): live counts from MemStats BySize where it has them, else the profile; "
             "extra spans placed where churn left survivors, reconciled to HeapInuse exactly (docs/model.md)";
    case ModelBasis::kProfileOnly:
      return "no MemStats: spans are the dense lower bound (live objects packed); free slots unknown";
  }
  return "";
}

Table DiagnosisTable(const AnalysisReport& report) {
  Table table({{"figure", Align::kLeft}, {"value", Align::kRight}, {"what it means", Align::kLeft}});
  for (const auto& line : report.diagnosis.lines) table.AddRow({line.label, line.value, line.meaning});
  return table;
}

Table WasteTable(const AnalysisReport& report) {
  const HeapModel& m = report.model;
  bool exact = m.basis == ModelBasis::kHeapDump;
  std::string mark = exact ? "" : "~";
  Table table({{"waste", Align::kLeft}, {"bytes"}, {"what it is", Align::kLeft}});
  table.AddRow({"external (free slots)", m.basis == ModelBasis::kProfileOnly ? "unknown" : mark + FormatBytes(static_cast<int64_t>(m.free_slot_bytes)),
                "empty slots in spans a survivor keeps in use"});
  table.AddRow({"span tails", mark + FormatBytes(static_cast<int64_t>(m.tail_bytes)), "bytes at span ends no slot fits"});
  table.AddRow({"internal (rounding)",
                fmt::format("~{} ({} - {})", FormatBytes(static_cast<int64_t>(m.internal_waste_bytes)),
                            FormatBytes(static_cast<int64_t>(m.internal_waste_min_bytes)),
                            FormatBytes(static_cast<int64_t>(m.internal_waste_max_bytes))),
                "slot minus requested size; the profile records slots, so only bounds without types"});
  return table;
}

namespace {
bool IsEmptyClass(const ClassReportRow& row) {
  return row.model && row.model->live_objects == 0 && row.model->spans == 0;
}
}  // namespace

size_t EmptyClassCount(const AnalysisReport& report) {
  return static_cast<size_t>(std::count_if(report.class_rows.begin(), report.class_rows.end(), IsEmptyClass));
}

Table SizeClassTable(const AnalysisReport& report, bool hide_empty) {
  // drop_order: what a narrow terminal leaves out first (JSON and Markdown keep every column).
  Table table({{"class"}, {"slot"}, {"span", Align::kRight, 3}, {"objs/span", Align::kRight, 4},
               {"live objs", Align::kRight, 2}, {"live bytes"}, {"alloc objs", Align::kRight, 6},
               {"min spans", Align::kRight, 5}, {"spans"}, {"span bytes"}, {"free slots"}, {"tail", Align::kRight, 1},
               {"used"}});
  for (const ClassReportRow& row : report.class_rows) {
    if (hide_empty && IsEmptyClass(row)) continue;
    bool large = row.class_id == 0;
    std::vector<std::string> cells = {large ? "large" : std::to_string(row.class_id),
                                      large ? "> 32 KiB" : FormatBytes(static_cast<int64_t>(row.slot_bytes))};
    if (const ClassModel* m = row.model) {
      bool sampled = m->live_source == LiveCountSource::kProfileSampled;
      std::string inferred = m->spans_exact ? "" : "~";
      cells.push_back(large ? "own" : FormatBytes(static_cast<int64_t>(m->span_size_bytes)));
      cells.push_back(large ? "1" : std::to_string(m->slots_per_span));
      cells.push_back((sampled ? "~" : "") + FormatCount(static_cast<int64_t>(m->live_objects)));
      cells.push_back(FormatBytes(static_cast<int64_t>(m->live_bytes)));
      cells.push_back(FormatCount(static_cast<int64_t>(m->alloc_objects)));
      cells.push_back(FormatCount(static_cast<int64_t>(m->min_spans)));
      cells.push_back(inferred + FormatCount(static_cast<int64_t>(m->spans)));
      cells.push_back(FormatBytes(static_cast<int64_t>(m->span_bytes)));
      cells.push_back(report.model.basis == ModelBasis::kProfileOnly ? "?" : FormatBytes(static_cast<int64_t>(m->free_slot_bytes)));
      cells.push_back(FormatBytes(static_cast<int64_t>(m->tail_bytes)));
      cells.push_back(large || m->spans == 0 ? "-" : FormatPercent(m->occupancy()));
    }
    table.AddRow(std::move(cells));
  }
  return table;
}

Table SitesTable(const AnalysisReport& report, const std::string& path_root) {
  Table table({{"#"}, {"function", Align::kLeft}, {"file:line", Align::kLeft}, {"slot"}, {"cost"},
               {"pinned", Align::kRight, 2}, {"live objs", Align::kRight, 5}, {"live bytes"},
               {"alloc objs", Align::kRight, 6}, {"alloc bytes", Align::kRight, 4}, {"churn", Align::kRight, 3}});
  const auto& sites = report.breakdown.sites;
  size_t n = std::min(report.top_sites, sites.size());
  for (size_t i = 0; i < n; ++i) {
    const SiteRow& s = sites[i];
    std::string slot = FormatBytes(static_cast<int64_t>(s.slot_bytes));
    if (s.slot_sizes.size() > 1) slot += fmt::format(" +{}", s.slot_sizes.size() - 1);
    table.AddRow({std::to_string(i + 1), s.function, Location(s, path_root), slot,
                  FormatBytes(static_cast<int64_t>(s.cost_bytes)), FormatBytes(static_cast<int64_t>(s.pinned_bytes + s.kept_pinned_bytes)),
                  FormatCount(s.counts.live_objects), FormatBytes(s.counts.live_bytes), FormatCount(s.counts.alloc_objects),
                  FormatBytes(s.counts.alloc_bytes), s.counts.live_objects > 0 ? FormatRatio(s.churn()) : "all freed"});
    table.AddLineUnderRow(LinesUnderSite(s));
  }
  return table;
}

std::string UnattributedSentence(const AnalysisReport& report) {
  const UnattributedCost& u = report.unattributed;
  std::vector<std::string> parts;
  if (u.pinned_bytes > 0)
    parts.push_back(fmt::format("{} of the {} free-slot bytes", FormatBytes(static_cast<int64_t>(u.pinned_bytes)),
                                FormatBytes(static_cast<int64_t>(report.model.free_slot_bytes))));
  if (u.garbage_bytes > 0)
    parts.push_back(fmt::format("{} of the {} of garbage the heap holds", FormatBytes(static_cast<int64_t>(u.garbage_bytes)),
                                FormatBytes(static_cast<int64_t>(u.garbage_total_bytes))));
  std::string out;
  if (!parts.empty())
    out = fmt::format("not attributed to any site: {} (live objects no sampled site explains{})", fmt::join(parts, "; "),
                      u.unmatched_dump_samples
                          ? fmt::format(", including {} sampled dump objects whose allocation line no profile site has",
                                        u.unmatched_dump_samples)
                          : "");
  if (!u.garbage_known) out += (out.empty() ? "" : "; ") + std::string("garbage between collections unknown without MemStats");
  return out;
}

std::string AdviceHeadline(const Advice& a) {
  // "lifetime at main.churn (main.go:39)", "gomemlimit (heap-wide)": not "at heap-wide".
  std::string where = a.function.empty() ? " (heap-wide)" : fmt::format(" at {} ({}:{})", a.function,
                                                                         a.source_file.empty() ? a.file : a.source_file, a.line);
  std::string saving = a.saving_bytes                        ? fmt::format("saves ~{}", FormatBytes(static_cast<int64_t>(a.saving_bytes)))
                       : a.kind == AdviceKind::kPointerFree ? std::string("less GC scan work")
                       : a.kind == AdviceKind::kPool        ? std::string("less GC work")
                                                            : std::string("configuration");
  return fmt::format("{}{}{}: {} ({} confidence)", AdviceKindName(a.kind), where,
                     a.type.empty() ? "" : ", type " + a.type, saving, ConfidenceName(a.confidence));
}

}  // namespace heapdoc
