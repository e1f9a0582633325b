#include "analyzer/advice/map_rebuild_advice.h"

#include <fmt/format.h>

#include "heapmodel/go_map.h"
#include "heapmodel/units.h"

namespace heapdoc {
namespace {

std::string Bytes(uint64_t n) { return FormatBytes(static_cast<int64_t>(n)); }
std::string Count(uint64_t n) { return FormatCount(static_cast<int64_t>(n)); }

// How the storage is laid out, for the evidence.
std::string StorageShape(const DumpMap& m) {
  switch (m.layout) {
    case DumpMapLayout::kBuckets:
      return fmt::format("2^{} buckets of {} B{}", m.log2_buckets, m.bucket_bytes,
                         m.overflow_buckets ? fmt::format(", {} overflow buckets", Count(m.overflow_buckets)) : "");
    case DumpMapLayout::kSwissGroup: return fmt::format("one group of {} B", m.bucket_bytes);
    case DumpMapLayout::kSwissTables:
      return fmt::format("{} swiss tables of groups of {} B", Count(m.tables), m.bucket_bytes);
  }
  return "";
}

}  // namespace

void AddMapRebuildAdvice(const AdvisorInput& in, std::vector<Advice>& out) {
  if (!in.heap_dump) return;
  uint64_t heap = HeapBytes(in);
  for (const SiteRow& s : in.breakdown.sites) {
    uint64_t entries = 0, slots = 0, storage = 0, whole_spans = 0, saving = 0, rebuilt = 0;
    std::vector<const DumpMap*> maps;
    for (uint32_t i : s.dump_maps) {
      if (i >= in.heap_dump->maps.size()) continue;
      const DumpMap& m = in.heap_dump->maps[i];
      if (!MapMostlyEmpty(m)) continue;
      maps.push_back(&m);
      entries += m.entries;
      slots += m.slots;
      storage += m.storage_bytes;
      whole_spans += m.whole_span_free_bytes;
      rebuilt += RebuiltMapStorageBytes(m, m.entries, in.table);
      saving += MapRebuildSavingBytes(m, in.table);
    }
    if (maps.empty() || (saving < (1u << 20) && saving < heap / 50)) continue;
    Advice a;
    a.kind = AdviceKind::kMapRebuild;
    a.function = s.function;
    a.file = s.file;
    a.line = s.line;
    a.saving_bytes = saving;
    a.confidence = Confidence::kHigh;  // read from the map headers, not estimated
    double full = 100.0 * static_cast<double>(entries) / static_cast<double>(slots);
    std::string which = maps.size() == 1 ? "the map whose storage was allocated here"
                                         : fmt::format("the {} maps whose storage was allocated here", maps.size());
    a.message = fmt::format(
        "{} holds {} entries in storage for {} slots ({:.1f} % full): a Go map never shrinks, so it keeps the "
        "storage of its peak. After a sweep that leaves under 1/4 of the peak, rebuild it (a new map sized to what "
        "is left, copy, drop the old one); that gives back about {}.",
        which, Count(entries), Count(slots), full, Bytes(saving));
    for (const DumpMap* m : maps)
      a.evidence.push_back(fmt::format("map at {:#x}: {} entries, {} ({} of storage)", m->header_address,
                                       Count(m->entries), StorageShape(*m), Bytes(m->storage_bytes)));
    if (a.evidence.size() > 3) {
      a.evidence.resize(3);
      a.evidence.push_back(fmt::format("... and {} more maps", maps.size() - 3));
    }
    a.evidence.push_back(fmt::format("maps made for their entries would take {} instead of {}", Bytes(rebuilt),
                                     Bytes(storage)));
    if (whole_spans)
      a.evidence.push_back(fmt::format("{} more: free slots of spans that hold nothing but this storage", Bytes(whole_spans)));
    out.push_back(std::move(a));
  }
}

}  // namespace heapdoc
