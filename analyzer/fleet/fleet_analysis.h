// Many profiles at once (a fleet of instances, or one service over time): each is analyzed in
// parallel and reduced to one summary row; then what recurs across them. Renderers print the
// result as it is (rows already ranked worst first).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/analysis.h"
#include "analyzer/fleet/fleet_inputs.h"
#include "analyzer/readers/heap_input.h"
#include "heapmodel/diagnosis.h"

namespace heapdoc {

struct FleetWorstClass {
  int class_id = 0;
  uint64_t slot_bytes = 0;     // 0: large objects
  bool by_free_slots = false;  // ranked by free-slot bytes (MemStats or dump known), else by live bytes
  uint64_t free_slot_bytes = 0;
  int64_t live_bytes = 0;
};

struct FleetWorstSite {
  std::string function;
  std::string file;
  int64_t line = 0;
  uint64_t slot_bytes = 0;
  int64_t live_bytes = 0;
  int64_t alloc_bytes = 0;
  uint64_t cost_bytes = 0;  // the analysis' site cost (pinned free slots, rounding, churn)
};

struct FleetProfileRow {
  std::string source;
  std::string format;  // "pprof", "text", "heapdump"
  std::string go_version;
  Verdict verdict = Verdict::kUnknown;
  bool has_memstats = false;
  double fragmentation_ratio = 0;  // meaningful with MemStats only
  uint64_t heap_inuse_bytes = 0;   // MemStats only
  int64_t live_bytes = 0;
  int64_t live_objects = 0;
  int64_t alloc_bytes = 0;
  uint64_t min_span_bytes = 0;     // spans the live objects need if packed densely
  uint64_t span_bytes = 0;         // the model's spans in use
  std::optional<uint64_t> free_slot_bytes;  // unknown from a profile alone
  std::optional<FleetWorstClass> worst_class;
  std::optional<FleetWorstSite> worst_site;
};

struct RecurringClass {
  int class_id = 0;
  uint64_t slot_bytes = 0;
  size_t profiles = 0;  // in how many profiles it is the worst class
  int64_t live_bytes = 0;        // summed over those profiles
  uint64_t free_slot_bytes = 0;  // summed over those profiles (where known)
};

struct RecurringSite {
  std::string function;
  std::string file;  // of the first profile where it is the worst site
  int64_t line = 0;
  size_t profiles = 0;  // in how many profiles it is the worst site
  int64_t live_bytes = 0;  // summed over those profiles
};

struct FleetReport {
  size_t inputs = 0;                    // profiles tried (skipped files excluded)
  std::vector<FleetProfileRow> rows;    // worst first
  std::vector<RecurringClass> recurring_classes;  // worst in >= 2 profiles, most often first
  std::vector<RecurringSite> recurring_sites;
  std::vector<FleetError> errors;       // expansion errors, then inputs in order
  std::vector<std::string> skipped;     // directory files that are plainly no profile
  std::vector<std::string> saved_files; // --save
  unsigned threads = 0;
  double elapsed_seconds = 0;
};

struct FleetOptions {
  AnalysisOptions analysis;
  LoadOptions load;
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency()
  // Called after each input (from worker threads, one call at a time): done, total.
  std::function<void(size_t, size_t)> progress;
};

FleetReport AnalyzeFleet(const FleetInputs& inputs, const FleetOptions& options);

// One analyzed profile reduced to its row (exposed for tests).
FleetProfileRow SummarizeForFleet(const AnalysisReport& report);

// Orders rows worst first: dangerous, watch, unknown (no MemStats), healthy; within each, by
// fragmentation when known, then by size (HeapInuse when known, free-slot bytes, live bytes).
void RankFleetRows(std::vector<FleetProfileRow>& rows);

}  // namespace heapdoc
