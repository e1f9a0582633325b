// Gives a heap snapshot what its companions of the same moment know: MemStats read separately
// (--memstats, or found beside a profile) and the exact spans of a heap dump (--dump).
#pragma once

#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

// Gives a snapshot MemStats read separately (--memstats), replacing any it carried.
void AttachMemStats(HeapSnapshot& snapshot, MemStats memstats);

// Gives a profile's snapshot the exact spans of a heap dump of the same moment (--dump); the
// profile keeps its sites, the dump supplies spans and, if the profile had none, MemStats.
void AttachHeapDump(HeapSnapshot& profile, HeapSnapshot dump);

}  // namespace heapdoc
