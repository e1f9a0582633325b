// The memstats record (tag 10) of a heap dump: runtime.MemStats without BySize, as
// runtime/heapdump.go's dumpmemstats writes it.
#pragma once

#include <fmt/format.h>

#include <cstdint>

#include "analyzer/readers/dump_cursor.h"
#include "heapmodel/memstats.h"

namespace heapdoc::dump {

inline MemStats ReadMemStats(DumpCursor& in) {
  MemStats m;
  m.form = MemStatsForm::kHeapDump;
  m.origin = in.source();
  uint64_t f[24];
  for (auto& v : f) v = in.Uvarint();
  m.alloc = f[0];
  m.total_alloc = f[1];
  m.sys = f[2];
  // f[3] Lookups: not kept.
  m.mallocs = f[4];
  m.frees = f[5];
  m.heap_alloc = f[6];
  m.heap_sys = f[7];
  m.heap_idle = f[8];
  m.heap_inuse = f[9];
  m.heap_released = f[10];
  m.heap_objects = f[11];
  m.stack_inuse = f[12];
  m.stack_sys = f[13];
  m.mspan_inuse = f[14];
  m.mspan_sys = f[15];
  m.mcache_inuse = f[16];
  m.mcache_sys = f[17];
  m.buck_hash_sys = f[18];
  m.gc_sys = f[19];
  m.other_sys = f[20];
  m.next_gc = f[21];
  m.last_gc = f[22];
  m.pause_total_ns = f[23];
  for (int i = 0; i < 256; ++i) in.Uvarint();  // PauseNs
  uint64_t num_gc = in.Uvarint();
  if (num_gc > UINT32_MAX) in.Fail(fmt::format("NumGC is {}", num_gc));
  m.num_gc = static_cast<uint32_t>(num_gc);
  return m;
}

}  // namespace heapdoc::dump
