// Exact heap contents read from a debug.WriteHeapDump file: spans, their occupancy, sampled stacks.
// Filled by analyzer/readers/heap_dump_reader; how spans are rebuilt from objects is described
// there.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "heapmodel/object_graph.h"

namespace heapdoc {

// One in-use span, reconstructed from the objects the dump lists in it.
struct DumpSpan {
  uint64_t base_address = 0;
  uint64_t elem_size_bytes = 0;  // the slot size of every object in it
  uint64_t span_bytes = 0;       // pages x 8192
  uint32_t slot_count = 0;       // slots the span has
  uint32_t live_objects = 0;     // allocated slots the dump lists
  bool large = false;            // one object > 32 KiB (size class 0)
  bool has_pointers = false;     // some object in it has pointer fields (a scan span)

  uint64_t live_bytes() const { return uint64_t{live_objects} * elem_size_bytes; }
  uint64_t free_slot_bytes() const { return uint64_t{slot_count - live_objects} * elem_size_bytes; }
  // Bytes at the end that no slot covers (class tail waste, in-span bitmaps of Go 1.22+).
  uint64_t tail_bytes() const { return span_bytes - uint64_t{slot_count} * elem_size_bytes; }
};

// Spans of one slot size (a size class; each large-object size gets its own row).
struct DumpClassSummary {
  static constexpr int kOccupancyBuckets = 10;

  uint64_t elem_size_bytes = 0;
  uint64_t span_count = 0;
  uint64_t span_bytes = 0;  // summed over its spans
  uint64_t slot_count = 0;       // summed span by span: each span's own layout
  uint64_t live_objects = 0;
  uint64_t scan_span_count = 0;  // spans whose objects have pointers
  // Spans by live/slots: bucket i holds spans with i/10 <= occupancy < (i+1)/10; full spans in 9.
  std::array<uint64_t, kOccupancyBuckets> occupancy_histogram{};

  uint64_t live_bytes() const { return live_objects * elem_size_bytes; }
};

// A memory profile bucket (record tag 16): one allocation stack and slot size.
struct DumpBucket {
  uint64_t id = 0;                    // the runtime's bucket address; alloc samples refer to it
  uint64_t size_bytes = 0;            // slot size of the objects it counts
  std::vector<uint32_t> frames;       // indices into HeapSnapshot::frames, leaf first
  // The runtime writes the first frame's line at its return address (heapdump.go subtracts one
  // only from later frames): when that frame is the site (Go <= 1.25, whose stacks start at the
  // allocating function), its line may be the statement after the allocation.
  bool site_line_at_return_address = false;
  uint64_t alloc_objects = 0;         // sampled (unscaled) allocations as of the last finished GC
  uint64_t free_objects = 0;          // sampled (unscaled) frees as of the last finished GC
  uint64_t sampled_live_objects = 0;  // alloc samples (tag 17) that point at this bucket: exact now,
                                      // less those no root reaches (sampled_garbage_objects)
  uint64_t sampled_garbage_objects = 0;  // alloc samples of garbage awaiting the next collection
};

// A sampled object that is live in the dump (record tag 17), tied to its stack and its span.
struct DumpAllocSample {
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

  uint64_t address = 0;
  uint32_t bucket_index = kNone;  // into HeapDump::buckets; kNone when the id is unknown
  uint32_t span_index = kNone;    // into HeapDump::spans; kNone when no listed span holds it
  bool unreachable = false;       // no root reaches it: garbage the next collection frees (object graph)
};

// A live byte array that slice headers use only a small part of (a cache keeping buf[:n] of a
// grown read buffer, an index keeping block[a:b] of each read block): found from the
// {pointer, len, cap} words at the pointer fields of objects. Every slice into the array counts:
// at its start or inside it (pointer p at offset o = p - start, len <= cap, and o + cap bytes take
// the array's slot: a byte slice reaching the array's end); and with the object graph, only arrays
// nothing else points at (no other pointer, root, or slice that is not such a byte slice).
struct DumpRetainedArray {
  uint64_t address = 0;
  uint64_t slot_bytes = 0;       // what the array occupies
  uint64_t used_slot_bytes = 0;  // what exact copies of the parts its slices use would take (each
                                 // run of bytes they cover copied on its own, as bytes.Clone does)
  uint64_t used_bytes = 0;       // the bytes its slices cover (the union of [o, o + len))
  uint32_t slices = 0;           // slice headers pointing into it
  bool interior = false;         // some slice starts past its first byte (block[a:b])
};

// An object holding a slice header into a retained array: the line that allocated it is usually
// the line that took the slice, where the copy belongs.
struct DumpRetainedArrayHolder {
  uint64_t address = 0;           // the holder's slot start
  uint64_t slot_bytes = 0;        // the holder's slot size
  uint32_t array_index = 0;       // into HeapDump::retained_arrays
};

// A live Go map, recognized from its header's structure (analyzer/readers/dump_map_finder.h). Its
// storage never shrinks: a map swept to a few entries keeps the buckets or tables of its peak.
enum class DumpMapLayout : uint8_t {
  kBuckets,      // Go <= 1.23 hmap: 2^B buckets of 8 slots (+ preallocated and overflow buckets)
  kSwissGroup,   // Go 1.24+ small map: one group of 8 slots
  kSwissTables,  // Go 1.24+ directory of tables, each an array of groups of 8 slots
};

struct DumpMap {
  uint64_t header_address = 0;
  uint64_t storage_address = 0;  // the bucket array, the group, or the largest table's groups
  uint64_t entries = 0;          // count (hmap) / used (Map)
  uint64_t slots = 0;            // 8 x 2^B buckets / 8 x groups: where entries can go
  uint64_t storage_bytes = 0;    // slots of every storage object: buckets (old ones while growing,
                                 // overflow ones), or directory, tables and groups
  uint64_t whole_span_free_bytes = 0;  // free and tail bytes of the spans that hold nothing else
  uint32_t bucket_bytes = 0;     // one bucket (hmap) or group (swiss): 8 slots of key and value
  uint32_t tables = 0;           // swiss tables (0 for the other layouts)
  uint32_t overflow_buckets = 0; // hmap: overflow buckets in use (hmap.noverflow, approximate
                                 // from B >= 16)
  uint8_t log2_buckets = 0;      // hmap: B
  DumpMapLayout layout = DumpMapLayout::kBuckets;
  bool storage_has_pointers = false;  // keys or values hold pointers (a scan span)
};

// A storage array of a DumpMap (bucket array, old bucket array, group, groups array), for joining
// alloc samples to maps.
struct DumpMapStorage {
  uint64_t address = 0;
  uint32_t map_index = 0;  // into HeapDump::maps
};

struct HeapDump {
  std::vector<DumpSpan> spans;            // in dump order (mheap allspans order)
  std::vector<DumpClassSummary> classes;  // by elem_size_bytes ascending
  std::vector<DumpBucket> buckets;        // in dump order
  std::vector<DumpAllocSample> alloc_samples;
  std::vector<DumpRetainedArray> retained_arrays;  // by address
  std::vector<DumpRetainedArrayHolder> retained_array_holders;  // by address; one per slice header
  std::vector<DumpMap> maps;                       // Go <= 1.23 maps first, then swiss maps
  std::vector<DumpMapStorage> map_storage;         // by address
  // Every object, pointer and root (HeapDumpReadOptions::build_graph); shared, as snapshots are copied.
  std::shared_ptr<const ObjectGraph> graph;

  // From the params record (tag 6).
  std::string go_arch;  // "amd64"
  // runtime.buildVersion, e.g. "go1.19.8" (GOEXPERIMENT in old runtimes).
  std::string build_version;
  uint64_t pointer_size = 8;
  bool big_endian = false;
  uint64_t arena_start = 0;
  uint64_t arena_end = 0;
  uint64_t ncpu = 0;

  uint64_t object_count = 0;           // object records counted into spans
  // With the object graph: objects no root reaches, garbage made since the last collection that a
  // dump written between collections lists (they occupy their slots until the next sweep).
  uint64_t unreachable_objects = 0;
  uint64_t unreachable_bytes = 0;
  std::vector<std::pair<uint64_t, uint64_t>> unreachable_by_slot;  // (slot bytes, objects), ascending
  uint64_t reserved_slot_objects = 0;  // "objects" the runtime dumps from a span's reserved tail
                                       // (in-span bitmaps, Go 1.22+), not counted as live
  uint64_t goroutine_count = 0;
  uint64_t dump_bytes = 0;  // uncompressed length of the dump

  uint64_t total_span_bytes() const {
    uint64_t sum = 0;
    for (const auto& s : spans) sum += s.span_bytes;
    return sum;
  }
  uint64_t total_live_bytes() const {
    uint64_t sum = 0;
    for (const auto& s : spans) sum += s.live_bytes();
    return sum;
  }
};

}  // namespace heapdoc
