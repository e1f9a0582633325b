#include "analyzer/readers/snapshot_companions.h"

#include <fmt/format.h>

namespace heapdoc {

void AttachMemStats(HeapSnapshot& snapshot, MemStats memstats) {
  if (snapshot.memstats)
    // Name where the replaced ones came from: the profile itself, or a heap dump attached to it.
    snapshot.notes.push_back(fmt::format("MemStats from {} replace those from {}", memstats.origin, snapshot.memstats->origin));
  snapshot.memstats = std::move(memstats);
}

void AttachHeapDump(HeapSnapshot& profile, HeapSnapshot dump) {
  // The dump's stacks index its own frame table: re-point them into the profile's.
  std::vector<FrameIndex> remap(dump.frames.size());
  for (size_t i = 0; i < dump.frames.size(); ++i) {
    remap[i] = static_cast<FrameIndex>(profile.frames.size());
    profile.frames.push_back(std::move(dump.frames[i]));
  }
  if (dump.heap_dump)
    for (DumpBucket& b : dump.heap_dump->buckets)
      for (auto& f : b.frames) f = remap[f];
  profile.heap_dump = std::move(dump.heap_dump);
  if (!profile.memstats) profile.memstats = std::move(dump.memstats);
  profile.notes.push_back(fmt::format("spans are exact, from the heap dump {}; sites come from the profile", dump.source));
}

}  // namespace heapdoc
