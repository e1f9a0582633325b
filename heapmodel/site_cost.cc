#include "heapmodel/site_cost.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "heapmodel/dump_sample_sites.h"
#include "heapmodel/go_map.h"

namespace heapdoc {
namespace {

struct PinWeights {
  std::vector<double> site;           // per site: free-slot bytes its sampled survivors pin (summed shares)
  std::vector<std::map<uint64_t, uint64_t>> retained_samples;  // per site, per slot size: sampled retained arrays
  std::vector<std::map<uint64_t, uint64_t>> holder_samples;    // per site, per slot size: sampled holders of them
  std::map<uint32_t, uint32_t> array_site;  // per sampled retained array (HeapDump::retained_arrays): its site
  std::vector<uint64_t> samples;      // per site: its sampled live objects
  std::map<uint32_t, std::map<size_t, uint32_t>> map_samples;  // per dump map, per site: its sampled storage arrays
  std::map<int, double> unmatched;    // per class: the same for samples no site matches
  // Per class: live objects of its sparse spans (at most half full) that hold no sample: survivors
  // no sample stands for, whatever the calibrated counts of the sampled sites say.
  std::map<int, uint64_t> unsampled_sparse_live;
  uint64_t unmatched_samples = 0;
  bool from_dump = false;
};

bool IsMapStorage(const HeapDump& dump, uint64_t slot) {
  auto m = std::lower_bound(dump.map_storage.begin(), dump.map_storage.end(), slot,
                            [](const DumpMapStorage& x, uint64_t addr) { return x.address < addr; });
  return m != dump.map_storage.end() && m->address == slot;
}

bool IsRetainedArrayHolder(const HeapDump& dump, uint64_t slot) {
  auto h = std::lower_bound(dump.retained_array_holders.begin(), dump.retained_array_holders.end(), slot,
                            [](const DumpRetainedArrayHolder& x, uint64_t addr) { return x.address < addr; });
  return h != dump.retained_array_holders.end() && h->address == slot;
}

// Heap dump: each sampled live object pins its share of its span's free slots (free / live of
// that span). Sampling is uniform within a class, so the shares of a site's samples, scaled by the
// class's free bytes over the class's summed shares, estimate what all of its objects pin.
PinWeights DumpPinWeights(const HeapBreakdown& breakdown, const HeapSnapshot& snapshot, const HeapModel& model) {
  PinWeights w;
  w.site.assign(breakdown.sites.size(), 0);
  w.retained_samples.resize(breakdown.sites.size());
  w.holder_samples.resize(breakdown.sites.size());
  w.samples.assign(breakdown.sites.size(), 0);
  if (!snapshot.heap_dump || snapshot.heap_dump->alloc_samples.empty()) return w;
  const HeapDump& dump = *snapshot.heap_dump;
  std::unordered_map<uint64_t, int> class_of_slot;
  for (const ClassModel& c : model.classes)
    if (c.class_id != 0) class_of_slot[c.slot_bytes] = c.class_id;
  std::vector<uint32_t> sample_site = SiteOfDumpSamples(breakdown, snapshot);
  std::vector<bool> span_sampled(dump.spans.size(), false);
  for (size_t i = 0; i < dump.alloc_samples.size(); ++i) {
    const DumpAllocSample& a = dump.alloc_samples[i];
    if (a.span_index == DumpAllocSample::kNone || a.unreachable) continue;  // garbage pins nothing
    const DumpSpan& span = dump.spans[a.span_index];
    if (span.live_objects == 0) continue;
    w.from_dump = true;
    span_sampled[a.span_index] = true;
    double share = static_cast<double>(span.free_slot_bytes()) / span.live_objects;
    if (uint32_t site = sample_site[i]; site != kNoSite) {
      w.site[site] += share;
      ++w.samples[site];
      auto r = std::lower_bound(dump.retained_arrays.begin(), dump.retained_arrays.end(), a.address,
                                [](const DumpRetainedArray& x, uint64_t addr) { return x.address < addr; });
      if (r != dump.retained_arrays.end() && r->address == a.address) {
        ++w.retained_samples[site][r->slot_bytes];
        w.array_site[static_cast<uint32_t>(r - dump.retained_arrays.begin())] = site;
      }
      // Map storage and holders are listed by slot start; a pointerful object's sample is past its
      // malloc header.
      uint64_t slot = span.base_address + (a.address - span.base_address) / span.elem_size_bytes * span.elem_size_bytes;
      if (IsMapStorage(dump, slot)) {
        auto m = std::lower_bound(dump.map_storage.begin(), dump.map_storage.end(), slot,
                                  [](const DumpMapStorage& x, uint64_t addr) { return x.address < addr; });
        ++w.map_samples[m->map_index][site];
      } else if (IsRetainedArrayHolder(dump, slot)) {
        ++w.holder_samples[site][span.elem_size_bytes];
      }
    } else {
      auto cls = class_of_slot.find(span.elem_size_bytes);
      w.unmatched[span.large || cls == class_of_slot.end() ? 0 : cls->second] += share;
      ++w.unmatched_samples;
    }
  }
  for (size_t i = 0; i < dump.spans.size(); ++i) {
    const DumpSpan& span = dump.spans[i];
    if (span.large || span_sampled[i] || span.live_objects == 0 || 2 * span.live_objects > span.slot_count) continue;
    if (auto cls = class_of_slot.find(span.elem_size_bytes); cls != class_of_slot.end())
      w.unsampled_sparse_live[cls->second] += span.live_objects;
  }
  return w;
}

// A class whose free slots no sampled survivor explains: its survivors were never sampled (5,000
// records of 80 B are less than one sample at the default MemProfileRate of 512 KiB). When one
// site made most of what the class allocated and freed, the survivors are most likely its: it takes
// the class's unexplained live objects and their free slots, marked as such.
constexpr uint64_t kMinUnsampledPinned = 1 << 20;
void AttributeUnsampledSurvivors(HeapBreakdown& breakdown, const std::map<int, const ClassModel*>& class_of,
                                 const std::map<int, uint64_t>& unsampled_sparse_live,
                                 std::map<int, uint64_t>& attributed_pinned) {
  for (const auto& [id, c] : class_of) {
    if (id == 0) continue;
    uint64_t unexplained = c->free_slot_bytes - std::min(c->free_slot_bytes, attributed_pinned[id]);
    if (unexplained < kMinUnsampledPinned || 2 * unexplained < c->free_slot_bytes) continue;
    double freed_total = 0, live = 0;
    SiteRow* top = nullptr;
    for (SiteRow& s : breakdown.sites) {
      if (s.class_id != id) continue;
      double freed = static_cast<double>(Positive(s.counts.alloc_objects - s.counts.live_objects));
      freed_total += freed;
      live += static_cast<double>(Positive(s.counts.live_objects));
      if (!top || freed > static_cast<double>(Positive(top->counts.alloc_objects - top->counts.live_objects))) top = &s;
    }
    if (!top || 2 * static_cast<double>(Positive(top->counts.alloc_objects - top->counts.live_objects)) < freed_total) continue;
    uint64_t hidden = static_cast<double>(c->live_objects) > live ? c->live_objects - static_cast<uint64_t>(live) : 0;
    // A dump's sampled sites may have been scaled up to the whole class (calibration) while the
    // survivors of its sparse spans are none of theirs (no sample there): those survivors move
    // from the sampled sites' estimates to the site that freed the rest.
    auto sparse = unsampled_sparse_live.find(id);
    if (sparse != unsampled_sparse_live.end() && sparse->second > hidden) {
      uint64_t excess = sparse->second - hidden;
      double others = live - static_cast<double>(Positive(top->counts.live_objects));
      if (others > 0)
        for (SiteRow& s : breakdown.sites) {
          if (s.class_id != id || &s == top || s.counts.live_objects <= 0) continue;
          double cut = std::min(static_cast<double>(s.counts.live_objects),
                                static_cast<double>(excess) * static_cast<double>(s.counts.live_objects) / others);
          s.counts.live_objects -= static_cast<int64_t>(cut);
          s.counts.live_bytes -= static_cast<int64_t>(cut) * static_cast<int64_t>(c->slot_bytes);
        }
      hidden = sparse->second;
    }
    if (hidden == 0) continue;
    top->unsampled_live_objects = hidden;
    top->counts.live_objects += static_cast<int64_t>(hidden);
    top->counts.live_bytes += static_cast<int64_t>(hidden * c->slot_bytes);
    top->pinned_bytes += unexplained;
    top->cost_bytes += unexplained;
    attributed_pinned[id] += unexplained;
  }
}

// Retained capacity: the bytes the heap's retained arrays would give back if the slices were
// copied out. Each array's waste is shared by the headers into it; a header's share goes to the
// sites whose sampled objects hold such headers (by the holders' slot size: sampling is uniform
// within it), where the copy belongs, unless no holder of that size was sampled or the holder is
// a map's storage (filled by inserts on other lines than the one that grew it). The rest goes,
// by slot size, to the sites whose sampled objects are the arrays.
void AttributeRetainedCapacity(HeapBreakdown& breakdown, const HeapDump& dump, const PinWeights& exact) {
  std::map<uint64_t, uint64_t> holders_sampled;  // holder slot -> sampled holders
  for (const auto& per_site : exact.holder_samples)
    for (const auto& [slot, n] : per_site) holders_sampled[slot] += n;
  std::vector<uint64_t> left(dump.retained_arrays.size());
  for (size_t i = 0; i < left.size(); ++i)
    left[i] = dump.retained_arrays[i].slot_bytes - dump.retained_arrays[i].used_slot_bytes;
  std::map<uint64_t, uint64_t> held_waste;                  // holder slot -> waste its holders keep
  std::map<uint64_t, std::map<uint32_t, uint64_t>> held_from;  // holder slot -> array site -> that waste
  std::map<uint64_t, std::map<uint64_t, uint64_t>> held_slot;  // holder slot -> array slot -> that waste
  for (const DumpRetainedArrayHolder& h : dump.retained_array_holders) {
    if (!holders_sampled.count(h.slot_bytes) || IsMapStorage(dump, h.address)) continue;
    const DumpRetainedArray& r = dump.retained_arrays[h.array_index];
    uint64_t share = std::min(left[h.array_index], (r.slot_bytes - r.used_slot_bytes) / std::max<uint32_t>(1, r.slices));
    left[h.array_index] -= share;
    held_waste[h.slot_bytes] += share;
    held_slot[h.slot_bytes][r.slot_bytes] += share;
    if (auto it = exact.array_site.find(h.array_index); it != exact.array_site.end())
      held_from[h.slot_bytes][it->second] += share;
  }
  std::map<uint64_t, std::pair<uint64_t, uint64_t>> by_slot;  // slot -> (wasted bytes, sampled arrays)
  for (size_t i = 0; i < left.size(); ++i) by_slot[dump.retained_arrays[i].slot_bytes].first += left[i];
  for (const auto& per_site : exact.retained_samples)
    for (const auto& [slot, n] : per_site) by_slot[slot].second += n;
  for (size_t i = 0; i < breakdown.sites.size(); ++i) {
    SiteRow& s = breakdown.sites[i];
    for (const auto& [slot, n] : exact.retained_samples[i])
      s.retained_capacity_bytes += by_slot[slot].first * n / std::max<uint64_t>(1, by_slot[slot].second);
    // Copied out, the arrays die and stop pinning their spans: their share of the site's pinned
    // free slots comes back too.
    uint64_t retained = 0;
    for (const auto& [slot, n] : exact.retained_samples[i]) retained += n;
    if (retained && exact.samples[i])
      s.retained_capacity_saving_bytes =
          s.retained_capacity_bytes + s.pinned_bytes * std::min(retained, exact.samples[i]) / exact.samples[i];
    // Held: the arrays are large objects, or in other sites' spans, whose free slots stay theirs.
    uint64_t largest = 0;
    for (const auto& [slot, n] : exact.holder_samples[i]) {
      uint64_t held = held_waste[slot] * n / std::max<uint64_t>(1, holders_sampled[slot]);
      s.held_retained_capacity_bytes += held;
      if (held <= largest) continue;
      largest = held;
      const auto& slots = held_slot[slot];
      s.held_array_slot_bytes = std::max_element(slots.begin(), slots.end(), [](const auto& x, const auto& y) {
                                  return x.second < y.second;
                                })->first;
      const auto& from = held_from[slot];
      auto top = std::max_element(from.begin(), from.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
      s.held_arrays_site.clear();
      if (top != from.end()) {
        const SiteRow& a = breakdown.sites[top->first];
        std::string file = a.file.substr(a.file.rfind('/') == std::string::npos ? 0 : a.file.rfind('/') + 1);
        s.held_arrays_site = fmt::format("{} ({}:{})", a.function, file, a.line);
      }
    }
    s.retained_capacity_bytes += s.held_retained_capacity_bytes;
    s.retained_capacity_saving_bytes += s.held_retained_capacity_bytes;
    s.cost_bytes += s.retained_capacity_bytes;  // waste inside live slots, as rounding is
  }
}

}  // namespace

UnattributedCost RankSitesByCost(HeapBreakdown& breakdown, const SiteCostInput& in) {
  UnattributedCost un;
  std::map<int, const ClassModel*> class_of;
  for (const ClassModel& c : in.model.classes) class_of[c.class_id] = &c;
  PinWeights exact = DumpPinWeights(breakdown, in.snapshot, in.model);

  // Pinned bytes: each class's free slots shared among what lives in it. From a dump, by the
  // sampled survivors' span shares; from a profile, by live objects x survival (long-lived
  // survivors pin; churn that is gone does not). Live objects the sites do not explain (a class
  // whose exact count, from BySize or a dump, exceeds what the sampled sites hold) keep their share
  // unattributed, so one lone sample never takes a whole class.
  std::vector<double> weight(breakdown.sites.size(), 0);
  std::map<int, double> class_weight, class_site_live;
  for (size_t i = 0; i < breakdown.sites.size(); ++i) {
    const SiteRow& s = breakdown.sites[i];
    weight[i] = exact.from_dump ? exact.site[i] : static_cast<double>(Positive(s.counts.live_objects)) * s.survival();
    class_weight[s.class_id] += weight[i];
    class_site_live[s.class_id] += static_cast<double>(Positive(s.counts.live_objects));
  }
  std::map<int, double> unexplained;
  for (const auto& [id, c] : class_of) {
    if (exact.from_dump) {
      auto it = exact.unmatched.find(id);
      unexplained[id] = it == exact.unmatched.end() ? 0 : it->second;
    } else if (id != 0 && c->live_source != LiveCountSource::kProfileSampled && c->live_source != LiveCountSource::kProfileExact) {
      unexplained[id] = std::max(0.0, static_cast<double>(c->live_objects) - class_site_live[id]);
    }
    class_weight[id] += unexplained[id];
  }
  un.unmatched_dump_samples = exact.unmatched_samples;

  // Garbage the heap holds now: HeapAlloc counts every allocated slot, reachable or not, so
  // HeapAlloc minus the live bytes (the profile's, as of the last collection) is garbage awaiting
  // the next one. Shared by the bytes each site allocated and freed, the only allocation rate one
  // snapshot shows, and never more than a site freed; the rest stays unattributed (objects the
  // profile has not published yet: it lags one collection behind).
  if (in.memstats) {
    un.garbage_known = true;
    uint64_t live = Positive(breakdown.totals.live_bytes);
    if (in.model.basis == ModelBasis::kHeapDump) {
      // The dump's objects, less those no root reaches (garbage a dump between collections lists).
      uint64_t garbage_listed = in.snapshot.heap_dump ? in.snapshot.heap_dump->unreachable_bytes : 0;
      live = in.model.live_bytes - std::min(in.model.live_bytes, garbage_listed);
    }
    un.garbage_total_bytes = in.memstats->heap_alloc > live ? in.memstats->heap_alloc - live : 0;
  }
  double total_churn = 0;
  std::map<int, double> class_churn;
  for (const SiteRow& s : breakdown.sites) {
    double freed = static_cast<double>(Positive(s.counts.alloc_bytes - s.counts.live_bytes));
    total_churn += freed;
    class_churn[s.class_id] += freed;
  }
  // Where BySize counts a class's objects exactly, its garbage is what BySize holds beyond the
  // sites' sampled live objects (before calibration: BySize counts, until the next sweep, what
  // died since the last collection, which the profile does not). A site's garbage stays within its
  // class's: a split helper that churned megabytes holds nothing once BySize says its class is
  // empty, whatever the sampling error of other classes left in HeapAlloc - live. (A heap dump's
  // MemStats has no BySize: its garbage is bounded by HeapAlloc minus what is reachable.)
  std::map<int, double> class_sampled_live;
  for (const SiteRow& s : breakdown.sites)
    class_sampled_live[s.class_id] += static_cast<double>(Positive(s.sampled_live_objects));
  std::map<int, double> class_garbage;  // absent: not counted exactly (large objects, dumps, no BySize)
  for (const auto& [id, c] : class_of)
    if (id != 0 && c->live_source == LiveCountSource::kBySize)
      class_garbage[id] = std::max(0.0, static_cast<double>(c->live_bytes) -
                                            class_sampled_live[id] * static_cast<double>(c->slot_bytes));
  uint64_t attributed_garbage = 0;
  std::map<int, uint64_t> attributed_pinned;
  for (size_t i = 0; i < breakdown.sites.size(); ++i) {
    SiteRow& s = breakdown.sites[i];
    s.pinned_bytes = s.internal_waste_bytes = s.garbage_bytes = s.retained_capacity_bytes = 0;
    s.retained_capacity_saving_bytes = s.map_spare_bytes = 0;
    s.held_retained_capacity_bytes = s.held_array_slot_bytes = 0;
    s.held_arrays_site.clear();
    s.dump_maps.clear();
    auto c = class_of.find(s.class_id);
    if (c != class_of.end() && class_weight[s.class_id] > 0) {
      s.pinned_bytes = static_cast<uint64_t>(static_cast<double>(c->second->free_slot_bytes) * weight[i] /
                                             class_weight[s.class_id]);
      s.pinned_exact = exact.from_dump;
      attributed_pinned[s.class_id] += s.pinned_bytes;
    }
    if (c != class_of.end()) {
      // Rounding waste of its live objects: exact when the type is known, else the class's
      // per-object midpoint.
      if (s.object_bytes && s.object_bytes <= s.slot_bytes)
        s.internal_waste_bytes = (s.slot_bytes - s.object_bytes) * Positive(s.counts.live_objects);
      else if (c->second->live_objects)
        s.internal_waste_bytes = c->second->internal_waste_bytes / c->second->live_objects * Positive(s.counts.live_objects);
    }
    // A site cannot hold more garbage than it ever freed: an init-time allocation of 4 KiB is
    // never a megabyte of today's garbage.
    uint64_t freed = Positive(s.counts.alloc_bytes - s.counts.live_bytes);
    if (total_churn > 0) {
      double share = static_cast<double>(freed) / total_churn * static_cast<double>(un.garbage_total_bytes);
      if (auto g = class_garbage.find(s.class_id); g != class_garbage.end())
        share = std::min(share, g->second * static_cast<double>(freed) / std::max(1.0, class_churn[s.class_id]));
      s.garbage_bytes = std::min(freed, static_cast<uint64_t>(share));
    }
    attributed_garbage += s.garbage_bytes;
    s.cost_bytes = s.pinned_bytes + s.internal_waste_bytes + s.garbage_bytes;
  }
  if (exact.from_dump) AttributeRetainedCapacity(breakdown, *in.snapshot.heap_dump, exact);
  // Maps: each at the site with most of its sampled storage; what a rebuild for its entries would
  // give back is waste inside live storage, as retained capacity is.
  for (const auto& [map_index, per_site] : exact.map_samples) {
    auto best = std::max_element(per_site.begin(), per_site.end(),
                                 [](const auto& x, const auto& y) { return x.second < y.second; });
    SiteRow& s = breakdown.sites[best->first];
    s.dump_maps.push_back(map_index);
    if (in.table) {
      const DumpMap& m = in.snapshot.heap_dump->maps[map_index];
      uint64_t rebuilt = RebuiltMapStorageBytes(m, m.entries, *in.table);
      uint64_t spare = m.storage_bytes > rebuilt ? m.storage_bytes - rebuilt : 0;
      s.map_spare_bytes += spare;
      s.cost_bytes += spare;
    }
  }
  AttributeUnsampledSurvivors(breakdown, class_of, exact.unsampled_sparse_live, attributed_pinned);
  for (const auto& [id, c] : class_of)
    un.pinned_bytes += c->free_slot_bytes - std::min(c->free_slot_bytes, attributed_pinned[id]);
  un.garbage_bytes = un.garbage_total_bytes - std::min(un.garbage_total_bytes, attributed_garbage);

  std::stable_sort(breakdown.sites.begin(), breakdown.sites.end(), [](const SiteRow& x, const SiteRow& y) {
    if (x.cost_bytes != y.cost_bytes) return x.cost_bytes > y.cost_bytes;
    return x.counts.live_bytes > y.counts.live_bytes;
  });
  return un;
}

}  // namespace heapdoc
