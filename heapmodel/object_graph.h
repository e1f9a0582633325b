// The object graph of a heap dump: every live object, the pointers between them and the roots
// (globals in data/bss, goroutine frames, finalizers, other runtime roots), in compact arrays.
// Built by ObjectGraphBuilder while the dump is streamed (analyzer/readers/dump_graph_builder.cc);
// paths and retained sets over it are in retention_paths.h.
//
// Memory: per object 8 (address) + 4 (slot size) + 4 (first edge) + 4 (address order) bytes, per
// edge 4 bytes once resolved (8 while streaming). Node ids are the dump's object order.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

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
  size_t object_count() const { return addresses_.size(); }
  size_t edge_count() const { return edges_.size(); }
  uint64_t address(ObjectId id) const { return addresses_[id]; }
  uint64_t size_bytes(ObjectId id) const { return sizes_[id]; }

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
  std::vector<uint64_t> addresses_;
  std::vector<uint32_t> sizes_;
  std::vector<uint32_t> edge_begin_;  // object_count + 1 entries
  std::vector<ObjectId> edges_;
  std::vector<ObjectId> by_address_;  // ids in address order
  std::vector<GraphRoot> roots_;
  std::vector<RootSource> root_sources_;
};

// Collects objects, pointer words and roots in dump order, then resolves pointers to objects.
// Refuses (throws Error) more than `max_edges` pointers or `max_objects` objects: the graph stays
// bounded whatever the dump claims.
class ObjectGraphBuilder {
 public:
  ObjectGraphBuilder(uint64_t max_objects, uint64_t max_edges) : max_objects_(max_objects), max_edges_(max_edges) {}

  // Starts the next object; the pointer words that follow with AddPointer are its fields.
  void AddObject(uint64_t address, uint64_t size_bytes);
  void AddPointer(uint64_t target_address);
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
  std::vector<uint64_t> raw_edges_;  // target addresses, in object order
  std::vector<std::pair<uint32_t, uint64_t>> raw_roots_;
};

}  // namespace heapdoc
