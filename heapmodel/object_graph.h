// The object graph of a heap dump: every live object, the pointers between them and the roots
// (globals in data/bss, goroutine frames, finalizers, other runtime roots), in compact arrays.
// Built by ObjectGraphBuilder while the dump is streamed (analyzer/readers/dump_graph_builder.cc);
// paths and retained sets over it are in retention_paths.h.
//
// Memory: per object 2 bytes (its slot in its span) + 4 (first edge); per edge 4 bytes (8 while
// streaming when the heap arena is over 32 GiB or unknown). Addresses and sizes are not stored per object: objects come span
// by span, so each span is a run of ids with one base address and one slot size, and an object's
// address is base + slot x size. Node ids are the dump's object order.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "heapmodel/compact_array.h"

namespace heapdoc {

using ObjectId = uint32_t;
inline constexpr ObjectId kNoObject = std::numeric_limits<ObjectId>::max();

enum class RootKind : uint8_t { kData, kBss, kStackFrame, kFinalizer, kOther };
const char* RootKindName(RootKind kind);  // "global (data)", "global (bss)", "goroutine frame", ...

// Where a root is: a global's word address, or the frame's function / the root's description.
struct RootSource {
  RootKind kind = RootKind::kOther;
  uint64_t address = 0;  // data/bss: the address of the pointer word; else 0
  uint64_t segment_offset = 0;  // data/bss: offset of the word in its segment
  std::string name;      // frame: the function; other: the runtime's description; globals: ""
};

struct GraphRoot {
  uint32_t source = 0;  // index into ObjectGraph::root_sources
  ObjectId target = kNoObject;
};

class ObjectGraph {
 public:
  size_t object_count() const { return slots_.size(); }
  size_t edge_count() const { return edges_.size(); }
  uint64_t address(ObjectId id) const {
    const Run& r = RunOf(id);
    return r.base_address + uint64_t{slots_[id]} * r.slot_bytes;
  }
  uint64_t size_bytes(ObjectId id) const { return RunOf(id).slot_bytes; }

  // Objects `id` points at (each once per pointer field).
  const ObjectId* edges_begin(ObjectId id) const { return edges_.data() + edge_begin_[id]; }
  const ObjectId* edges_end(ObjectId id) const { return edges_.data() + edge_begin_[id + 1]; }

  // The object whose slot holds `address` (interior pointers included), or kNoObject.
  ObjectId Find(uint64_t address) const;
  // Objects starting in [begin, end), in address order.
  std::vector<ObjectId> ObjectsIn(uint64_t begin, uint64_t end) const;

  const std::vector<GraphRoot>& roots() const { return roots_; }
  const std::vector<RootSource>& root_sources() const { return root_sources_; }

  uint64_t dropped_edges = 0;       // pointer fields beyond the per-object scan limit
  uint64_t unscanned_objects = 0;   // objects too large to read (their pointers are unknown)

 private:
  friend class ObjectGraphBuilder;
  // Objects [first, next run's first) of one span: slots_ ascending, each slot_bytes long.
  struct Run {
    uint64_t base_address = 0;
    uint64_t slot_bytes = 0;
    ObjectId first = 0;
  };
  const Run& RunOf(ObjectId id) const;
  ObjectId RunEnd(size_t run) const {
    return run + 1 < runs_.size() ? runs_[run + 1].first : static_cast<ObjectId>(slots_.size());
  }

  std::vector<Run> runs_;                // in id order
  std::vector<uint32_t> runs_by_address_;  // indices into runs_, by base_address
  CompactArray<uint16_t> slots_;         // the object's slot index in its run
  CompactArray<uint32_t> edge_begin_;    // object_count + 1 entries
  CompactArray<ObjectId> edges_;
  std::vector<GraphRoot> roots_;
  std::vector<RootSource> root_sources_;
};

// Collects objects, pointer words and roots in dump order, then resolves pointers to objects.
// Refuses (throws Error) more than `max_edges` pointers or `max_objects` objects: the graph stays
// bounded whatever the dump claims.
class ObjectGraphBuilder {
 public:
  ObjectGraphBuilder(uint64_t max_objects, uint64_t max_edges) : max_objects_(max_objects), max_edges_(max_edges) {}

  // Starts a span: the objects that follow lie in it, slots of `slot_bytes` from `base_address`.
  void StartSpan(uint64_t base_address, uint64_t slot_bytes);
  // Starts the next object; the pointer words that follow with AddPointer are its fields. An object
  // that is not on a later slot of the current span starts a span of its own.
  void AddObject(uint64_t address, uint64_t size_bytes);
  // Forgets the last `n` objects and their pointers (what the dump lists in a span's reserved tail).
  void DropLastObjects(uint64_t n);
  void AddPointer(uint64_t target_address);
  // The heap arena [begin, end) from the dump's params, before any pointer: when it spans at most
  // 32 GiB, pointers are kept as 32-bit offsets in 8-byte units (Go objects are 8-byte aligned
  // and sized, so the rounded address lies in the same object) and pointers outside it, which
  // no object holds, are dropped at once.
  void SetHeapArena(uint64_t begin, uint64_t end);
  // A root pointer word of `source` (added with AddRootSource) holding `target_address`.
  uint32_t AddRootSource(RootSource source);
  void AddRoot(uint32_t source, uint64_t target_address);
  void CountDroppedEdges(uint64_t n) { graph_.dropped_edges += n; }
  void CountUnscannedObject() { ++graph_.unscanned_objects; }

  // Resolves every pointer to the object holding it; pointers outside live objects are dropped.
  ObjectGraph Finish() &&;

 private:
  uint64_t max_objects_, max_edges_;
  ObjectGraph graph_;
  // Target addresses in object order, resolved in place into graph_.edges_: two 32-bit halves
  // each, or one arena offset each once SetHeapArena allowed it.
  CompactArray<uint32_t> raw_edges_;
  size_t words_per_edge_ = 2;
  uint64_t arena_begin_ = 0, arena_end_ = 0;
  std::vector<std::pair<uint32_t, uint64_t>> raw_roots_;
};

}  // namespace heapdoc
