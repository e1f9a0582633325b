#include "heapmodel/site_calibration.h"

#include <cmath>
#include <algorithm>
#include <map>
#include <vector>

namespace heapdoc {
namespace {

int64_t Scaled(int64_t v, double factor) {
  double x = std::round(static_cast<double>(v) * factor);
  return x >= 9.2e18 ? INT64_MAX : static_cast<int64_t>(x);
}

// Large objects: per slot size, the dump's exact count over the sampled live count of the sites.
void CalibrateLargeObjectSites(HeapBreakdown& breakdown, const HeapDump& dump) {
  std::map<uint64_t, double> exact, sampled;
  for (const DumpSpan& span : dump.spans)
    if (span.large && span.live_objects) exact[span.elem_size_bytes] += span.live_objects;
  for (const auto& [slot, n] : dump.unreachable_by_slot)  // garbage is no site's live
    if (auto it = exact.find(slot); it != exact.end()) it->second = std::max(0.0, it->second - static_cast<double>(n));
  for (const SiteRow& s : breakdown.sites)
    if (s.class_id == 0) sampled[s.slot_bytes] += static_cast<double>(Positive(s.counts.live_objects));
  for (SiteRow& s : breakdown.sites) {
    if (s.class_id != 0 || s.counts.live_objects <= 0 || !exact.count(s.slot_bytes) || exact[s.slot_bytes] <= 0) continue;
    double f = exact[s.slot_bytes] / sampled[s.slot_bytes];
    s.counts.live_objects = Scaled(s.counts.live_objects, f);
    s.counts.live_bytes = Scaled(s.counts.live_bytes, f);
    s.counts.alloc_objects = std::max(s.counts.live_objects, Scaled(s.counts.alloc_objects, f));
    s.counts.alloc_bytes = std::max(s.counts.live_bytes, Scaled(s.counts.alloc_bytes, f));
    s.counts_calibrated = true;
  }
}

}  // namespace

void CalibrateSiteCounts(HeapBreakdown& breakdown, const HeapModel& model, bool dump_samples, const HeapDump* dump) {
  for (SiteRow& s : breakdown.sites) s.sampled_live_objects = s.counts.live_objects;
  if (dump_samples && dump) CalibrateLargeObjectSites(breakdown, *dump);
  struct Sampled {
    double live_objects = 0;
    uint64_t samples = 0;
  };
  std::map<int, Sampled> by_class;
  for (const SiteRow& s : breakdown.sites) {
    if (s.class_id <= 0) continue;
    Sampled& c = by_class[s.class_id];
    c.live_objects += static_cast<double>(Positive(s.counts.live_objects));
    c.samples += s.live_samples;
  }
  std::map<int, double> factor;
  for (const ClassModel& c : model.classes) {
    if (c.class_id == 0 || (c.live_source != LiveCountSource::kHeapDump && c.live_source != LiveCountSource::kBySize))
      continue;
    auto it = by_class.find(c.class_id);
    if (it == by_class.end() || it->second.live_objects <= 0) continue;
    double exact = static_cast<double>(c.live_objects);
    if (dump && c.live_source == LiveCountSource::kHeapDump)  // reachable objects only: garbage is no site's live
      for (const auto& [slot, n] : dump->unreachable_by_slot)
        if (slot == c.slot_bytes) exact = std::max(0.0, exact - static_cast<double>(n));
    double f = exact / it->second.live_objects;
    // A scaled profile's estimate far from the exact count, or resting on few samples, is not
    // stretched: what it does not explain stays unattributed (site_cost.h).
    if (!dump_samples && (it->second.samples < kMinSamplesToCalibrate || f > 2 || f < 0.5)) continue;
    factor[c.class_id] = f;
  }
  // A dump's sites in a class with no live sample (everything they allocated is gone, or their
  // survivors were never sampled) keep raw sample counts: scale them as pprof would, by the
  // sampling rate the calibrated classes show (a class factor is about rate / slot size).
  if (dump_samples && !factor.empty()) {
    std::vector<double> rates;
    for (const auto& [id, f] : factor)
      for (const ClassModel& c : model.classes)
        if (c.class_id == id) rates.push_back(f * static_cast<double>(c.slot_bytes));
    std::nth_element(rates.begin(), rates.begin() + static_cast<std::ptrdiff_t>(rates.size() / 2), rates.end());
    double rate = rates[rates.size() / 2];
    for (SiteRow& s : breakdown.sites) {
      if (s.class_id <= 0 || factor.count(s.class_id) || s.counts.live_objects > 0 || s.slot_bytes == 0) continue;
      double scale = 1 / (1 - std::exp(-static_cast<double>(s.slot_bytes) / rate));
      s.counts.alloc_objects = Scaled(s.counts.alloc_objects, scale);
      s.counts.alloc_bytes = Scaled(s.counts.alloc_bytes, scale);
    }
  }
  for (SiteRow& s : breakdown.sites) {
    auto it = factor.find(s.class_id);
    if (it == factor.end()) continue;
    s.counts.live_objects = Scaled(s.counts.live_objects, it->second);
    s.counts.live_bytes = Scaled(s.counts.live_bytes, it->second);
    s.counts.alloc_objects = std::max(s.counts.live_objects, Scaled(s.counts.alloc_objects, it->second));
    s.counts.alloc_bytes = std::max(s.counts.live_bytes, Scaled(s.counts.alloc_bytes, it->second));
    s.counts_calibrated = true;
  }
}

}  // namespace heapdoc
