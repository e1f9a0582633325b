#include "analyzer/report/report_tables.h"

#include <algorithm>

#include <fmt/format.h>

#include "analyzer/report/units.h"

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

std::string Location(const SiteRow& s) {
  if (s.file.empty()) return "?";
  return fmt::format("{}:{}", s.file, s.line);
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
  std::string kind = p.format == InputFormat::kHeapDump ? "Go heap dump"
                     : p.is_allocs_profile             ? "Go allocs profile (/debug/pprof/allocs)"
                                                       : "Go heap profile";
  lines.emplace_back("input", report.snapshot.source);
  lines.emplace_back("kind", fmt::format("{}, {}", kind, FormatName(p)));
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

Table SizeClassTable(const AnalysisReport& report) {
  Table table({{"class"}, {"slot"}, {"span"}, {"objs/span"}, {"live objs"}, {"live bytes"}, {"alloc objs"},
               {"min spans"}, {"min span bytes"}, {"tail waste"}});
  for (const ClassRow& c : report.breakdown.classes) {
    bool large = c.class_id == 0;
    table.AddRow({large ? "large" : std::to_string(c.class_id), large ? "> 32 KiB" : FormatBytes(static_cast<int64_t>(c.slot_bytes)),
                  large ? "own" : FormatBytes(static_cast<int64_t>(c.span_bytes)),
                  large ? "1" : std::to_string(c.objects_per_span), FormatCount(c.counts.live_objects),
                  FormatBytes(c.counts.live_bytes), FormatCount(c.counts.alloc_objects), FormatCount(static_cast<int64_t>(c.min_spans)),
                  FormatBytes(static_cast<int64_t>(c.min_span_bytes)), FormatBytes(static_cast<int64_t>(c.min_tail_bytes))});
  }
  return table;
}

Table SitesTable(const AnalysisReport& report) {
  Table table({{"#"}, {"function", Align::kLeft}, {"file:line", Align::kLeft}, {"slot"}, {"live objs"},
               {"live bytes"}, {"alloc objs"}, {"alloc bytes"}, {"churn"}});
  const auto& sites = report.breakdown.sites;
  size_t n = std::min(report.top_sites, sites.size());
  for (size_t i = 0; i < n; ++i) {
    const SiteRow& s = sites[i];
    table.AddRow({std::to_string(i + 1), s.function, Location(s), FormatBytes(static_cast<int64_t>(s.slot_bytes)),
                  FormatCount(s.counts.live_objects), FormatBytes(s.counts.live_bytes), FormatCount(s.counts.alloc_objects),
                  FormatBytes(s.counts.alloc_bytes), s.counts.live_objects > 0 ? FormatRatio(s.churn()) : "all freed"});
  }
  return table;
}

}  // namespace heapdoc
