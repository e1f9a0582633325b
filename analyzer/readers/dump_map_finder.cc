// Map headers recognized from object contents; the rule is in dump_map_finder.h.
#include "analyzer/readers/dump_map_finder.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace heapdoc::dump {
namespace {

constexpr uint64_t kHeaderBytes = 48;      // hmap and swiss Map alike (64-bit)
constexpr uint64_t kTableBytes = 32;       // swiss table
constexpr uint64_t kMapExtraBytes = 24;    // hmap's mapextra: three pointers
constexpr uint64_t kSlotsPerBucket = 8;    // bucketCnt, and abi.MapGroupSlots
constexpr uint64_t kMaxLog2Buckets = 40;
constexpr uint64_t kMaxTableCapacity = 1024;  // internal/runtime/maps maxTableCapacity
constexpr uint64_t kMaxDirectoryLength = 1ull << 30;
// Keys and values over 128 B are stored as pointers: a bucket is at most 8 + 8 x (128 + 128) + 8
// (its overflow pointer), a group 8 + 8 x 256 (its control word).
constexpr uint64_t kMinBucketBytes = 16, kMaxBucketBytes = 2064;
constexpr uint64_t kMinGroupBytes = 8, kMaxGroupBytes = 2056;
constexpr uint64_t kBucketOverheadBytes = 16, kGroupOverheadBytes = 8;  // tophash + overflow pointer; control word

bool PointersAre(const std::vector<uint64_t>& offsets, std::initializer_list<uint64_t> expected) {
  return offsets.size() == expected.size() && std::equal(offsets.begin(), offsets.end(), expected.begin());
}

uint8_t Byte(const std::string& bytes, size_t offset) { return static_cast<uint8_t>(bytes[offset]); }

uint16_t Half(const std::string& bytes, size_t offset, bool big_endian) {
  uint16_t a = Byte(bytes, offset), b = Byte(bytes, offset + 1);
  return static_cast<uint16_t>(big_endian ? (a << 8 | b) : (b << 8 | a));
}

// Bucket (group) sizes, multiples of 8 in [min, max], consistent with arrays of them: each array
// of n such elements takes exactly its slot bytes (size class or pages, malloc header included).
class ElementSizes {
 public:
  ElementSizes(uint64_t min, uint64_t max, uint64_t overhead) : min_(min), overhead_(overhead), fits_((max - min) / 8 + 1, true) {}
  void Array(const SizeClassTable& table, uint64_t slot, uint64_t n, bool has_pointers) {
    for (size_t i = 0; i < fits_.size(); ++i) {
      uint64_t bytes = (min_ + 8 * i) * n;  // no class more than doubles the one below it (+ malloc header)
      fits_[i] = fits_[i] && n > 0 && bytes <= slot && bytes * 2 + 16 >= slot &&
                 SlotBytesForObject(table, bytes, has_pointers) == slot;
    }
  }
  // Several sizes can fit when the arrays are small: the size whose key and value part is a
  // whole number of 8-byte words x 8 slots (keys and values of 8-byte alignment, the common
  // case) is preferred, then the smallest.
  std::optional<uint64_t> Best() const {
    std::optional<uint64_t> smallest;
    for (size_t i = 0; i < fits_.size(); ++i) {
      if (!fits_[i]) continue;
      uint64_t e = min_ + 8 * i;
      if ((e - overhead_) % 64 == 0) return e;
      if (!smallest) smallest = e;
    }
    return smallest;
  }

 private:
  uint64_t min_, overhead_;
  std::vector<bool> fits_;
};

// Buckets newarray gives a map of 2^B buckets (makeBucketArray): from B = 4, 2^(B-4) more for
// overflow, rounded up to fill the size class.
uint64_t AllocatedBuckets(uint64_t log2_buckets) {
  uint64_t n = 1ull << log2_buckets;
  return log2_buckets >= 4 ? n + (n >> 4) : n;
}

// The live object a map field points at: its span and slot start. The pointer is the slot's
// start, or 8 bytes into it when the object has a malloc header (Go 1.22+: pointerful, over 512
// B, small); with the graph, a listed object must start there.
struct LiveObject {
  uint32_t span = DumpAllocSample::kNone;
  uint64_t slot = 0;
  bool found() const { return span != DumpAllocSample::kNone; }
};

LiveObject FindLive(const HeapDump& dump, const SpanIndex& spans, const ObjectGraph* graph, const SizeClassTable& table,
                    uint64_t address) {
  uint32_t i = spans.Holding(address);
  if (i == DumpAllocSample::kNone) return {};
  const DumpSpan& span = dump.spans[i];
  uint64_t offset = address - span.base_address, into = offset % span.elem_size_bytes;
  bool header = table.features().malloc_header && span.has_pointers && !span.large && span.elem_size_bytes > 512;
  if ((into != 0 && !(header && into == 8)) || offset / span.elem_size_bytes >= span.slot_count) return {};
  uint64_t slot = address - into;
  if (graph) {
    ObjectId id = graph->Find(slot);
    if (id == kNoObject || graph->address(id) != slot) return {};
  }
  return {i, slot};
}

// Overflow buckets allocated as objects of their own (the array's preallocated ones lie inside
// it). Pointer-free buckets are listed for the GC in mapextra.overflow and .oldoverflow, each a
// *[]*bmap: a 24 B slice header whose array points at them; the graph follows that path.
std::vector<ObjectId> OwnOverflowBuckets(const ObjectGraph& graph, uint64_t extra_slot, uint64_t bucket_slot_bytes,
                                         std::initializer_list<ObjectId> arrays) {
  constexpr uint64_t kSliceHeaderBytes = 24;
  std::vector<ObjectId> out;
  ObjectId extra = graph.Find(extra_slot);
  if (extra == kNoObject) return out;
  for (const ObjectId* header = graph.edges_begin(extra); header != graph.edges_end(extra); ++header) {
    if (graph.size_bytes(*header) != kSliceHeaderBytes) continue;
    for (const ObjectId* array = graph.edges_begin(*header); array != graph.edges_end(*header); ++array)
      for (const ObjectId* b = graph.edges_begin(*array); b != graph.edges_end(*array); ++b)
        if (graph.size_bytes(*b) == bucket_slot_bytes && std::find(arrays.begin(), arrays.end(), *b) == arrays.end())
          out.push_back(*b);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Gathers one map's storage objects: their bytes and the spans that hold them.
struct StorageTally {
  uint64_t bytes = 0;
  std::unordered_map<uint32_t, uint32_t> per_span;  // span index -> storage objects in it
  std::vector<uint64_t> arrays;                      // addresses joined to alloc samples

  void Add(const HeapDump& dump, const LiveObject& object, bool joined) {
    bytes += dump.spans[object.span].elem_size_bytes;
    ++per_span[object.span];
    if (joined) arrays.push_back(object.slot);
  }
  // Spans holding nothing but this map's storage go back whole when it goes.
  uint64_t WholeSpanFreeBytes(const HeapDump& dump) const {
    uint64_t sum = 0;
    for (auto [span, n] : per_span)
      if (dump.spans[span].live_objects == n) sum += dump.spans[span].free_slot_bytes() + dump.spans[span].tail_bytes();
    return sum;
  }
};

}  // namespace

void MapFinder::Object(uint64_t address, const std::string& contents, const std::vector<uint64_t>& pointer_offsets,
                       bool big_endian) {
  if (contents.size() == kHeaderBytes && PointersAre(pointer_offsets, {16, 24, 40})) {
    Hmap h{address,
           LoadWord(contents, 0, big_endian),
           LoadWord(contents, 16, big_endian),
           LoadWord(contents, 24, big_endian),
           LoadWord(contents, 32, big_endian),
           LoadWord(contents, 40, big_endian),
           Half(contents, 10, big_endian),
           Byte(contents, 8),
           Byte(contents, 9)};
    if (h.flags <= 15 && h.log2_buckets <= kMaxLog2Buckets && h.buckets != 0 &&
        h.count <= (kSlotsPerBucket << h.log2_buckets) && h.nevacuate <= (1ull << h.log2_buckets) && Keep(hmaps_.size()))
      hmaps_.push_back(h);
  } else if (contents.size() == kHeaderBytes && PointersAre(pointer_offsets, {16})) {
    SwissMap m{address, LoadWord(contents, 0, big_endian), LoadWord(contents, 16, big_endian),
               LoadWord(contents, 24, big_endian), Byte(contents, 32)};
    uint8_t shift = Byte(contents, 33);
    bool flags_ok = Byte(contents, 34) <= 1 && Byte(contents, 35) <= 1 &&
                    Byte(contents, 36) == 0 && Byte(contents, 37) == 0 && Byte(contents, 38) == 0 && Byte(contents, 39) == 0;
    bool small = m.dir_len == 0 && m.global_depth == 0 && shift == 0 && m.used <= kSlotsPerBucket;
    bool tables = m.dir_len > 0 && m.dir_len <= kMaxDirectoryLength && m.global_depth < 64 &&
                  m.dir_len == (1ull << m.global_depth) && shift == 64 - m.global_depth &&
                  m.used <= m.dir_len * kMaxTableCapacity;
    if (flags_ok && m.dir_ptr != 0 && (small || tables) && Keep(swiss_maps_.size())) swiss_maps_.push_back(m);
  } else if (contents.size() == kTableBytes && PointersAre(pointer_offsets, {16})) {
    Table t{address, LoadWord(contents, 16, big_endian), Half(contents, 0, big_endian), Half(contents, 2, big_endian)};
    uint16_t growth_left = Half(contents, 4, big_endian);
    uint64_t index = LoadWord(contents, 8, big_endian), length_mask = LoadWord(contents, 24, big_endian);
    bool pow2 = t.capacity >= kSlotsPerBucket && t.capacity <= kMaxTableCapacity && (t.capacity & (t.capacity - 1)) == 0;
    if (pow2 && t.used <= t.capacity && growth_left < t.capacity && Byte(contents, 6) < 64 && Byte(contents, 7) == 0 &&
        index < kMaxDirectoryLength && length_mask + 1 == t.capacity / kSlotsPerBucket && t.groups != 0 &&
        Keep(tables_.size()))
      tables_.push_back(t);
  }
}

void MapFinder::Resolve(HeapDump& dump, const SpanIndex& spans, const SizeClassTable& table, const ObjectGraph* graph,
                        std::vector<std::string>& notes) {
  std::sort(tables_.begin(), tables_.end(), [](const Table& a, const Table& b) { return a.address < b.address; });
  auto live = [&](uint64_t address) { return FindLive(dump, spans, graph, table, address); };
  auto add = [&](DumpMap m, const StorageTally& tally) {
    m.storage_bytes += tally.bytes;
    m.whole_span_free_bytes = tally.WholeSpanFreeBytes(dump);
    for (uint64_t a : tally.arrays) dump.map_storage.push_back({a, static_cast<uint32_t>(dump.maps.size())});
    dump.maps.push_back(m);
  };

  for (const Hmap& h : hmaps_) {
    LiveObject buckets = live(h.buckets);
    if (!buckets.found()) continue;
    const DumpSpan& storage = dump.spans[buckets.span];
    bool scan = storage.has_pointers;
    ElementSizes sizes(kMinBucketBytes, kMaxBucketBytes, kBucketOverheadBytes);
    sizes.Array(table, storage.elem_size_bytes, AllocatedBuckets(h.log2_buckets), scan);
    StorageTally tally;
    tally.Add(dump, buckets, true);
    if (h.oldbuckets != 0) {  // growing: the previous array, half the buckets (same size when sameSizeGrow)
      LiveObject old = live(h.oldbuckets);
      bool same_size = (h.flags & 8) != 0;
      if (!old.found() || (!same_size && h.log2_buckets == 0)) continue;
      sizes.Array(table, dump.spans[old.span].elem_size_bytes,
                  AllocatedBuckets(same_size ? h.log2_buckets : h.log2_buckets - 1u), scan);
      tally.Add(dump, old, true);
    }
    auto bucket = sizes.Best();
    if (!bucket) continue;
    LiveObject extra = h.extra != 0 ? live(h.extra) : LiveObject{};
    if (h.extra != 0 && (!extra.found() || dump.spans[extra.span].elem_size_bytes != kMapExtraBytes)) continue;
    DumpMap m;
    m.header_address = h.address;
    m.storage_address = buckets.slot;
    m.entries = h.count;
    m.slots = kSlotsPerBucket << h.log2_buckets;
    m.bucket_bytes = static_cast<uint32_t>(*bucket);
    m.log2_buckets = h.log2_buckets;
    m.layout = DumpMapLayout::kBuckets;
    m.storage_has_pointers = scan;
    // noverflow counts every overflow bucket below B = 16 and one in 2^(B-15) from there
    // (incrnoverflow), the preallocated ones in the array included.
    uint64_t overflow = h.log2_buckets < 16 ? h.noverflow : uint64_t{h.noverflow} << (h.log2_buckets - 15);
    m.overflow_buckets = static_cast<uint32_t>(std::min<uint64_t>(overflow, UINT32_MAX));
    uint64_t bucket_slot = SlotBytesForObject(table, *bucket, scan);
    if (graph && extra.found() && !scan) {  // exact: the objects mapextra lists
      ObjectId old = h.oldbuckets ? graph->Find(live(h.oldbuckets).slot) : kNoObject;
      for (ObjectId id : OwnOverflowBuckets(*graph, extra.slot, bucket_slot, {graph->Find(buckets.slot), old}))
        if (LiveObject b = live(graph->address(id)); b.found()) tally.Add(dump, b, false);
    } else {  // those noverflow counts beyond the array's preallocated ones
      uint64_t usable = storage.elem_size_bytes - (h.buckets - buckets.slot);  // what roundupsize gave makeBucketArray
      uint64_t primary = 1ull << h.log2_buckets;
      uint64_t preallocated = h.log2_buckets >= 4 ? std::max(usable / *bucket, primary) - primary : 0;
      if (overflow > preallocated) m.storage_bytes = (overflow - preallocated) * bucket_slot;
    }
    add(m, tally);
  }

  for (const SwissMap& s : swiss_maps_) {
    DumpMap m;
    m.header_address = s.address;
    m.entries = s.used;
    StorageTally tally;
    ElementSizes sizes(kMinGroupBytes, kMaxGroupBytes, kGroupOverheadBytes);
    if (s.dir_len == 0) {  // small: one group
      LiveObject group = live(s.dir_ptr);
      if (!group.found()) continue;
      const DumpSpan& span = dump.spans[group.span];
      sizes.Array(table, span.elem_size_bytes, 1, span.has_pointers);
      tally.Add(dump, group, true);
      m.storage_address = group.slot;
      m.slots = kSlotsPerBucket;
      m.layout = DumpMapLayout::kSwissGroup;
      m.storage_has_pointers = span.has_pointers;
    } else {  // a directory of tables, found through the graph's pointers
      LiveObject dir = graph ? live(s.dir_ptr) : LiveObject{};
      if (!dir.found() || SlotBytesForObject(table, s.dir_len * 8, true) != dump.spans[dir.span].elem_size_bytes) continue;
      ObjectId dir_id = graph->Find(dir.slot);
      std::vector<ObjectId> targets(graph->edges_begin(dir_id), graph->edges_end(dir_id));
      std::sort(targets.begin(), targets.end());
      targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
      if (targets.empty() || targets.size() > s.dir_len) continue;
      tally.Add(dump, dir, false);
      uint64_t used = 0, largest = 0;
      bool ok = true;
      for (ObjectId t : targets) {
        uint64_t address = graph->address(t);
        auto it = std::lower_bound(tables_.begin(), tables_.end(), address,
                                   [](const Table& x, uint64_t a) { return x.address < a; });
        LiveObject table_object = live(address);
        LiveObject groups = it != tables_.end() && it->address == address ? live(it->groups) : LiveObject{};
        if (!table_object.found() || !groups.found()) {
          ok = false;
          break;
        }
        const DumpSpan& g = dump.spans[groups.span];
        sizes.Array(table, g.elem_size_bytes, it->capacity / kSlotsPerBucket, g.has_pointers);
        m.storage_has_pointers = g.has_pointers;
        used += it->used;
        m.slots += it->capacity;
        ++m.tables;
        tally.Add(dump, table_object, false);
        tally.Add(dump, groups, true);
        if (g.elem_size_bytes > largest) largest = g.elem_size_bytes, m.storage_address = groups.slot;
      }
      if (!ok || used != s.used) continue;
      m.layout = DumpMapLayout::kSwissTables;
    }
    auto group = sizes.Best();
    if (!group) continue;
    m.bucket_bytes = static_cast<uint32_t>(*group);
    add(m, tally);
  }
  std::sort(dump.map_storage.begin(), dump.map_storage.end(),
            [](const DumpMapStorage& a, const DumpMapStorage& b) { return a.address < b.address; });
  if (dropped_)
    notes.push_back(fmt::format("more than {} objects looked like map headers or tables; the rest were not examined",
                                kMaxMapCandidates));
}

}  // namespace heapdoc::dump
