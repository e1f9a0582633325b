// Reads the legacy text heap profile (/debug/pprof/heap?debug=1) into a HeapSnapshot, scaling
// its unsampled counts as pprof does, and refuses the text heap profiles of other allocators.
#pragma once

#include <string>
#include <string_view>

#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

// True when the bytes start like a text heap profile of any allocator (Go, tcmalloc, jemalloc,
// Java heapz), so the caller routes them here rather than to the protobuf reader.
bool LooksLikeTextHeapProfile(std::string_view head);

HeapSnapshot ParseTextHeapProfile(std::string_view text, const std::string& source);

// pprof's scaleHeapSample: the expected number of objects and bytes behind a sampled record.
void ScaleHeapSample(int64_t& count, int64_t& bytes, int64_t rate);

}  // namespace heapdoc
