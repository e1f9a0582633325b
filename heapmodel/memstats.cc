#include "heapmodel/memstats.h"

#include <fmt/format.h>

namespace heapdoc {

const char* MemStatsFormName(MemStatsForm form) {
  switch (form) {
    case MemStatsForm::kRuntimeJson: return "runtime.MemStats JSON";
    case MemStatsForm::kExpvar: return "expvar /debug/vars";
    case MemStatsForm::kTextTrailer: return "heap profile text trailer";
    case MemStatsForm::kPrometheus: return "Prometheus go_memstats_*";
    case MemStatsForm::kHeapDump: return "heap dump memstats record";
  }
  return "unknown";
}

std::vector<std::string> MemStatsConsistencyNotes(const MemStats& s) {
  std::vector<std::string> notes;
  if (s.heap_sys != s.heap_inuse + s.heap_idle) {
    notes.push_back(fmt::format(
        "HeapSys ({}) != HeapInuse ({}) + HeapIdle ({}): the fields were not read at one moment "
        "(or were edited); byte totals derived from them are approximate",
        s.heap_sys, s.heap_inuse, s.heap_idle));
  }
  if (s.heap_released > s.heap_idle) {
    notes.push_back(fmt::format(
        "HeapReleased ({}) > HeapIdle ({}): released pages are part of idle memory, so one of them "
        "is wrong",
        s.heap_released, s.heap_idle));
  }
  if (s.heap_alloc > s.heap_inuse) {
    notes.push_back(fmt::format(
        "HeapAlloc ({}) > HeapInuse ({}): live objects cannot exceed the spans that hold them; "
        "the fields were not read at one moment",
        s.heap_alloc, s.heap_inuse));
  }
  if (s.alloc && *s.alloc != s.heap_alloc) {
    notes.push_back(fmt::format("Alloc ({}) != HeapAlloc ({}): Go defines them as the same number",
                                *s.alloc, s.heap_alloc));
  }
  if (s.heap_objects && s.mallocs && s.frees &&
      (*s.frees > *s.mallocs || *s.heap_objects != *s.mallocs - *s.frees)) {
    notes.push_back(fmt::format("HeapObjects ({}) != Mallocs ({}) - Frees ({})", *s.heap_objects,
                                *s.mallocs, *s.frees));
  }
  if (s.gc_cpu_fraction && !(*s.gc_cpu_fraction >= 0.0 && *s.gc_cpu_fraction <= 1.0)) {
    notes.push_back(fmt::format("GCCPUFraction ({}) is outside [0, 1]", *s.gc_cpu_fraction));
  }
  if (!s.by_size.empty() && s.by_size.size() != 61) {
    notes.push_back(fmt::format("BySize has {} entries; runtime.MemStats has 61", s.by_size.size()));
  }
  for (size_t i = 0; i < s.by_size.size(); ++i) {
    if (s.by_size[i].frees > s.by_size[i].mallocs) {
      notes.push_back(fmt::format("BySize[{}] (size {}) has more Frees ({}) than Mallocs ({})", i,
                                  s.by_size[i].size, s.by_size[i].frees, s.by_size[i].mallocs));
    }
  }
  return notes;
}

}  // namespace heapdoc
