// Ranks allocation sites by what they cost in bytes of the real heap: the free slots their
// survivors hold hostage, the rounding waste of their live objects, and for churning sites their
// share of the garbage the heap carries between collections.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapmodel/heap_breakdown.h"
#include "heapmodel/heap_dump.h"
#include "heapmodel/heap_snapshot.h"
#include "heapmodel/span_model.h"

namespace heapdoc {

struct SiteCost {
  uint64_t pinned_bytes = 0;        // share of the class's free-slot bytes this site's survivors pin
  uint64_t internal_waste_bytes = 0;  // rounding waste of live objects (midpoint without types)
  uint64_t churn_bytes = 0;         // share of the between-GC garbage (allocation volume)
  bool pinned_exact = false;        // from a heap dump's sampled live objects and their spans
};

struct SiteCostInput {
  const HeapSnapshot& snapshot;     // frames, and the heap dump when there is one
  const HeapModel& model;
  const MemStats* memstats = nullptr;
};

// Fills every site's pinned_bytes and cost_bytes and re-sorts the sites by cost, worst first.
// Returns per-site detail in the new order.
std::vector<SiteCost> RankSitesByCost(HeapBreakdown& breakdown, const SiteCostInput& input);

// Bytes the heap carries as garbage between collections: NextGC - live, or live (GOGC=100).
uint64_t GarbageHeadroomBytes(const HeapBreakdown& breakdown, const MemStats* memstats);

}  // namespace heapdoc
