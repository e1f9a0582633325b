#include "analyzer/report/json_report.h"

#include <algorithm>

#include "analyzer/report/report_tables.h"
#include "analyzer/report/retention_report.h"

namespace heapdoc {
namespace {

nlohmann::ordered_json KeptSitesJson(const SiteRow& s) {
  using nlohmann::ordered_json;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const KeptSite& k : s.kept_sites)
    out.push_back({{"function", k.function.empty() ? ordered_json(nullptr) : ordered_json(k.function)},
                   {"file", k.file.empty() ? ordered_json(nullptr) : ordered_json(k.file)},
                   {"line", k.line}, {"size", k.slot_bytes},
                   {"pinned_bytes", k.pinned_bytes},
                   {"evidence", s.kept_evidence == KeptEvidence::kObjectGraph ? "heap dump pointers" : "same function, same survival"}});
  return out;
}

}  // namespace

nlohmann::ordered_json AdviceJson(const Advice& a) {
  using nlohmann::ordered_json;
  ordered_json j = {{"kind", AdviceKindName(a.kind)},
                    {"function", a.function},
                    {"file", a.file},
                    {"line", a.line},
                    {"source_file", a.source_file.empty() ? ordered_json(nullptr) : ordered_json(a.source_file)},
                    {"type", a.type.empty() ? ordered_json(nullptr) : ordered_json(a.type)},
                    {"saving_bytes", a.saving_bytes},
                    {"confidence", ConfidenceName(a.confidence)},
                    {"message", a.message},
                    {"evidence", a.evidence}};
  if (a.current_size) {
    j["current_size"] = *a.current_size;
    j["optimal_size"] = *a.optimal_size;
    j["current_class_size"] = *a.current_class_size;
    j["optimal_class_size"] = *a.optimal_class_size;
    j["current_order"] = a.current_order;
    j["optimal_order"] = a.optimal_order;
  }
  if (!a.other_function.empty()) {
    j["other_function"] = a.other_function;
    j["other_file"] = a.other_file;
    j["other_line"] = a.other_line;
  }
  if (!a.suggested_code.empty()) j["suggested_code"] = a.suggested_code;
  if (!a.held_by.empty()) {
    j["held_by"] = a.held_by;
    j["held_by_kind"] = a.held_by_kind;
    j["holder_path"] = a.holder_path;
    j["held_sampled_objects"] = a.held_objects;
    j["sampled_survivors"] = a.sampled_survivors;
  }
  return j;
}

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
      {"duration_nanos", p.duration_nanos},
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
  const Diagnosis& d = report.diagnosis;
  const HeapModel& m = report.model;
  auto if_memstats = [&](auto v) -> ordered_json { return d.has_memstats ? ordered_json(v) : ordered_json(nullptr); };
  summary["memstats_form"] = d.has_memstats ? ordered_json(MemStatsFormName(d.memstats_form)) : ordered_json(nullptr);
  summary["heap_alloc_bytes"] = if_memstats(d.heap_alloc_bytes);
  summary["heap_inuse_bytes"] = if_memstats(d.heap_inuse_bytes);
  summary["heap_idle_bytes"] = if_memstats(d.heap_idle_bytes);
  summary["heap_released_bytes"] = if_memstats(d.heap_released_bytes);
  summary["heap_sys_bytes"] = if_memstats(d.heap_sys_bytes);
  summary["fragmentation_ratio"] = if_memstats(d.fragmentation_ratio);
  summary["verdict"] = VerdictName(d.verdict);
  summary["os_held_bytes"] = if_memstats(d.os_held_bytes);
  summary["num_gc"] = d.num_gc ? ordered_json(*d.num_gc) : ordered_json(nullptr);
  summary["gc_cpu_fraction"] = d.gc_cpu_fraction ? ordered_json(*d.gc_cpu_fraction) : ordered_json(nullptr);
  summary["gomemlimit_thrash_risk"] = d.gomemlimit_thrash_risk;
  summary["model_basis"] = m.basis == ModelBasis::kHeapDump ? "heap_dump" : m.basis == ModelBasis::kMemStats ? "memstats" : "profile_only";
  summary["span_bytes"] = m.span_bytes;
  summary["external_waste_bytes"] = m.basis == ModelBasis::kProfileOnly ? ordered_json(nullptr) : ordered_json(m.free_slot_bytes);
  summary["tail_waste_bytes"] = m.tail_bytes;
  summary["internal_waste_bytes"] = m.internal_waste_bytes;
  summary["internal_waste_min_bytes"] = m.internal_waste_min_bytes;
  summary["internal_waste_max_bytes"] = m.internal_waste_max_bytes;
  ordered_json classes = ordered_json::array();
  bool dump_only = p.format == InputFormat::kHeapDump;
  for (const ClassReportRow& row : report.class_rows) {
    const ClassRow* c = row.profile;
    const ClassModel* cm = row.model;
    // live_/alloc_ fields are the profile's (pprof's) figures; a heap dump alone gives exact ones.
    ObjectCounts counts = c ? c->counts : ObjectCounts{};
    if (dump_only && cm) counts = {static_cast<int64_t>(cm->live_objects), static_cast<int64_t>(cm->live_bytes),
                                   static_cast<int64_t>(cm->live_objects), static_cast<int64_t>(cm->live_bytes)};
    ordered_json j = {{"class", row.class_id},
                      {"size", row.slot_bytes},
                      {"live_objects", counts.live_objects},
                      {"live_bytes", counts.live_bytes},
                      {"alloc_objects", counts.alloc_objects},
                      {"alloc_bytes", counts.alloc_bytes},
                      {"sample_records", c ? c->sample_records : 0}};
    if (cm) {
      j["span_size"] = cm->span_size_bytes;
      j["objects_per_span"] = cm->slots_per_span;
      j["model_live_objects"] = cm->live_objects;
      j["model_live_objects_low"] = cm->live_objects_low;
      j["model_live_objects_high"] = cm->live_objects_high;
      j["model_live_source"] = LiveCountSourceName(cm->live_source);
      j["live_samples"] = cm->live_samples;
      j["min_spans"] = cm->min_spans;
      j["spans"] = cm->spans;
      j["span_bytes"] = cm->span_bytes;
      j["free_slot_bytes"] = cm->free_slot_bytes;
      j["tail_waste_bytes"] = cm->tail_bytes;
      j["internal_waste_min_bytes"] = cm->internal_waste_min_bytes;
      j["internal_waste_max_bytes"] = cm->internal_waste_max_bytes;
      j["occupancy"] = cm->occupancy();
      j["exact"] = cm->spans_exact;
      if (cm->has_occupancy_histogram) j["occupancy_histogram"] = cm->occupancy_histogram;
    }
    classes.push_back(std::move(j));
  }
  ordered_json sites = ordered_json::array();
  size_t n = std::min(report.top_sites, report.breakdown.sites.size());
  for (size_t i = 0; i < n; ++i) {
    const SiteRow& s = report.breakdown.sites[i];
    ordered_json caller_path = ordered_json::array();
    for (const Frame& f : s.caller_path) caller_path.push_back({{"function", f.function}, {"file", f.file}, {"line", f.line}});
    sites.push_back({{"rank", i + 1},
                     {"function", s.function},
                     {"file", s.file},
                     {"line", s.line},
                     {"size", s.slot_bytes},
                     {"slot_sizes", s.slot_sizes},
                     {"class", s.class_id},
                     {"live_objects", s.counts.live_objects},
                     {"live_bytes", s.counts.live_bytes},
                     {"alloc_objects", s.counts.alloc_objects},
                     {"alloc_bytes", s.counts.alloc_bytes},
                     {"sample_records", s.sample_records},
                     {"counts_calibrated", s.counts_calibrated},
                     {"live_samples", s.live_samples},
                     {"pinned_bytes", s.pinned_bytes},
                     {"pinned_exact", s.pinned_exact},
                     {"kept_pinned_bytes", s.kept_pinned_bytes},
                     {"kept_sites", KeptSitesJson(s)},
                     {"kept_by", s.kept_by.empty() ? ordered_json(nullptr) : ordered_json(s.kept_by)},
                     {"internal_waste_bytes", s.internal_waste_bytes},
                     {"garbage_bytes", s.garbage_bytes},
                     {"cost_bytes", s.cost_bytes},
                     {"type", s.type_name.empty() ? ordered_json(nullptr) : ordered_json(s.type_name)},
                     {"object_size", s.object_bytes ? ordered_json(s.object_bytes) : ordered_json(nullptr)},
                     {"source_file", s.source_file.empty() ? ordered_json(nullptr) : ordered_json(s.source_file)},
                     {"caller_path", std::move(caller_path)},
                     {"user_frame", s.user_frame ? ordered_json(*s.user_frame) : ordered_json(nullptr)}});
  }
  const UnattributedCost& u = report.unattributed;
  ordered_json unattributed = {{"pinned_bytes", u.pinned_bytes},
                               {"garbage_bytes", u.garbage_known ? ordered_json(u.garbage_bytes) : ordered_json(nullptr)},
                               {"garbage_total_bytes", u.garbage_known ? ordered_json(u.garbage_total_bytes) : ordered_json(nullptr)},
                               {"unmatched_dump_samples", u.unmatched_dump_samples}};
  ordered_json advice = ordered_json::array();
  for (const Advice& a : report.advice) advice.push_back(AdviceJson(a));
  return {{"summary", summary}, {"size_classes", classes}, {"sites", sites}, {"unattributed", unattributed}, {"advice", advice}, {"retained_by", RetainedByJson(report)}, {"notes", report.notes}};
}

// Names read from the input (a heap dump's function and file names, a text profile's symbols) need not
// be UTF-8: invalid bytes become U+FFFD instead of making dump() throw.
std::string JsonText(const nlohmann::ordered_json& doc) {
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string RenderJsonReport(const AnalysisReport& report) {
  return JsonText(BuildJsonReport(report));
}

}  // namespace heapdoc
