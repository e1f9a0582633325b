#include "analyzer/readers/memstats_fields.h"

#include <fmt/format.h>

namespace heapdoc {

const std::vector<MemStatsField>& MemStatsFields() {
  using M = MemStats;
  static const std::vector<MemStatsField> fields = {
      {"HeapInuse", "go_memstats_heap_inuse_bytes", 1, true, &M::heap_inuse},
      {"HeapAlloc", "go_memstats_heap_alloc_bytes", 1, true, &M::heap_alloc},
      {"HeapSys", "go_memstats_heap_sys_bytes", 1, true, &M::heap_sys},
      {"HeapIdle", "go_memstats_heap_idle_bytes", 1, true, &M::heap_idle},
      {"HeapReleased", "go_memstats_heap_released_bytes", 1, true, &M::heap_released},
      {"HeapObjects", "go_memstats_heap_objects", 1, false, &M::heap_objects},
      {"Alloc", "go_memstats_alloc_bytes", 1, false, &M::alloc},
      {"TotalAlloc", "go_memstats_alloc_bytes_total", 1, false, &M::total_alloc},
      {"Sys", "go_memstats_sys_bytes", 1, false, &M::sys},
      {"Lookups", "go_memstats_lookups_total", 1, false, &M::lookups},
      {"Mallocs", "go_memstats_mallocs_total", 1, false, &M::mallocs},
      {"Frees", "go_memstats_frees_total", 1, false, &M::frees},
      {"StackInuse", "go_memstats_stack_inuse_bytes", 1, false, &M::stack_inuse},
      {"StackSys", "go_memstats_stack_sys_bytes", 1, false, &M::stack_sys},
      {"MSpanInuse", "go_memstats_mspan_inuse_bytes", 1, false, &M::mspan_inuse},
      {"MSpanSys", "go_memstats_mspan_sys_bytes", 1, false, &M::mspan_sys},
      {"MCacheInuse", "go_memstats_mcache_inuse_bytes", 1, false, &M::mcache_inuse},
      {"MCacheSys", "go_memstats_mcache_sys_bytes", 1, false, &M::mcache_sys},
      {"BuckHashSys", "go_memstats_buck_hash_sys_bytes", 1, false, &M::buck_hash_sys},
      {"GCSys", "go_memstats_gc_sys_bytes", 1, false, &M::gc_sys},
      {"OtherSys", "go_memstats_other_sys_bytes", 1, false, &M::other_sys},
      {"NextGC", "go_memstats_next_gc_bytes", 1, false, &M::next_gc},
      // Seconds since the epoch -> LastGC's nanoseconds (to float precision).
      {"LastGC", "go_memstats_last_gc_time_seconds", 1e9, false, &M::last_gc},
      // go_gc_duration_seconds is a summary over debug.ReadGCStats: _sum = PauseTotal, _count = NumGC.
      {"PauseTotalNs", "go_gc_duration_seconds_sum", 1e9, false, &M::pause_total_ns},
      {"NumGC", "go_gc_duration_seconds_count", 1, false, &M::num_gc},
      {"NumForcedGC", nullptr, 1, false, &M::num_forced_gc},
      {"GCCPUFraction", "go_memstats_gc_cpu_fraction", 1, false, &M::gc_cpu_fraction},
      {"EnableGC", nullptr, 1, false, &M::enable_gc},
      {"DebugGC", nullptr, 1, false, &M::debug_gc},
      // Not a MemStats field: getrusage's peak RSS, which only the text trailer carries.
      {"MaxRSS", nullptr, 1, false, &M::max_rss},
  };
  return fields;
}

const MemStatsField* FindMemStatsField(std::string_view go_name) {
  for (const MemStatsField& f : MemStatsFields())
    if (go_name == f.go_name) return &f;
  return nullptr;
}

std::string JoinFieldNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string MissingFieldsProblem(const std::vector<std::string>& missing) {
  return fmt::format("not runtime.MemStats: no {} field{}", JoinFieldNames(missing), missing.size() == 1 ? "" : "s");
}

std::string Excerpt(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "...";
}

}  // namespace heapdoc
