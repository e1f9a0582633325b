// Reads pprof protobuf heap profiles (gzipped or not) into a HeapSnapshot, validating every
// index and id, resolving inlined frames, and refusing profiles that are not Go heap profiles.
#pragma once

#include <string>
#include <string_view>

#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

struct PprofLimits {
  uint64_t max_message_bytes = 512ull << 20;  // the decoded protobuf message
};

// `bytes` is the inflated message; `gzipped` only records how it arrived.
HeapSnapshot ParsePprofHeapProfile(std::string_view bytes, const std::string& source, bool gzipped,
                                   const PprofLimits& limits = {});

}  // namespace heapdoc
