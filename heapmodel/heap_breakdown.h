// What a profile says about the heap's slots: totals, one row per size class, one row per
// allocation site (leaf frame and slot size). Pure computation over a HeapSnapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "heapmodel/counts.h"
#include "heapmodel/heap_snapshot.h"
#include "heapmodel/size_classes.h"

namespace heapdoc {

struct ClassRow {
  int class_id = 0;           // 0: large objects (> 32 KiB), each in its own span
  uint64_t slot_bytes = 0;    // 0 for the large row
  uint64_t span_bytes = 0;    // bytes per span of this class (0 for large)
  uint64_t objects_per_span = 0;
  ObjectCounts counts;        // scaled, as in the profile
  uint64_t sample_records = 0;     // profile records behind the row
  uint64_t min_spans = 0;          // spans the live objects need if packed densely
  uint64_t min_span_bytes = 0;     // min_spans x span bytes (large: page-rounded sizes)
  uint64_t min_tail_bytes = 0;     // tail waste of those spans (large: page rounding)
};

// Another site's objects that a site's survivors keep alive (its strings, slices, maps).
struct KeptSite {
  std::string function, file;
  int64_t line = 0;
  uint64_t slot_bytes = 0;
  uint64_t pinned_bytes = 0;  // the free-slot bytes of that site moved to the keeper
};

// How a site is known to keep another's objects alive.
enum class KeptEvidence {
  kNone,
  kObjectGraph,    // a heap dump's pointers: only the keeper's sampled objects reach them
  kSameFunction,   // profile: allocated in the same function (or its caller) with the same survival, by a struct with pointers
};

struct SiteRow {
  std::string function;  // leaf frame: where the allocation happens
  std::string file;
  int64_t line = 0;
  // The callers of the leaf, nearest first, in the heaviest stack merged into this row: the first
  // few, and on to the user frame and two of its callers when that lies deeper.
  std::vector<Frame> caller_path;
  // When the leaf is not the user's code (standard library, runtime, unsymbolized): the index in
  // caller_path of the first frame that is, the code to change. Unset when the leaf is the
  // user's code already or no kept caller is.
  std::optional<size_t> user_frame;
  uint64_t slot_bytes = 0;  // the costliest slot size of the line (site_line_merge.h)
  int class_id = 0;
  std::vector<uint64_t> slot_sizes;  // every slot size the line allocates, costliest first (after the merge)
  ObjectCounts counts;
  uint64_t sample_records = 0;
  // Sampled live objects its live count rests on (the count itself when the profile is exact, or
  // a dump's samples); and whether the calibration (site_calibration.h) scaled the counts to the
  // exact count of the class.
  uint64_t live_samples = 0;
  bool counts_calibrated = false;
  int64_t sampled_live_objects = 0;  // the live count before calibration (the profile's scaled samples)
  // Set by the cost ranking (site_cost.h): the free-slot bytes of its class that its survivors
  // hold hostage, the rounding waste inside its live slots, its share of the garbage the heap
  // holds now, and their sum, which the ranking orders by.
  uint64_t pinned_bytes = 0;
  uint64_t internal_waste_bytes = 0;
  uint64_t garbage_bytes = 0;
  uint64_t cost_bytes = 0;
  // Heap dump only: bytes its live byte arrays hold beyond the slices that use them (what copying
  // those slices out would give back): waste inside live slots, counted in the cost.
  uint64_t retained_capacity_bytes = 0;
  uint64_t retained_capacity_saving_bytes = 0;  // that, plus the free slots those arrays pin
  // Of retained_capacity_bytes, what arrays allocated elsewhere waste that this site's objects hold
  // through slices (an index keeping block[a:b] of each read block): the copy belongs where the
  // slice is taken, usually the line that makes its holder. The arrays' slot (the largest share)
  // and, when some were sampled, the line that allocated them ("function (file:line)").
  uint64_t held_retained_capacity_bytes = 0;
  uint64_t held_array_slot_bytes = 0;
  std::string held_arrays_site;
  // Heap dump only: the maps whose storage was sampled here (indices into HeapDump::maps; each map
  // at the site with most of its sampled storage), and the storage they hold beyond what maps
  // rebuilt for their entries would take: waste inside live slots, counted in the cost.
  std::vector<uint32_t> dump_maps;
  uint64_t map_spare_bytes = 0;
  bool pinned_exact = false;  // from a heap dump's alloc samples
  // Live objects of its class that no sample explains, given to it as the class's main allocator
  // (site_cost.h): in its live count and, with the free slots they pin, in its pinned bytes.
  uint64_t unsampled_live_objects = 0;
  // Set by the grouping of survivors (analyzer/advice/survivor_groups.h): the free-slot bytes that
  // other sites' objects pin while this site's survivors keep them alive (moved here from those
  // sites' pinned bytes and counted in this site's cost), and which sites they come from.
  uint64_t kept_pinned_bytes = 0;
  std::vector<KeptSite> kept_sites;  // most pinned bytes first
  KeptEvidence kept_evidence = KeptEvidence::kNone;
  std::string kept_by;  // for a site whose survivors another keeps alive: "function (file:line)"
  // The site's survivors the dump's graph found (every object held as its samples are), when its
  // saving was counted over them (exact); 0 when it rests on samples.
  uint64_t survivors_in_graph = 0;
  // Set when --source shows the Go type allocated here (analyzer/advice).
  std::string type_name;
  uint64_t object_bytes = 0;  // requested size of one object (0: unknown)
  std::optional<bool> type_has_pointers;  // decides the span layout of its class (Go 1.22+)
  bool type_is_named_value = false;       // a named type's value (&T{}, new(T)), not a slice of them
  std::string source_file;    // the allocation line's file in the source tree
  // How long-lived the site's objects are: the fraction of what it allocated that is still live
  // (1 for a pruned profile with live values only).
  double survival() const {
    if (counts.alloc_objects <= 0) return 1;
    double s = static_cast<double>(counts.live_objects) / static_cast<double>(counts.alloc_objects);
    return s < 0 ? 0 : s > 1 ? 1 : s;
  }
  // Allocated per live object; infinity-free: 0 when nothing is live.
  double churn() const {
    return counts.live_objects > 0 ? static_cast<double>(counts.alloc_objects) / static_cast<double>(counts.live_objects) : 0;
  }
};

struct HeapBreakdown {
  ObjectCounts totals;
  std::vector<ClassRow> classes;  // ascending slot size, large row last; only rows holding anything
  std::vector<SiteRow> sites;     // ranked: live bytes, then allocated bytes
  uint64_t off_table_records = 0; // slot sizes <= 32 KiB that match no class of the table
  ObjectCounts unknown_size;      // records with neither a `bytes` label nor object counts
  uint64_t unknown_size_records = 0;
};

HeapBreakdown BuildHeapBreakdown(const HeapSnapshot& snapshot, const SizeClassTable& table);

}  // namespace heapdoc
