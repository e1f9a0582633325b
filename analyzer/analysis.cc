#include "analyzer/analysis.h"

#include <algorithm>
#include <cstdint>
#include <map>

#include <fmt/format.h>

#include "analyzer/advice/advisor.h"
#include "analyzer/advice/survivor_groups.h"
#include "analyzer/gosource/source_discovery.h"
#include "heapmodel/go_package.h"
#include "heapmodel/go_version_inference.h"
#include "heapmodel/site_calibration.h"
#include "heapmodel/site_line_merge.h"
#include "heapmodel/site_samples_builder.h"
#include "heapmodel/site_cost.h"
#include "heapmodel/size_classes.h"

namespace heapdoc {
namespace {

std::vector<ClassReportRow> MergeClassRows(const HeapBreakdown& breakdown, const HeapModel& model) {
  std::map<int, ClassReportRow> rows;
  auto key = [](int class_id) { return class_id == 0 ? 1000 : class_id; };  // large last
  for (const ClassRow& r : breakdown.classes) {
    auto& row = rows[key(r.class_id)];
    row.class_id = r.class_id;
    row.slot_bytes = r.slot_bytes;
    row.profile = &r;
  }
  for (const ClassModel& m : model.classes) {
    auto& row = rows[key(m.class_id)];
    row.class_id = m.class_id;
    row.slot_bytes = m.slot_bytes;
    row.model = &m;
  }
  std::vector<ClassReportRow> out;
  for (auto& [k, row] : rows) out.push_back(row);
  return out;
}

// A heap dump alone has no scaled profile, but its memory-profile buckets name the allocation
// stacks and its alloc samples say which sampled objects are still live: sites from those.
void AddSitesFromDumpBuckets(HeapSnapshot& snapshot) {
  SiteSamplesBuilder sites(snapshot.frames);
  for (const DumpBucket& b : snapshot.heap_dump->buckets) {
    auto alloc = static_cast<int64_t>(b.alloc_objects), live = static_cast<int64_t>(b.sampled_live_objects);
    auto size = static_cast<int64_t>(b.size_bytes);
    sites.Add(b.frames, b.size_bytes, {alloc, alloc * size, live, live * size});
  }
  snapshot.site_samples = std::move(sites).Finish();
  if (!snapshot.site_samples.empty())
    snapshot.notes.push_back("sites come from the dump's memory-profile buckets and the sampled objects still live "
                             "in it: which spans their survivors pin is exact, their counts are samples (the dump does "
                             "not record MemProfileRate) scaled to the dump's exact class counts, and allocation "
                             "counts are as of the last GC. Give the profile of the same moment with the dump "
                             "(--dump) for the profile's counts");
}

// A heap dump alone: its sites are sampled buckets, but its totals are the dump's own objects
// (live) and MemStats (allocated since start), exact.
void UseDumpTotals(HeapBreakdown& breakdown, const HeapSnapshot& snapshot) {
  const HeapDump& dump = *snapshot.heap_dump;
  ObjectCounts& t = breakdown.totals;
  t.live_objects = static_cast<int64_t>(std::min<uint64_t>(dump.object_count, INT64_MAX));
  t.live_bytes = static_cast<int64_t>(std::min<uint64_t>(dump.total_live_bytes(), INT64_MAX));
  if (snapshot.memstats && snapshot.memstats->mallocs && snapshot.memstats->total_alloc) {
    t.alloc_objects = static_cast<int64_t>(std::min<uint64_t>(*snapshot.memstats->mallocs, INT64_MAX));
    t.alloc_bytes = static_cast<int64_t>(std::min<uint64_t>(*snapshot.memstats->total_alloc, INT64_MAX));
  }
}

// The files of the user's sites (leaf, or the first user frame of a library leaf).
std::vector<std::string> UserSiteFiles(const HeapBreakdown& breakdown) {
  std::vector<std::string> files;
  for (const SiteRow& s : breakdown.sites) {
    if (FunctionOrigin(s.function) == CodeOrigin::kUser) files.push_back(s.file);
    for (const Frame& f : s.caller_path)
      if (FunctionOrigin(f.function) == CodeOrigin::kUser) files.push_back(f.file);
  }
  return files;
}

// No --source: the Go files the sites name, where they are on this machine.
std::shared_ptr<const gosource::SourceTree> DiscoverSource(const HeapBreakdown& breakdown,
                                                           std::vector<std::string>& notes) {
  gosource::DiscoveredSource found =
      gosource::DiscoverSourceDirs(UserSiteFiles(breakdown), gosource::SourceSearchPlaces::FromEnvironment());
  if (found.package_dirs.empty()) return nullptr;
  auto tree = std::make_shared<gosource::SourceTree>(
      gosource::SourceTree::Load(found.package_dirs, {.include_vendor = false, .include_testdata = false, .recursive = false}));
  notes.push_back(fmt::format(
      "types from the Go files the sites name, found on this machine in {} package {} ({}{}); --source DIR to give "
      "the tree, --no-source-discovery to turn this off",
      found.package_dirs.size(), found.package_dirs.size() == 1 ? "directory" : "directories", found.package_dirs.front(),
      found.package_dirs.size() > 1 ? ", ..." : ""));
  return tree;
}

}  // namespace

AnalysisReport Analyze(HeapSnapshot snapshot, const AnalysisOptions& options) {
  AnalysisReport report;
  if (snapshot.heap_dump && snapshot.site_samples.empty()) AddSitesFromDumpBuckets(snapshot);
  report.go_version = ChooseGoVersion(snapshot, options.go_version);
  const SizeClassTable& table = SizeClassTable::For(report.go_version.version);
  report.breakdown = BuildHeapBreakdown(snapshot, table);
  if (snapshot.profile.format == InputFormat::kHeapDump && snapshot.heap_dump) UseDumpTotals(report.breakdown, snapshot);
  const MemStats* memstats = snapshot.memstats ? &*snapshot.memstats : nullptr;
  // Types first: whether a class's objects have pointers decides its spans' layout (Go 1.22+).
  const gosource::SourceTree* source = options.source_tree;
  if (!source && options.discover_source) {
    report.discovered_source = DiscoverSource(report.breakdown, snapshot.notes);
    source = report.discovered_source.get();
  }
  bool dump_only = snapshot.profile.format == InputFormat::kHeapDump && snapshot.heap_dump;
  bool lines_at_return_address =
      dump_only && std::any_of(snapshot.heap_dump->buckets.begin(), snapshot.heap_dump->buckets.end(),
                                [](const DumpBucket& b) { return b.site_line_at_return_address; });
  if (source) AnnotateSiteTypes(report.breakdown, table, *source, lines_at_return_address);
  ClassPointerFacts pointer_facts = PointerFactsFromSiteTypes(report.breakdown);
  report.model = BuildSpanModel({report.breakdown, table, snapshot.profile.sample_rate_bytes,
                                 snapshot.profile.has_live_values, memstats,
                                 snapshot.heap_dump ? &*snapshot.heap_dump : nullptr, &pointer_facts});
  report.diagnosis = Diagnose(memstats, report.model);
  bool sites_from_dump = snapshot.profile.format == InputFormat::kHeapDump;
  CalibrateSiteCounts(report.breakdown, report.model, sites_from_dump, snapshot.heap_dump ? &*snapshot.heap_dump : nullptr);
  report.unattributed = RankSitesByCost(report.breakdown, {snapshot, report.model, memstats, &table});
  GroupSurvivorsWithKeepers(report.breakdown, snapshot, report.unattributed, snapshot.notes);
  report.advice = Advise({report.breakdown, report.model, report.diagnosis, table, memstats, source,
                          snapshot.heap_dump ? &*snapshot.heap_dump : nullptr});
  report.holders = AddRetentionToAdvice(report.advice, report.breakdown, snapshot, options.global_symbols, snapshot.notes);
  MergeSitesByLine(report.breakdown);
  size_t calibrated = static_cast<size_t>(std::count_if(report.breakdown.sites.begin(), report.breakdown.sites.end(),
                                                        [](const SiteRow& s) { return s.counts_calibrated; }));
  if (calibrated)
    snapshot.notes.push_back(fmt::format(
        "{} {} live counts are samples scaled to the exact live count of their class ({}); each rests on "
        "the samples given as live_samples in --format json, and a figure on few samples is a rough one",
        calibrated, calibrated == 1 ? "site's" : "sites'", sites_from_dump ? "the heap dump's objects" : "MemStats BySize"));
  report.class_rows = MergeClassRows(report.breakdown, report.model);
  report.top_sites = options.top_sites;
  report.notes = snapshot.notes;
  if (snapshot.memstats)
    for (const auto& note : snapshot.memstats->notes) report.notes.push_back(note);
  // Go writes heap profiles with no duration; one that covers a window (?seconds=N, or a profiling
  // service's delta) is the difference of two snapshots.
  bool windowed = snapshot.profile.duration_nanos > 500'000'000;
  if (windowed) snapshot.profile.is_delta = true;
  const ProfileInfo& p = snapshot.profile;
  if (windowed)
    report.notes.push_back(fmt::format("this profile covers a {:.0f} s window (a delta of two snapshots, as "
                                       "?seconds=N or a profiling service makes): not the heap at one moment; live "
                                       "figures are what changed in the window",
                                       static_cast<double>(p.duration_nanos) / 1e9));
  else if (p.is_delta)
    report.notes.push_back("this profile holds negative values or a pprof::base label: it is a delta or diff of two "
                           "profiles, not the heap at one moment; live figures are differences");
  bool dump_alone = p.format == InputFormat::kHeapDump;  // a dump has no sample types to prune
  if (!p.has_live_values && !dump_alone)
    report.notes.push_back("the profile has no inuse_* sample types (pruned by another tool): live figures are unknown");
  if (!p.has_alloc_values && !dump_alone)
    report.notes.push_back("the profile has no alloc_* sample types (pruned by another tool): allocation figures are unknown");
  if (!p.has_object_counts && !dump_alone)
    report.notes.push_back("the profile has no object counts (pruned by another tool): object counts are unknown");
  if (report.breakdown.off_table_records)
    report.notes.push_back(fmt::format("{} records have slot sizes that no Go {} size class has; they were put in the "
                                       "next larger class (is the Go version right?)",
                                       report.breakdown.off_table_records, report.go_version.version.ToString()));
  if (report.breakdown.unknown_size_records)
    report.notes.push_back(fmt::format("{} records carry no slot size (no `bytes` label and no object counts): their "
                                       "{} live bytes are in the totals but in no size class",
                                       report.breakdown.unknown_size_records, report.breakdown.unknown_size.live_bytes));
  for (const auto& note : report.model.notes) report.notes.push_back(note);
  if (snapshot.memstats && snapshot.memstats->form == MemStatsForm::kPrometheus)
    report.notes.push_back("MemStats from Prometheus metrics carry only totals (no BySize): per-class live counts "
                           "come from the profile's samples");
  report.snapshot = std::move(snapshot);
  return report;
}

}  // namespace heapdoc
