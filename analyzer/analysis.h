// Runs the analysis pipeline on one snapshot: picks the Go version and size-class table, builds
// the breakdown. The result is what every renderer prints; renderers compute nothing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/readers/snapshot_companions.h"  // AttachMemStats, AttachHeapDump: callers of Analyze use them
#include "analyzer/advice/retention_advice.h"
#include "heapmodel/advice.h"
#include "heapmodel/global_symbols.h"
#include "heapmodel/diagnosis.h"
#include "heapmodel/go_version.h"
#include "heapmodel/heap_breakdown.h"
#include "heapmodel/heap_snapshot.h"
#include "heapmodel/site_cost.h"
#include "heapmodel/span_model.h"

namespace heapdoc {

namespace gosource {
class SourceTree;
}

struct AnalysisOptions {
  std::optional<GoVersion> go_version;  // --go-version
  size_t top_sites = 20;                // --top
  const gosource::SourceTree* source_tree = nullptr;  // --source: types for the advisor
  // Without --source: read the Go files the sites name where they are found on this machine
  // (gosource/source_discovery.h). Off with --no-source-discovery.
  bool discover_source = false;
  const GlobalSymbols* global_symbols = nullptr;      // --binary: names of a heap dump's global roots
};

// One size class as reported: what the profile says (pprof's figures) beside what the model
// infers or the heap dump knows.
struct ClassReportRow {
  int class_id = 0;
  uint64_t slot_bytes = 0;
  const ClassRow* profile = nullptr;  // nullptr when the profile has nothing in this class
  const ClassModel* model = nullptr;  // nullptr when the model has no row (e.g. nothing live)
};

struct AnalysisReport {
  AnalysisReport() = default;
  AnalysisReport(const AnalysisReport&) = delete;  // class_rows point into the report
  AnalysisReport& operator=(const AnalysisReport&) = delete;
  AnalysisReport(AnalysisReport&&) = default;     // vectors keep their buffers when moved
  AnalysisReport& operator=(AnalysisReport&&) = default;

  HeapSnapshot snapshot;
  GoVersionGuess go_version;
  HeapBreakdown breakdown;
  HeapModel model;
  Diagnosis diagnosis;
  UnattributedCost unattributed;           // what the site ranking could not put on a site
  std::vector<Advice> advice;              // ranked by saving
  std::vector<RetentionHolder> holders;    // heap dump: roots holding the lifetime advice's survivors
  std::vector<ClassReportRow> class_rows;  // ascending slot size, large last (points into the above)
  size_t top_sites = 20;
  std::vector<std::string> notes;  // caveats for the reader, from every stage
  // The source found for the sites when none was given (options.discover_source); null otherwise.
  std::shared_ptr<const gosource::SourceTree> discovered_source;
};

AnalysisReport Analyze(HeapSnapshot snapshot, const AnalysisOptions& options);

}  // namespace heapdoc
