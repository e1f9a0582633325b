// Which allocation site of a breakdown each sampled live object of a heap dump belongs to.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "heapmodel/heap_breakdown.h"
#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

inline constexpr uint32_t kNoSite = std::numeric_limits<uint32_t>::max();

// Per entry of snapshot.heap_dump->alloc_samples: the index in breakdown.sites of its site, or
// kNoSite (no stack, no span, garbage no root reaches, or no site of that line and slot size). A sample is matched by its
// leaf frame's file and line and its span's slot size, not by function name: a dump names an
// inlined function by the one it was inlined into, while its file:line is the same. A dump site
// whose line is its return address's (heap_dump.h) is the site of the same file and slot size on
// that line or up to a few lines above it (the allocating statement).
std::vector<uint32_t> SiteOfDumpSamples(const HeapBreakdown& breakdown, const HeapSnapshot& snapshot);

}  // namespace heapdoc
