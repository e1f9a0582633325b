// Runs the analysis pipeline on one snapshot: picks the Go version and size-class table, builds
// the breakdown. The result is what every renderer prints; renderers compute nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "heapmodel/go_version.h"
#include "heapmodel/heap_breakdown.h"
#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

struct AnalysisOptions {
  std::optional<GoVersion> go_version;  // --go-version
  size_t top_sites = 20;                // --top
};

struct AnalysisReport {
  HeapSnapshot snapshot;
  GoVersionGuess go_version;
  HeapBreakdown breakdown;
  size_t top_sites = 20;
  std::vector<std::string> notes;  // caveats for the reader, from every stage
};

AnalysisReport Analyze(HeapSnapshot snapshot, const AnalysisOptions& options);

}  // namespace heapdoc
