#include "heapmodel/dump_sample_sites.h"

#include <string>
#include <unordered_map>

#include <fmt/format.h>

namespace heapdoc {
namespace {

std::string SiteLineKey(const std::string& file, int64_t line, uint64_t slot) {
  return fmt::format("{}\x1f{}\x1f{}", file, line, slot);
}

// How far above a return address's line the allocating statement may start (a multi-line
// composite literal or call).
constexpr int64_t kReturnAddressLines = 4;

}  // namespace

std::vector<uint32_t> SiteOfDumpSamples(const HeapBreakdown& breakdown, const HeapSnapshot& snapshot) {
  std::vector<uint32_t> out;
  if (!snapshot.heap_dump) return out;
  const HeapDump& dump = *snapshot.heap_dump;
  out.assign(dump.alloc_samples.size(), kNoSite);
  std::unordered_map<std::string, uint32_t> site_of;
  for (size_t i = 0; i < breakdown.sites.size(); ++i) {
    const SiteRow& s = breakdown.sites[i];
    site_of.emplace(SiteLineKey(s.file, s.line, s.slot_bytes), static_cast<uint32_t>(i));
  }
  for (size_t i = 0; i < dump.alloc_samples.size(); ++i) {
    const DumpAllocSample& a = dump.alloc_samples[i];
    if (a.span_index == DumpAllocSample::kNone || a.bucket_index == DumpAllocSample::kNone || a.unreachable) continue;
    const DumpBucket& b = dump.buckets[a.bucket_index];
    if (b.frames.empty()) continue;
    const Frame& leaf = snapshot.frames[b.frames.front()];
    uint64_t slot = dump.spans[a.span_index].elem_size_bytes;
    for (int64_t back = 0; back <= (b.site_line_at_return_address ? kReturnAddressLines : 0); ++back)
      if (auto it = site_of.find(SiteLineKey(leaf.file, leaf.line - back, slot)); it != site_of.end()) {
        out[i] = it->second;
        break;
      }
  }
  return out;
}

}  // namespace heapdoc
