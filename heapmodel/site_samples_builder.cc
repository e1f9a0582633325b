#include "heapmodel/site_samples_builder.h"

#include <utility>

#include "heapmodel/go_allocator.h"

namespace heapdoc {

size_t SiteSamplesBuilder::AllocatorFrames(std::span<const FrameIndex> stack) {
  // Most stacks start at the user's line (pprof drops mallocgc's frames); a cached flag per frame
  // keeps the check to one byte per sample there.
  size_t n = 0;
  while (n + 1 < stack.size() && stack[n] < frames_.size()) {
    FrameIndex f = stack[n];
    if (f >= is_allocator_.size()) is_allocator_.resize(frames_.size(), -1);
    if (is_allocator_[f] < 0) is_allocator_[f] = IsGoAllocatorFunction(frames_[f].function) ? 1 : 0;
    if (!is_allocator_[f]) break;
    ++n;
  }
  return n;
}

void SiteSamplesBuilder::Add(std::span<const FrameIndex> stack, uint64_t slot_size_bytes,
                             const ObjectCounts& counts) {
  if (counts == ObjectCounts{}) return;
  stack = stack.subspan(AllocatorFrames(stack));
  SiteKey key{stack.empty() ? kNoFrame : stack.front(), slot_size_bytes};
  if (last_site_ == SIZE_MAX || !(key == last_key_)) {
    auto [it, fresh] = index_.try_emplace(key, sites_.size());
    if (fresh) {
      SiteSamples& site = sites_.emplace_back();
      site.leaf = key.leaf;
      site.slot_size_bytes = key.slot_size_bytes;
      heaviest_.emplace_back();
    }
    last_key_ = key;
    last_site_ = it->second;
  }
  SiteSamples& site = sites_[last_site_];
  // The first sample, or one heavier than every earlier one, gives the site its caller path.
  // (Compared per sample, before adding: the heaviest single sample, not the running sum.)
  if (site.records == 0 || HeavierByLiveThenAllocBytes(counts, heaviest_[last_site_])) {
    site.heaviest_stack.assign(stack.begin(), stack.end());
    heaviest_[last_site_] = counts;
  }
  site.counts += counts;
  ++site.records;
}

std::vector<SiteSamples> SiteSamplesBuilder::Finish() && { return std::move(sites_); }

}  // namespace heapdoc
