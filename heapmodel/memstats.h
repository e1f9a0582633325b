// runtime.MemStats as heapdoc knows it, from whichever form it came (JSON, expvar, the text profile
// trailer, Prometheus, a heap dump). Fields a form does not carry are empty optionals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace heapdoc {

enum class MemStatsForm {
  kRuntimeJson,    // json.Marshal(runtime.MemStats)
  kExpvar,         // /debug/vars: {"cmdline": ..., "memstats": {...}}
  kTextTrailer,    // "# runtime.MemStats" block of a ?debug=1 heap profile
  kPrometheus,     // go_memstats_* metrics: totals only
  kHeapDump,       // the memstats record (tag 10) of debug.WriteHeapDump
};

const char* MemStatsFormName(MemStatsForm form);

// One BySize entry: class i of the size-class table (entry 0 has size 0).
struct BySizeEntry {
  uint32_t size = 0;
  uint64_t mallocs = 0;
  uint64_t frees = 0;
};

struct MemStats {
  MemStatsForm form = MemStatsForm::kRuntimeJson;
  std::string origin;  // file or URL it was read from

  // Always present (every form has them).
  uint64_t heap_alloc = 0;
  uint64_t heap_sys = 0;
  uint64_t heap_idle = 0;
  uint64_t heap_inuse = 0;
  uint64_t heap_released = 0;

  std::optional<uint64_t> heap_objects;
  std::optional<uint64_t> alloc;
  std::optional<uint64_t> total_alloc;
  std::optional<uint64_t> sys;
  std::optional<uint64_t> mallocs;
  std::optional<uint64_t> frees;
  std::optional<uint64_t> stack_inuse;
  std::optional<uint64_t> stack_sys;
  std::optional<uint64_t> mspan_inuse;
  std::optional<uint64_t> mspan_sys;
  std::optional<uint64_t> mcache_inuse;
  std::optional<uint64_t> mcache_sys;
  std::optional<uint64_t> buck_hash_sys;
  std::optional<uint64_t> gc_sys;
  std::optional<uint64_t> other_sys;
  std::optional<uint64_t> next_gc;
  std::optional<uint64_t> last_gc;
  std::optional<uint64_t> pause_total_ns;
  std::optional<uint32_t> num_gc;
  std::optional<uint32_t> num_forced_gc;
  std::optional<double> gc_cpu_fraction;
  std::optional<uint64_t> lookups;
  std::optional<bool> enable_gc;
  std::optional<bool> debug_gc;
  std::optional<uint64_t> max_rss;  // only the text trailer has it (from getrusage, not MemStats)

  // Empty when the form has no BySize (Prometheus, heap dump).
  std::vector<BySizeEntry> by_size;
  // The circular buffers of recent GC pauses (256 entries); empty when the form lacks them.
  std::vector<uint64_t> pause_ns;
  std::vector<uint64_t> pause_end;

  // Inconsistencies between fields (see MemStatsConsistencyNotes), filled by the readers.
  std::vector<std::string> notes;
};

// The relations runtime.MemStats always satisfies when read at one moment (HeapSys = HeapInuse +
// HeapIdle, HeapReleased <= HeapIdle, HeapAlloc <= HeapInuse, ...). Each broken one becomes a
// sentence; an empty result means consistent. Not errors: the numbers are still usable.
std::vector<std::string> MemStatsConsistencyNotes(const MemStats& stats);

}  // namespace heapdoc
