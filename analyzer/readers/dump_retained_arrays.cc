#include "analyzer/readers/dump_retained_arrays.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace heapdoc::dump {

void SliceHeaderCollector::Object(uint64_t holder_address, const std::string& contents,
                                  const std::vector<uint64_t>& pointer_offsets, bool big_endian) {
  for (uint64_t k : pointer_offsets) {
    if (k + 24 > contents.size()) continue;
    uint64_t p = LoadWord(contents, k, big_endian), len = LoadWord(contents, k + 8, big_endian),
             cap = LoadWord(contents, k + 16, big_endian);
    if (p == 0 || cap == 0 || cap > (1ull << 40) || len > cap) continue;
    // Short slices (strings' bytes, small buffers) are most of a heap's; they matter only when they
    // point into a big array (block[a:b] near its end), so they may fill only half the room.
    bool sizeable = cap >= 512;
    if (candidates_.size() >= (sizeable ? max_candidates_ : max_candidates_ / 2)) {
      dropped_ = true;
      if (sizeable) return;
      continue;
    }
    candidates_.push_back({p, len, cap, holder_address});
  }
}

namespace {

// The headers pointing into one slot: candidates [begin, end).
struct SlotGroup {
  uint64_t slot_start = 0, slot_bytes = 0;
  size_t begin = 0, end = 0;
};

// Objects in `groups`' slots that something other than their headers points at: every pointer
// field and root of the graph that targets them, against the headers found.
std::vector<bool> ReferencedElsewhere(const ObjectGraph& graph, const std::vector<SlotGroup>& groups) {
  std::vector<bool> elsewhere(groups.size(), false);
  std::unordered_map<ObjectId, size_t> group_of;
  for (size_t g = 0; g < groups.size(); ++g) {
    ObjectId id = graph.Find(groups[g].slot_start);
    if (id == kNoObject || graph.address(id) != groups[g].slot_start) elsewhere[g] = true;  // not a live object
    else group_of.emplace(id, g);
  }
  if (group_of.empty()) return elsewhere;
  std::vector<uint64_t> incoming(groups.size(), 0);
  std::vector<bool> is_array(graph.object_count(), false);  // one bit an object: the edge loop stays cheap
  for (const auto& [id, g] : group_of) is_array[id] = true;
  for (ObjectId id = 0; id < graph.object_count(); ++id)
    for (const ObjectId* e = graph.edges_begin(id); e != graph.edges_end(id); ++e)
      if (*e < is_array.size() && is_array[*e]) ++incoming[group_of.at(*e)];
  for (const GraphRoot& r : graph.roots())
    if (auto it = group_of.find(r.target); it != group_of.end()) elsewhere[it->second] = true;
  for (size_t g = 0; g < groups.size(); ++g)
    if (incoming[g] > groups[g].end - groups[g].begin) elsewhere[g] = true;
  return elsewhere;
}

}  // namespace

void ResolveRetainedArrays(HeapDump& dump, const SpanIndex& spans, const SizeClassTable& table,
                           const ObjectGraph* graph, std::vector<SliceHeaderCandidate> candidates) {
  std::sort(candidates.begin(), candidates.end(), [](const SliceHeaderCandidate& a, const SliceHeaderCandidate& b) {
    return a.pointer != b.pointer ? a.pointer < b.pointer : a.len > b.len;
  });
  // Sorted by pointer, the headers into one slot are adjacent.
  std::vector<SlotGroup> groups;
  for (size_t i = 0; i < candidates.size(); ++i) {
    uint64_t p = candidates[i].pointer;
    uint32_t holding = spans.Holding(p);
    if (holding == DumpAllocSample::kNone) continue;
    const DumpSpan& span = dump.spans[holding];
    uint64_t slot = (p - span.base_address) / span.elem_size_bytes;
    if (span.has_pointers || slot >= span.slot_count) continue;
    uint64_t slot_start = span.base_address + slot * span.elem_size_bytes;
    if (!groups.empty() && groups.back().slot_start == slot_start && groups.back().end == i) {
      groups.back().end = i + 1;
    } else {
      groups.push_back({slot_start, span.elem_size_bytes, i, i + 1});
    }
  }
  std::vector<bool> elsewhere = graph ? ReferencedElsewhere(*graph, groups) : std::vector<bool>(groups.size(), false);

  std::vector<DumpRetainedArray>& arrays = dump.retained_arrays;
  std::vector<DumpRetainedArrayHolder>& holders = dump.retained_array_holders;
  arrays.clear();
  holders.clear();
  for (size_t g = 0; g < groups.size(); ++g) {
    const SlotGroup& group = groups[g];
    if (elsewhere[g]) continue;
    bool all_slices = true, interior = false;
    for (size_t i = group.begin; i < group.end; ++i) {
      const SliceHeaderCandidate& c = candidates[i];
      uint64_t offset = c.pointer - group.slot_start;
      // A slice of a byte array made with make([]byte, n) ends where the array does: n = offset +
      // cap takes this slot. (Slices of other element types count len and cap in elements; a
      // three-index slice hides where the array ends: both are uses heapdoc cannot measure.)
      all_slices = all_slices && offset + c.cap <= group.slot_bytes &&
                   SlotBytesForObject(table, offset + c.cap, false) == group.slot_bytes;
      interior = interior || offset > 0;
    }
    if (!all_slices) continue;  // something uses the array in a way its headers do not tell
    // The runs of bytes the slices cover (by offset: they are sorted by pointer); the fix copies
    // each run on its own (bytes.Clone), so each takes its own slot.
    uint64_t used = 0, copies = 0, run_begin = 0, run_end = 0;
    auto close_run = [&] {
      if (run_end == run_begin) return;
      used += run_end - run_begin;
      copies += SlotBytesForObject(table, run_end - run_begin, false);
    };
    for (size_t i = group.begin; i < group.end; ++i) {
      uint64_t begin = candidates[i].pointer - group.slot_start, end = begin + candidates[i].len;
      if (i > group.begin && begin < run_end) {
        run_end = std::max(run_end, end);
        continue;
      }
      close_run();
      run_begin = begin;
      run_end = end;
    }
    close_run();
    if (2 * used > group.slot_bytes || copies >= group.slot_bytes) continue;
    auto index = static_cast<uint32_t>(arrays.size());
    arrays.push_back({group.slot_start, group.slot_bytes, copies, used, static_cast<uint32_t>(group.end - group.begin),
                      interior});
    for (size_t i = group.begin; i < group.end; ++i) {
      DumpRetainedArrayHolder h{candidates[i].holder, 0, index};
      if (uint32_t s = spans.Holding(h.address); s != DumpAllocSample::kNone) {
        const DumpSpan& span = dump.spans[s];
        h.address = span.base_address + (h.address - span.base_address) / span.elem_size_bytes * span.elem_size_bytes;
        h.slot_bytes = span.elem_size_bytes;
      }
      holders.push_back(h);
    }
  }
  std::sort(holders.begin(), holders.end(), [](const DumpRetainedArrayHolder& a, const DumpRetainedArrayHolder& b) {
    return a.address != b.address ? a.address < b.address : a.array_index < b.array_index;
  });
}

}  // namespace heapdoc::dump
