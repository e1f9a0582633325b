#include "heapmodel/go_map.h"

#include <algorithm>

namespace heapdoc {
namespace {

constexpr uint64_t kSlotsPerGroup = 8;       // bucketCnt; abi.MapGroupSlots
constexpr uint64_t kMaxTableCapacity = 1024;  // internal/runtime/maps maxTableCapacity
constexpr uint64_t kTableBytes = 32;

uint64_t CeilPow2(uint64_t n) {
  uint64_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

// makemap: the smallest B whose 2^B buckets hold `entries` under the load factor 6.5; then
// makeBucketArray's array: from B = 4, 2^(B-4) more buckets for overflow.
uint64_t RebuiltBucketBytes(const DumpMap& map, uint64_t entries, const SizeClassTable& table) {
  if (entries == 0) return 0;  // makemap_small: no buckets until the first insert
  uint64_t b = 0;
  while (entries > kSlotsPerGroup && entries * 2 > 13 * (1ull << b)) ++b;
  uint64_t buckets = (1ull << b) + (b >= 4 ? 1ull << (b - 4) : 0);
  return SlotBytesForObject(table, buckets * map.bucket_bytes, map.storage_has_pointers);
}

// NewMap: up to 8 entries one group; else capacity entries x 8/7, split over a power-of-two
// directory of tables of at most 1024 slots, each a power of two of at least 8 slots.
uint64_t RebuiltSwissBytes(const DumpMap& map, uint64_t entries, const SizeClassTable& table) {
  if (entries == 0) return 0;
  if (entries <= kSlotsPerGroup) return SlotBytesForObject(table, map.bucket_bytes, map.storage_has_pointers);
  uint64_t target = entries * kSlotsPerGroup / 7;
  uint64_t dir = CeilPow2((target + kMaxTableCapacity - 1) / kMaxTableCapacity);
  uint64_t capacity = CeilPow2(std::max(kSlotsPerGroup, target / dir));
  uint64_t groups = SlotBytesForObject(table, capacity / kSlotsPerGroup * map.bucket_bytes, map.storage_has_pointers);
  return SlotBytesForObject(table, dir * 8, true) +
         dir * (SlotBytesForObject(table, kTableBytes, true) + groups);
}

}  // namespace

uint64_t RebuiltMapStorageBytes(const DumpMap& map, uint64_t entries, const SizeClassTable& table) {
  return map.layout == DumpMapLayout::kBuckets ? RebuiltBucketBytes(map, entries, table)
                                               : RebuiltSwissBytes(map, entries, table);
}

uint64_t MapRebuildSavingBytes(const DumpMap& map, const SizeClassTable& table) {
  uint64_t now = map.storage_bytes + map.whole_span_free_bytes;
  uint64_t rebuilt = RebuiltMapStorageBytes(map, map.entries, table);
  return now > rebuilt ? now - rebuilt : 0;
}

}  // namespace heapdoc
