// Reads the legacy text heap profile (/debug/pprof/heap?debug=1) into a HeapSnapshot, scaling
// its unsampled counts as pprof does, and refuses the text heap profiles of other allocators.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/readers/byte_stream.h"
#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

// True when the bytes start like a text heap profile of any allocator (Go, tcmalloc, jemalloc,
// Java heapz), so the caller routes them here rather than to the protobuf reader.
bool LooksLikeTextHeapProfile(std::string_view head);

// Streams a ?debug=1 profile from `stream`, after `prefix` (bytes already read from it): memory
// follows the records, not the input's size. Its "# runtime.MemStats" block becomes `memstats`.
HeapSnapshot ReadTextHeapProfile(ByteStream& stream, std::string_view prefix, const std::string& source);

// The same for a whole text in memory.
HeapSnapshot ParseTextHeapProfile(std::string_view text, const std::string& source);

// pprof's scaleHeapSample: the expected number of objects and bytes behind a sampled record.
void ScaleHeapSample(int64_t& count, int64_t& bytes, int64_t rate);

}  // namespace heapdoc
