#include "analyzer/report/json_report.h"

#include <algorithm>

#include "analyzer/report/report_tables.h"

namespace heapdoc {

nlohmann::ordered_json BuildJsonReport(const AnalysisReport& report) {
  using nlohmann::ordered_json;
  const ProfileInfo& p = report.snapshot.profile;
  const ObjectCounts& t = report.breakdown.totals;
  ordered_json summary = {
      {"source", report.snapshot.source},
      {"format", p.format == InputFormat::kPprofProto ? "pprof" : p.format == InputFormat::kLegacyText ? "text" : "heapdump"},
      {"allocs_profile", p.is_allocs_profile},
      {"sample_types", p.sample_types},
      {"sample_rate_bytes", p.sample_rate_bytes},
      {"exact", p.exact() || p.format == InputFormat::kHeapDump},
      {"time_nanos", p.time_nanos},
      {"go_version", report.go_version.version.ToString()},
      {"go_version_known", report.go_version.known},
      {"go_version_evidence", report.go_version.evidence},
      {"delta_profile", p.is_delta},
      {"live_bytes", t.live_bytes},
      {"live_objects", t.live_objects},
      {"alloc_bytes", t.alloc_bytes},
      {"alloc_objects", t.alloc_objects},
      {"unknown_size_live_bytes", report.breakdown.unknown_size.live_bytes},
      {"unknown_size_alloc_bytes", report.breakdown.unknown_size.alloc_bytes},
  };
  ordered_json classes = ordered_json::array();
  for (const ClassRow& c : report.breakdown.classes) {
    classes.push_back({{"class", c.class_id},
                       {"size", c.slot_bytes},
                       {"span_size", c.span_bytes},
                       {"objects_per_span", c.objects_per_span},
                       {"live_objects", c.counts.live_objects},
                       {"live_bytes", c.counts.live_bytes},
                       {"alloc_objects", c.counts.alloc_objects},
                       {"alloc_bytes", c.counts.alloc_bytes},
                       {"sample_records", c.sample_records},
                       {"min_spans", c.min_spans},
                       {"min_span_bytes", c.min_span_bytes},
                       {"min_tail_waste_bytes", c.min_tail_bytes}});
  }
  ordered_json sites = ordered_json::array();
  size_t n = std::min(report.top_sites, report.breakdown.sites.size());
  for (size_t i = 0; i < n; ++i) {
    const SiteRow& s = report.breakdown.sites[i];
    sites.push_back({{"rank", i + 1},
                     {"function", s.function},
                     {"file", s.file},
                     {"line", s.line},
                     {"size", s.slot_bytes},
                     {"class", s.class_id},
                     {"live_objects", s.counts.live_objects},
                     {"live_bytes", s.counts.live_bytes},
                     {"alloc_objects", s.counts.alloc_objects},
                     {"alloc_bytes", s.counts.alloc_bytes},
                     {"sample_records", s.sample_records}});
  }
  return {{"summary", summary}, {"size_classes", classes}, {"sites", sites}, {"notes", report.notes}};
}

std::string RenderJsonReport(const AnalysisReport& report) { return BuildJsonReport(report).dump(2) + "\n"; }

}  // namespace heapdoc
