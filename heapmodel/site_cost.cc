#include "heapmodel/site_cost.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

#include <fmt/format.h>

namespace heapdoc {
namespace {


std::string SiteKey(const std::string& function, const std::string& file, int64_t line, uint64_t slot) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}", function, file, line, slot);
}

// Heap-dump weights: each sampled live object pins (free slots / live objects) of its span.
// Returns site index -> weight, or empty when the dump has no usable alloc samples.
std::map<size_t, double> DumpPinWeights(const HeapBreakdown& breakdown, const HeapSnapshot& snapshot) {
  std::map<size_t, double> weights;
  if (!snapshot.heap_dump) return weights;
  const HeapDump& dump = *snapshot.heap_dump;
  std::unordered_map<std::string, size_t> site_of;
  for (size_t i = 0; i < breakdown.sites.size(); ++i) {
    const SiteRow& s = breakdown.sites[i];
    site_of.emplace(SiteKey(s.function, s.file, s.line, s.slot_bytes), i);
  }
  for (const DumpAllocSample& a : dump.alloc_samples) {
    if (a.bucket_index == DumpAllocSample::kNone || a.span_index == DumpAllocSample::kNone) continue;
    const DumpBucket& b = dump.buckets[a.bucket_index];
    const DumpSpan& span = dump.spans[a.span_index];
    if (b.frames.empty() || span.live_objects == 0) continue;
    const Frame& leaf = snapshot.frames[b.frames.front()];
    auto it = site_of.find(SiteKey(leaf.function, leaf.file, leaf.line, b.size_bytes));
    if (it == site_of.end()) continue;
    weights[it->second] += static_cast<double>(span.free_slot_bytes()) / span.live_objects;
  }
  return weights;
}

}  // namespace

uint64_t GarbageHeadroomBytes(const HeapBreakdown& breakdown, const MemStats* memstats) {
  uint64_t live = Positive(breakdown.totals.live_bytes);
  if (memstats && memstats->next_gc && *memstats->next_gc > memstats->heap_alloc)
    return *memstats->next_gc - std::min(*memstats->next_gc, live);
  return live;  // GOGC=100: the heap may grow by its live size before the next collection
}

std::vector<SiteCost> RankSitesByCost(HeapBreakdown& breakdown, const SiteCostInput& in) {
  std::vector<SiteCost> cost(breakdown.sites.size());
  std::map<int, const ClassModel*> class_of;
  for (const ClassModel& c : in.model.classes) class_of[c.class_id] = &c;

  // Pinned bytes: each class's free slots shared among the sites whose objects live in it,
  // weighted by live objects x survival (long-lived survivors pin; churn that is gone does not).
  std::map<size_t, double> exact = DumpPinWeights(breakdown, in.snapshot);
  std::map<int, double> class_weight;
  std::vector<double> weight(breakdown.sites.size(), 0);
  for (size_t i = 0; i < breakdown.sites.size(); ++i) {
    const SiteRow& s = breakdown.sites[i];
    if (!exact.empty()) {
      auto it = exact.find(i);
      weight[i] = it == exact.end() ? 0 : it->second;
    } else {
      weight[i] = static_cast<double>(Positive(s.counts.live_objects)) * s.survival();
    }
    class_weight[s.class_id] += weight[i];
  }
  uint64_t headroom = GarbageHeadroomBytes(breakdown, in.memstats);
  double total_churn = 0;
  for (const SiteRow& s : breakdown.sites) total_churn += static_cast<double>(Positive(s.counts.alloc_bytes - s.counts.live_bytes));

  for (size_t i = 0; i < breakdown.sites.size(); ++i) {
    SiteRow& s = breakdown.sites[i];
    auto c = class_of.find(s.class_id);
    if (c != class_of.end() && class_weight[s.class_id] > 0) {
      cost[i].pinned_bytes = static_cast<uint64_t>(static_cast<double>(c->second->free_slot_bytes) * weight[i] /
                                                   class_weight[s.class_id]);
      cost[i].pinned_exact = !exact.empty();
      // Rounding waste of its live objects: exact when the type is known, else the class's
      // per-object midpoint.
      if (s.object_bytes && s.object_bytes <= s.slot_bytes)
        cost[i].internal_waste_bytes = (s.slot_bytes - s.object_bytes) * Positive(s.counts.live_objects);
      else if (c->second->live_objects)
        cost[i].internal_waste_bytes = c->second->internal_waste_bytes / c->second->live_objects *
                                       Positive(s.counts.live_objects);
    }
    if (total_churn > 0)
      cost[i].churn_bytes = static_cast<uint64_t>(static_cast<double>(Positive(s.counts.alloc_bytes - s.counts.live_bytes)) /
                                                  total_churn * static_cast<double>(headroom));
    s.pinned_bytes = cost[i].pinned_bytes;
    s.pinned_exact = cost[i].pinned_exact;
    s.cost_bytes = cost[i].pinned_bytes + cost[i].internal_waste_bytes + cost[i].churn_bytes;
  }

  std::vector<size_t> order(breakdown.sites.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const SiteRow &x = breakdown.sites[a], &y = breakdown.sites[b];
    if (x.cost_bytes != y.cost_bytes) return x.cost_bytes > y.cost_bytes;
    return x.counts.live_bytes > y.counts.live_bytes;
  });
  std::vector<SiteRow> sites;
  std::vector<SiteCost> sorted_cost;
  sites.reserve(order.size());
  for (size_t i : order) {
    sites.push_back(std::move(breakdown.sites[i]));
    sorted_cost.push_back(cost[i]);
  }
  breakdown.sites = std::move(sites);
  return sorted_cost;
}

}  // namespace heapdoc
