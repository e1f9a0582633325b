// Garbage in a heap dump: debug.WriteHeapDump sweeps what the last collection found dead, but what
// died since is still listed as objects. The object graph tells them apart: no root reaches them.
#pragma once

#include <string>
#include <vector>

#include "heapmodel/heap_dump.h"

namespace heapdoc {

// Counts the objects no root reaches (HeapDump::unreachable_*), marks the alloc samples among them
// and takes them out of their buckets' live counts. Needs dump.graph; adds a note when the
// garbage is worth saying (over 1 % of the dump's object bytes).
void MarkUnreachableObjects(HeapDump& dump, std::vector<std::string>& notes);

}  // namespace heapdoc
