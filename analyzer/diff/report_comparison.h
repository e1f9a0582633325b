// heapdoc diff: what grew and what shrank between two analyses (BASE and NEW), per summary figure,
// per size class and per allocation site, like `pprof -diff_base`. Pure; diff_report prints it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/analysis.h"

namespace heapdoc {

enum class DiffUnit { kBytes, kCount, kRatio };

// One figure in both analyses; empty when that analysis cannot know it (e.g. no MemStats).
struct FigureDiff {
  std::string name;  // "live bytes", "HeapInuse", "fragmentation", ...
  std::string key;   // JSON key: "live_bytes", "heap_inuse_bytes", ...
  DiffUnit unit = DiffUnit::kBytes;
  std::optional<double> base, now;
  bool known() const { return base && now; }
  double delta() const { return known() ? *now - *base : 0; }
};

struct ClassDiff {
  int class_id = 0;            // 0 = large
  uint64_t slot_bytes = 0;
  FigureDiff live_bytes, spans, span_bytes, free_slot_bytes;
  double sort_key = 0;         // |change of span bytes| (falls back to live bytes)
};

struct SiteDiff {
  std::string function, file;
  int64_t line = 0;
  uint64_t slot_bytes = 0;
  FigureDiff live_bytes, alloc_bytes, cost_bytes;
  bool in_base = false, in_new = false;
  double sort_key = 0;         // |change of live bytes|, then |cost|, then |alloc|
};

struct ReportDiff {
  std::string base_source, new_source;
  bool waste_known = false;                // both have free-slot figures (MemStats or heap dump)
  std::vector<FigureDiff> summary;         // fixed order
  std::vector<ClassDiff> classes;          // changed rows only, by absolute change, largest first
  std::vector<SiteDiff> sites;             // changed rows only, by absolute change, largest first
  size_t unchanged_classes = 0, unchanged_sites = 0;
};

ReportDiff DiffReports(const AnalysisReport& base, const AnalysisReport& now);

}  // namespace heapdoc
