// Go maps in a heap dump, recognized by the structure of their headers (HeapDump::maps): how many
// entries each holds and how much storage it keeps (a map never shrinks).
//
// The rule. A dump has no types, so a header is an object whose words fit only a map header:
//   - Go <= 1.23 hmap (runtime/map.go): a 48 B object whose pointer fields are exactly words 2, 3
//     and 5 (buckets, oldbuckets, extra); flags <= 15; B <= 40; count <= 8 x 2^B (the map grows
//     at 6.5 per bucket); nevacuate <= 2^B; buckets is the start of a live slot whose size is what
//     newarray gives 2^B buckets (plus the 2^(B-4) preallocated overflow buckets from B = 4) of
//     some bucket size 16..2064 B, a multiple of 8; oldbuckets is 0 or such an array for the
//     previous B; extra is 0 or a live 24 B mapextra. Overflow buckets of their own are the
//     objects of the bucket size that mapextra's overflow lists reach (pointer-free buckets,
//     with the graph), else hmap.noverflow beyond the array's preallocated ones.
//   - Go 1.24+ swiss Map (internal/runtime/maps/map.go): a 48 B object whose one pointer field is
//     word 2 (dirPtr); writing and tombstonePossible are 0 or 1 and the padding after them 0.
//     Small (dirLen 0): globalDepth = globalShift = 0, used <= 8, dirPtr the start of a live
//     group of 8 slots (8..2056 B). Else dirLen = 2^globalDepth, globalShift = 64 - globalDepth,
//     and (through the object graph) the directory's pointers lead to tables: 32 B objects whose
//     one pointer field is word 2 (groups.data), capacity a power of two 8..1024, used <=
//     capacity, growthLeft < capacity, lengthMask + 1 = capacity / 8, groups.data the start of a
//     live array of that many groups of one size. Their used must sum to the Map's used.
// A header is taken only when every check holds: a random 48 B object passing all of them (exact
// pointer mask, small bytes where flags and depths are, a pointer to a slot of exactly the implied
// size, counts within the slots) is very unlikely, and one that did would still need to look
// under a quarter full with a megabyte of storage to draw advice.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/readers/dump_objects.h"
#include "heapmodel/heap_dump.h"
#include "heapmodel/object_graph.h"
#include "heapmodel/size_classes.h"

namespace heapdoc::dump {

// Candidates kept while streaming, per kind (a few words each); beyond it the rest are not examined.
inline constexpr size_t kMaxMapCandidates = 1 << 20;

class MapFinder {
 public:
  // Every object record with its contents read (empty when too large) and its pointer fields.
  void Object(uint64_t address, const std::string& contents, const std::vector<uint64_t>& pointer_offsets,
              bool big_endian);

  // After the stream: fills dump.maps and dump.map_storage with the candidates whose storage is
  // what their fields say. Swiss maps with tables need the object graph (their directory's
  // pointers); without it only small ones are found. Adds a note when candidates were dropped.
  void Resolve(HeapDump& dump, const SpanIndex& spans, const SizeClassTable& table, const ObjectGraph* graph,
               std::vector<std::string>& notes);

 private:
  struct Hmap {
    uint64_t address, count, buckets, oldbuckets, nevacuate, extra;
    uint16_t noverflow;
    uint8_t flags, log2_buckets;
  };
  struct SwissMap {
    uint64_t address, used, dir_ptr, dir_len;
    uint8_t global_depth;
  };
  struct Table {
    uint64_t address, groups;
    uint16_t used, capacity;
  };
  bool Keep(size_t size) {
    if (size < kMaxMapCandidates) return true;
    dropped_ = true;
    return false;
  }

  std::vector<Hmap> hmaps_;
  std::vector<SwissMap> swiss_maps_;
  std::vector<Table> tables_;
  bool dropped_ = false;
};

}  // namespace heapdoc::dump
