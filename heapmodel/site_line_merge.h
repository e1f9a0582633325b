// One row per allocating line: readers keep a site per (line, slot size) because the model works
// per size class, but one `append` or `make` line allocates many sizes, and a reader wants the
// line once, with its sizes inside.
#pragma once

#include "heapmodel/heap_breakdown.h"

namespace heapdoc {

// Merges the rows of one function, file and line: counts and costs add up, the row takes the slot
// size and class of its costliest part, and `slot_sizes` lists every size, costliest first. The
// rows stay ordered by cost.
void MergeSitesByLine(HeapBreakdown& breakdown);

}  // namespace heapdoc
