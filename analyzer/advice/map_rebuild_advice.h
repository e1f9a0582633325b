// map-rebuild advice: a Go map never shrinks, so one that a sweep left mostly empty keeps the
// buckets or tables of its peak. From a heap dump's map headers (HeapDump::maps), each joined by
// the cost ranking (heapmodel/site_cost.h) to the site whose sampled objects include its storage.
#pragma once

#include <vector>

#include "analyzer/advice/advisor.h"
#include "heapmodel/advice.h"

namespace heapdoc {

// One advice per site for its maps under a quarter full, when rebuilding them gives back at least
// 1 MiB or 2 % of the heap. The saving is each map's storage (and the free slots of spans only it
// kept) minus what a map made for its entries takes (heapmodel/go_map.h).
//
// Maps whose storage no alloc sample hit are not joined to a site and get no advice: with the
// default MemProfileRate (512 KiB) storage of a megabyte or more is sampled with probability
// above 0.86 per array, and a swiss map's many group arrays almost surely.
void AddMapRebuildAdvice(const AdvisorInput& in, std::vector<Advice>& out);

}  // namespace heapdoc
