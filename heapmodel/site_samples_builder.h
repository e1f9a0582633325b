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
  // One sample: its stack (leaf first; empty when it has none), slot size (0 when unknown) and
  // counts. All-zero samples carry nothing and are dropped.
  void Add(std::span<const FrameIndex> stack, uint64_t slot_size_bytes, const ObjectCounts& counts);
  // The sites, in order of their first sample.
  std::vector<SiteSamples> Finish() &&;

 private:
  std::vector<SiteSamples> sites_;
  std::vector<ObjectCounts> heaviest_;  // per site: the counts of the sample its stack came from
  std::unordered_map<SiteKey, size_t, SiteKeyHash> index_;
  // Consecutive samples often share a site (one allocation reached from many callers): they skip
  // the hash lookup.
  SiteKey last_key_;
  size_t last_site_ = SIZE_MAX;
};

}  // namespace heapdoc
