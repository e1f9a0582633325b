// Exact heap contents read from a debug.WriteHeapDump file: spans, their occupancy, sampled stacks.
#pragma once

#include <cstdint>
#include <vector>

namespace heapdoc {

// One in-use span, reconstructed from the objects the dump lists in it.
struct DumpSpan {
  uint64_t base_address = 0;
  uint64_t elem_size_bytes = 0;  // the slot size of every object in it
  uint64_t span_bytes = 0;       // pages x 8192
  uint32_t slot_count = 0;       // slots the span has
  uint32_t live_objects = 0;     // allocated slots the dump lists
};

struct HeapDump {
  std::vector<DumpSpan> spans;
};

}  // namespace heapdoc
