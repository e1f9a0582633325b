// Why objects of a heap dump are alive: the shortest path from a root to each object, paths
// grouped by the root that holds them, and the set of objects a group of objects keeps alive alone.
//
// Retained set (for the lifetime advice): given the objects S of one allocation site (its sampled
// live objects in a dump: SampledObjectsOf), the objects kept alive only through S are those
// reachable from S and not reachable from any root on a path avoiding S (S itself included).
// This is exactly "dominated by the set S" (the set's node in the dominator tree of the graph with
// S merged into one node), computed directly by two breadth-first walks, O(objects + edges) per
// site, 1 byte per object of scratch: cheaper than a dominator tree when few sites are asked.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "heapmodel/heap_dump.h"
#include "heapmodel/object_graph.h"

namespace heapdoc {

// Breadth-first from every root at once (globals first, so a global wins ties): for each object,
// the previous object on one shortest path, or the root that points at it.
class ShortestRootPaths {
 public:
  explicit ShortestRootPaths(const ObjectGraph& graph);
  bool reachable(ObjectId id) const { return parent_[id] != kNoObject; }
  // The previous object on its shortest path; `id` itself when a root points at it; kNoObject when
  // unreachable.
  ObjectId parent(ObjectId id) const { return parent_[id]; }
  // Objects from the root's target to `id` (both included); *root gets the root's index in
  // graph.roots(). Empty when `id` is unreachable.
  std::vector<ObjectId> PathTo(ObjectId id, uint32_t* root) const;
  // Every reachable object held as one of `examples` is: the same slot size, a parent of the same
  // slot size on its shortest path (or the root itself) and the same root source. From a few
  // sampled objects of a site, the whole population they belong to (the sessions of a global
  // cache map, not the map itself or the other globals' objects of that size).
  // With `compare_parents` false, the parent's slot size is not compared (a map's values sit in
  // storage arrays of several sizes).
  std::vector<ObjectId> ObjectsHeldLike(const ObjectGraph& graph, const std::vector<ObjectId>& examples,
                                        bool compare_parents = true) const;

 private:
  std::vector<ObjectId> parent_;  // parent_[id] == id: a root points at id
  std::unordered_map<ObjectId, uint32_t> root_of_;
};

// Objects that share the root holding them.
struct RetentionPathGroup {
  uint32_t root_source = 0;        // index into ObjectGraph::root_sources()
  std::vector<ObjectId> path;      // one member's path: the root's target first, the member last
  uint64_t objects = 0;            // members held through this root
  uint64_t bytes = 0;              // their slot bytes
};

// Groups `targets` by the root of their shortest path; most objects first. Unreachable targets
// are left out.
std::vector<RetentionPathGroup> GroupRetentionPaths(const ObjectGraph& graph, const ShortestRootPaths& paths,
                                                    const std::vector<ObjectId>& targets);

// The graph's objects that are sampled live objects of the given buckets (indices into
// dump.buckets).
std::vector<ObjectId> SampledObjectsOf(const HeapDump& dump, const std::vector<uint32_t>& bucket_indices);

// Live objects of slot size `slot_bytes` in the emptiest spans of that size (fewest live objects
// first, at least one), up to `max_objects`: the survivors that pin those spans, sampled or not.
std::vector<ObjectId> ObjectsInEmptiestSpans(const HeapDump& dump, uint64_t slot_bytes, size_t max_objects);

struct RetainedBySlotSize {
  uint64_t slot_bytes = 0;  // the object's slot: a size class, or a large object's span bytes
  uint64_t objects = 0;
  uint64_t bytes = 0;
};
struct RetainedInSpan {
  uint32_t span_index = 0;  // into HeapDump::spans
  uint32_t objects = 0;     // retained objects in it
};
struct RetainedSet {
  uint64_t objects = 0;  // S and everything only S keeps alive
  uint64_t bytes = 0;
  std::vector<RetainedBySlotSize> by_slot_size;  // ascending slot_bytes
  std::vector<RetainedInSpan> by_span;           // ascending span_index
};

// Per object of the graph: whether some root reaches it. What none reaches is garbage made since
// the last collection, which a dump written between collections still lists.
std::vector<bool> ReachableFromRoots(const ObjectGraph& graph);

// Per object of the graph: whether `site_objects` keep it alive alone (see above; S included).
std::vector<bool> RetainedMembership(const ObjectGraph& graph, const std::vector<ObjectId>& site_objects);

// What `site_objects` keep alive alone (see above), per slot size and per span of `dump`.
RetainedSet ComputeRetainedSet(const ObjectGraph& graph, const HeapDump& dump, const std::vector<ObjectId>& site_objects);
// The same for a membership RetainedMembership computed.
RetainedSet SummarizeRetained(const ObjectGraph& graph, const HeapDump& dump, const std::vector<bool>& retained);

// What the heap would give back if the retained objects lived packed together instead: the bytes
// of every span they alone keep in use, minus the spans their dense copies need (per slot size).
uint64_t PackingSaving(const HeapDump& dump, const RetainedSet& retained);

}  // namespace heapdoc
