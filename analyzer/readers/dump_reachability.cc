#include "analyzer/readers/dump_reachability.h"

#include <map>

#include <fmt/format.h>

#include "heapmodel/retention_paths.h"
#include "heapmodel/units.h"

namespace heapdoc {

void MarkUnreachableObjects(HeapDump& dump, std::vector<std::string>& notes) {
  if (!dump.graph) return;
  const ObjectGraph& graph = *dump.graph;
  std::vector<bool> reached = ReachableFromRoots(graph);
  std::map<uint64_t, uint64_t> by_slot;
  for (ObjectId id = 0; id < graph.object_count(); ++id) {
    if (reached[id]) continue;
    ++dump.unreachable_objects;
    dump.unreachable_bytes += graph.size_bytes(id);
    ++by_slot[graph.size_bytes(id)];
  }
  dump.unreachable_by_slot.assign(by_slot.begin(), by_slot.end());
  for (DumpAllocSample& s : dump.alloc_samples) {
    ObjectId id = graph.Find(s.address);
    if (id == kNoObject || reached[id]) continue;
    s.unreachable = true;
    if (s.bucket_index == DumpAllocSample::kNone) continue;
    DumpBucket& b = dump.buckets[s.bucket_index];
    if (b.sampled_live_objects > 0) --b.sampled_live_objects;
    ++b.sampled_garbage_objects;
  }
  uint64_t total = dump.total_live_bytes();
  if (dump.unreachable_bytes * 100 > total)
    notes.push_back(fmt::format(
        "{} of the dump's objects ({}, {:.0f} % of its object bytes) are reachable from no root: garbage made since "
        "the last collection, which the next one frees. They fill their slots now (HeapInuse, the span rows) but "
        "count as garbage, not live, for the sites",
        FormatCount(static_cast<int64_t>(dump.unreachable_objects)), FormatBytes(static_cast<int64_t>(dump.unreachable_bytes)),
        100.0 * static_cast<double>(dump.unreachable_bytes) / static_cast<double>(total)));
}

}  // namespace heapdoc
