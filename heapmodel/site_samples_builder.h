// Merges profile samples into SiteSamples as a reader produces them, one sample at a time.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

class SiteSamplesBuilder {
 public:
  // `frames` is the snapshot's frame table the stacks index; it may grow between calls to Add.
  explicit SiteSamplesBuilder(const std::vector<Frame>& frames) : frames_(frames) {}

  // One sample: its stack (leaf first; empty when it has none), slot size (0 when unknown) and
  // counts. All-zero samples carry nothing and are dropped. The site is the first frame outside
  // Go's allocator (go_allocator.h): the stack kept starts there.
  void Add(std::span<const FrameIndex> stack, uint64_t slot_size_bytes, const ObjectCounts& counts);
  // The sites, in order of their first sample.
  std::vector<SiteSamples> Finish() &&;

 private:
  size_t AllocatorFrames(std::span<const FrameIndex> stack);

  const std::vector<Frame>& frames_;
  std::vector<int8_t> is_allocator_;  // per frame: -1 not yet looked at, 0 no, 1 yes
  std::vector<SiteSamples> sites_;
  std::vector<ObjectCounts> heaviest_;  // per site: the counts of the sample its stack came from
  std::unordered_map<SiteKey, size_t, SiteKeyHash> index_;
  // Consecutive samples often share a site (one allocation reached from many callers): they skip
  // the hash lookup.
  SiteKey last_key_;
  size_t last_site_ = SIZE_MAX;
};

}  // namespace heapdoc
