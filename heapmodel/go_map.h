// What rebuilding a Go map for the entries it holds now would give back: the storage a map made
// with make(map[K]V, entries) takes, by the runtime's own sizing (runtime/map.go makemap and
// makeBucketArray up to Go 1.23; internal/runtime/maps NewMap and newTable from 1.24).
#pragma once

#include <cstdint>

#include "heapmodel/heap_dump.h"
#include "heapmodel/size_classes.h"

namespace heapdoc {

// Storage bytes (slots of the bucket array, or of the directory, tables and groups) of a map of
// the same layout and key/value sizes made for `entries` and filled with them.
uint64_t RebuiltMapStorageBytes(const DumpMap& map, uint64_t entries, const SizeClassTable& table);

// What a rebuild gives back: the storage now minus the rebuilt map's, plus the free slots and
// tails of the spans only the old storage kept (their pages go back whole). 0 when nothing.
uint64_t MapRebuildSavingBytes(const DumpMap& map, const SizeClassTable& table);

// Under a quarter full: what a sweep leaves of a peak, never what growth leaves (a map grows at
// 6.5 of 8 slots per bucket, or 7 of 8 per group, so it is at least 40 % full after growing).
inline bool MapMostlyEmpty(const DumpMap& map) { return map.entries * 4 < map.slots; }

}  // namespace heapdoc
