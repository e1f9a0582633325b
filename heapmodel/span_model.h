// The size-class heap model: for every size class, how many spans are in use, and how their bytes
// split into live slots, free slots (external fragmentation) and tails. Exact from a heap dump;
// otherwise inferred from the profile and MemStats so that the classes' span bytes plus the
// large-object spans add up to HeapInuse exactly (docs/model.md explains the inference).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "heapmodel/heap_breakdown.h"
#include "heapmodel/heap_dump.h"
#include "heapmodel/sampling.h"
#include "heapmodel/memstats.h"
#include "heapmodel/size_classes.h"

namespace heapdoc {

enum class ModelBasis {
  kHeapDump,        // every span and object known: exact
  kMemStats,        // spans inferred, reconciled to MemStats HeapInuse exactly
  kProfileOnly,     // no MemStats: spans are the dense lower bound, HeapInuse unknown
};

// Which span layout a class's slot count rests on (Go 1.22+ scan spans <= 512 B hold fewer slots).
enum class SlotsBasis {
  kExact,              // a heap dump: every span's own layout
  kKnownPointerFree,   // the types allocated in the class are known to be pointer-free
  kKnownPointerful,    // the types allocated in the class are known to have pointers
  kNoScanUpperBound,   // unknown: the pointer-free layout, the most slots a span can have
};

enum class LiveCountSource { kHeapDump, kBySize, kProfileSampled, kProfileExact };

const char* LiveCountSourceName(LiveCountSource source);

struct ClassModel {
  int class_id = 0;                // 0 = large objects
  uint64_t slot_bytes = 0;         // 0 for the large row
  uint64_t span_size_bytes = 0;    // bytes per span of the class (0 for large: each its own)
  uint64_t slots_per_span = 0;     // of the span kind assumed (see slots_basis); dumps: the most common
  uint64_t slots = 0;              // slots in the class's spans in use: exact from a dump (per span,
                                   // scan and noscan layouts summed), else spans x slots_per_span
  SlotsBasis slots_basis = SlotsBasis::kNoScanUpperBound;

  // Live objects and where the number comes from; a sampled count carries the number of samples
  // behind it and a 95 % interval.
  uint64_t live_objects = 0;
  LiveCountSource live_source = LiveCountSource::kProfileSampled;
  uint64_t live_samples = 0;
  uint64_t live_objects_low = 0;
  uint64_t live_objects_high = 0;
  uint64_t alloc_objects = 0;      // allocated since start (BySize or profile)

  uint64_t min_spans = 0;          // if the live objects were packed densely
  uint64_t spans = 0;              // in use (exact, or inferred)
  bool spans_exact = false;
  uint64_t span_bytes = 0;         // spans x span size (large: their page-rounded sizes)
  uint64_t live_bytes = 0;         // live objects x slot size
  uint64_t free_slot_bytes = 0;    // empty slots in spans in use: external fragmentation
  uint64_t tail_bytes = 0;         // span bytes no slot covers
  // Rounding waste inside live slots (requested size unknown without types): bounds and midpoint.
  uint64_t internal_waste_min_bytes = 0;
  uint64_t internal_waste_max_bytes = 0;
  uint64_t internal_waste_bytes = 0;

  // Heap dump only: spans by occupancy (live/slots), 10 buckets of 10 %.
  bool has_occupancy_histogram = false;
  std::array<uint64_t, 10> occupancy_histogram{};

  double occupancy() const {
    return slots ? static_cast<double>(live_objects) / static_cast<double>(slots) : 1.0;
  }
};

struct HeapModel {
  ModelBasis basis = ModelBasis::kProfileOnly;
  std::vector<ClassModel> classes;  // ascending slot size; large row last

  uint64_t span_bytes = 0;          // sum over classes and large
  uint64_t live_bytes = 0;
  uint64_t free_slot_bytes = 0;     // external fragmentation
  uint64_t tail_bytes = 0;
  uint64_t internal_waste_min_bytes = 0;
  uint64_t internal_waste_max_bytes = 0;
  uint64_t internal_waste_bytes = 0;
  double reconcile_theta = 0;       // the fitted fraction of churn still holding spans (docs/model.md)
  std::vector<std::string> notes;
};

// Per class id: whether the types allocated in it have pointers, when known (--source, a dump).
// Absent classes are unknown.
struct ClassPointerFacts {
  std::vector<int> pointerful_classes;
  std::vector<int> pointer_free_classes;
};

struct SpanModelInput {
  const HeapBreakdown& breakdown;
  const SizeClassTable& table;
  int64_t sample_rate_bytes = 0;    // the profile's MemProfileRate (<= 1: exact)
  bool profile_has_live = true;
  const MemStats* memstats = nullptr;
  const HeapDump* heap_dump = nullptr;
  const ClassPointerFacts* pointer_facts = nullptr;
};

HeapModel BuildSpanModel(const SpanModelInput& input);

// Classes whose live objects are (at least 90 %) of known types, all pointerful or all pointer-free.
ClassPointerFacts PointerFactsFromSiteTypes(const HeapBreakdown& breakdown);


}  // namespace heapdoc
