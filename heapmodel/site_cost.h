// Ranks allocation sites by the waste they cause in the real heap: the free slots their survivors
// hold hostage, the rounding waste of their live objects, and the garbage the heap holds now that
// their allocations left. Every figure is bounded by what the heap holds: the pinned bytes of a
// class add up to its free-slot bytes at most, the garbage to HeapAlloc minus the live bytes;
// what no site can be tied to is returned as unattributed.
#pragma once

#include <cstdint>

#include "heapmodel/heap_breakdown.h"
#include "heapmodel/heap_snapshot.h"
#include "heapmodel/size_classes.h"
#include "heapmodel/span_model.h"

namespace heapdoc {

struct SiteCostInput {
  const HeapSnapshot& snapshot;     // frames, and the heap dump when there is one
  const HeapModel& model;
  const MemStats* memstats = nullptr;
  const SizeClassTable* table = nullptr;  // what a map rebuilt for its entries takes (go_map.h)
};

// What the ranking could not put on a site.
struct UnattributedCost {
  uint64_t pinned_bytes = 0;        // free-slot bytes no site's sampled survivors explain
  uint64_t garbage_bytes = 0;       // garbage in the heap beyond what the sites' churn explains
  uint64_t unmatched_dump_samples = 0;  // --dump: sampled live objects whose stack no profile site has
  uint64_t garbage_total_bytes = 0;     // HeapAlloc - live bytes: the garbage the heap holds now
  bool garbage_known = false;           // MemStats were given
};

// Sets every site's pinned, internal-waste, garbage and cost figures and re-sorts the sites by
// cost, worst first.
UnattributedCost RankSitesByCost(HeapBreakdown& breakdown, const SiteCostInput& input);

}  // namespace heapdoc
