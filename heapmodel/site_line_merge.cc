#include "heapmodel/site_line_merge.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

namespace heapdoc {

void MergeSitesByLine(HeapBreakdown& breakdown) {
  // Rows arrive ordered by cost, so the first row of a line is its costliest part.
  std::vector<SiteRow> merged;
  std::unordered_map<std::string, size_t> index;
  for (SiteRow& s : breakdown.sites) {
    std::string key = fmt::format("{}\x1f{}\x1f{}", s.function, s.file, s.line);
    auto [it, fresh] = index.try_emplace(key, merged.size());
    if (fresh) {
      s.slot_sizes = {s.slot_bytes};
      merged.push_back(std::move(s));
      continue;
    }
    SiteRow& row = merged[it->second];
    row.slot_sizes.push_back(s.slot_bytes);
    row.counts += s.counts;
    row.sample_records += s.sample_records;
    row.live_samples += s.live_samples;
    row.counts_calibrated |= s.counts_calibrated;
    row.sampled_live_objects += s.sampled_live_objects;
    row.pinned_bytes += s.pinned_bytes;
    row.internal_waste_bytes += s.internal_waste_bytes;
    row.garbage_bytes += s.garbage_bytes;
    row.cost_bytes += s.cost_bytes;
    row.retained_capacity_bytes += s.retained_capacity_bytes;
    row.retained_capacity_saving_bytes += s.retained_capacity_saving_bytes;
    if (s.held_retained_capacity_bytes > row.held_retained_capacity_bytes) {
      row.held_array_slot_bytes = s.held_array_slot_bytes;
      row.held_arrays_site = s.held_arrays_site;
    }
    row.held_retained_capacity_bytes += s.held_retained_capacity_bytes;
    row.map_spare_bytes += s.map_spare_bytes;
    row.dump_maps.insert(row.dump_maps.end(), s.dump_maps.begin(), s.dump_maps.end());
    row.pinned_exact &= s.pinned_exact || s.pinned_bytes == 0;
    row.kept_pinned_bytes += s.kept_pinned_bytes;
    row.unsampled_live_objects += s.unsampled_live_objects;
    row.survivors_in_graph += s.survivors_in_graph;
    row.kept_sites.insert(row.kept_sites.end(), s.kept_sites.begin(), s.kept_sites.end());
    if (row.kept_evidence == KeptEvidence::kNone) row.kept_evidence = s.kept_evidence;
    if (row.kept_by.empty()) row.kept_by = s.kept_by;
    if (row.type_name.empty() && !s.type_name.empty()) {
      row.type_name = s.type_name;
      row.object_bytes = s.object_bytes;
      row.type_has_pointers = s.type_has_pointers;
      row.type_is_named_value = s.type_is_named_value;
      row.source_file = s.source_file;
    }
  }
  std::stable_sort(merged.begin(), merged.end(), [](const SiteRow& x, const SiteRow& y) {
    if (x.cost_bytes != y.cost_bytes) return x.cost_bytes > y.cost_bytes;
    return x.counts.live_bytes > y.counts.live_bytes;
  });
  breakdown.sites = std::move(merged);
}

}  // namespace heapdoc
