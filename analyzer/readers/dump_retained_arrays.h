// Retained capacity in a heap dump: the slice headers read from objects while the dump streams,
// resolved at its end to the byte arrays that only small slices keep alive (DumpRetainedArray).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/readers/dump_objects.h"
#include "heapmodel/heap_dump.h"
#include "heapmodel/object_graph.h"
#include "heapmodel/size_classes.h"

namespace heapdoc::dump {

// A slice header {pointer, len, cap} at a pointer field of the object at `holder`.
struct SliceHeaderCandidate {
  uint64_t pointer = 0, len = 0, cap = 0, holder = 0;
};

// Keeps the {pointer, len, cap} words at each pointer field of an object (64-bit dumps) that could
// be a slice (len <= cap), whatever its length: a long slice at an array shows the array is in
// use, a short one near its end (cap < 512) that a bit of it is. At most `max_candidates`, of which
// half for the short ones; dropped() says when more were left out.
class SliceHeaderCollector {
 public:
  explicit SliceHeaderCollector(size_t max_candidates) : max_candidates_(max_candidates) {}
  void Object(uint64_t holder_address, const std::string& contents, const std::vector<uint64_t>& pointer_offsets,
              bool big_endian);
  bool dropped() const { return dropped_; }
  std::vector<SliceHeaderCandidate> Take() && { return std::move(candidates_); }

 private:
  size_t max_candidates_;
  std::vector<SliceHeaderCandidate> candidates_;
  bool dropped_ = false;
};

// Groups the headers by the pointer-free slot they point into (at its start or inside it) and
// keeps the slots they are all byte slices of (len <= cap, and the array they were cut from,
// offset + cap bytes, takes that slot) and cover at most half of:
// sets dump.retained_arrays and dump.retained_array_holders. With the graph, a slot anything else
// points at (another pointer field, a root, a header not read) is in use and left out.
void ResolveRetainedArrays(HeapDump& dump, const SpanIndex& spans, const SizeClassTable& table,
                           const ObjectGraph* graph, std::vector<SliceHeaderCandidate> candidates);

}  // namespace heapdoc::dump
