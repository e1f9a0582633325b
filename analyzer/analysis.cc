#include "analyzer/analysis.h"

#include <fmt/format.h>

#include "heapmodel/go_version_inference.h"
#include "heapmodel/size_classes.h"

namespace heapdoc {

AnalysisReport Analyze(HeapSnapshot snapshot, const AnalysisOptions& options) {
  AnalysisReport report;
  report.go_version = ChooseGoVersion(snapshot, options.go_version);
  const SizeClassTable& table = SizeClassTable::For(report.go_version.version);
  report.breakdown = BuildHeapBreakdown(snapshot, table);
  report.top_sites = options.top_sites;
  report.notes = snapshot.notes;
  const ProfileInfo& p = snapshot.profile;
  if (p.is_delta)
    report.notes.push_back("this profile holds negative values or a pprof::base label: it is a delta or diff of two "
                           "profiles, not the heap at one moment; live figures are differences");
  if (!p.has_live_values)
    report.notes.push_back("the profile has no inuse_* sample types (pruned by another tool): live figures are unknown");
  if (!p.has_alloc_values)
    report.notes.push_back("the profile has no alloc_* sample types (pruned by another tool): allocation figures are unknown");
  if (!p.has_object_counts)
    report.notes.push_back("the profile has no object counts (pruned by another tool): object counts are unknown");
  if (report.breakdown.off_table_records)
    report.notes.push_back(fmt::format("{} records have slot sizes that no Go {} size class has; they were put in the "
                                       "next larger class (is the Go version right?)",
                                       report.breakdown.off_table_records, report.go_version.version.ToString()));
  if (report.breakdown.unknown_size_records)
    report.notes.push_back(fmt::format("{} records carry no slot size (no `bytes` label and no object counts): their "
                                       "{} live bytes are in the totals but in no size class",
                                       report.breakdown.unknown_size_records, report.breakdown.unknown_size.live_bytes));
  report.snapshot = std::move(snapshot);
  return report;
}

}  // namespace heapdoc
