// The verdict a Go engineer wants first: how fragmented the heap is, what the OS still holds for
// it, and whether GC pressure or GOMEMLIMIT thrashing follows. From MemStats (exact) and the model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "heapmodel/memstats.h"
#include "heapmodel/span_model.h"

namespace heapdoc {

enum class Verdict { kHealthy, kWatch, kDangerous, kUnknown };

const char* VerdictName(Verdict v);  // "healthy", "watch", "dangerous", "unknown"

// One figure with a one-line explanation for a reader who has not read the runtime.
struct DiagnosisLine {
  std::string label;
  std::string value;
  std::string meaning;
};

struct Diagnosis {
  bool has_memstats = false;
  MemStatsForm memstats_form = MemStatsForm::kRuntimeJson;
  uint64_t heap_alloc_bytes = 0, heap_inuse_bytes = 0, heap_idle_bytes = 0, heap_released_bytes = 0,
           heap_sys_bytes = 0;
  double fragmentation_ratio = 0;     // (HeapInuse - HeapAlloc) / HeapInuse
  Verdict verdict = Verdict::kUnknown;
  uint64_t os_held_bytes = 0;         // HeapSys - HeapReleased
  double os_held_per_alloc = 0;       // os_held / HeapAlloc
  std::optional<uint32_t> num_gc;
  std::optional<double> gc_cpu_fraction;
  bool gomemlimit_thrash_risk = false;
  uint64_t external_waste_bytes = 0;  // free slots in spans in use (model)
  uint64_t internal_waste_bytes = 0;  // rounding waste inside live slots (model midpoint)
  uint64_t tail_waste_bytes = 0;
  std::vector<DiagnosisLine> lines;   // in reading order
};

Diagnosis Diagnose(const MemStats* memstats, const HeapModel& model);

}  // namespace heapdoc
