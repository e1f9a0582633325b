// Every mode on every Go version heapdoc's test data was written with (1.19 in testdata/<scenario>/,
// 1.22, 1.24 and 1.26 in testdata/<scenario>/go1.NN/): heap-dump rows against an independent
// reading of the same dump (gen/dumpsummary), the one attribution rule (sites are user code, never
// the allocator), the join of a profile with its dump, and the model against the dump.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"
#include "analyzer/gosource/source_tree.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "heapmodel/go_allocator.h"
#include "heapmodel/go_package.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::ReadFileBytes;
using testing::TestdataPath;

struct Case {
  std::string scenario;
  std::string version;  // "" for 1.19 (testdata/<scenario>/), else "go1.NN"
  std::string Dir() const { return version.empty() ? scenario : scenario + "/" + version; }
  std::string Path(const std::string& file) const { return TestdataPath(Dir() + "/" + file); }
  GoVersion Go() const { return version.empty() ? GoVersion{1, 19} : *GoVersion::Parse(version); }
};

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string v = info.param.version.empty() ? "go119" : info.param.version;
  v.erase(std::remove(v.begin(), v.end(), '.'), v.end());
  return info.param.scenario + "_" + v;
}

AnalysisReport ProfileWithMemStats(const Case& c) {
  HeapSnapshot snap = ReadHeapInputFile(c.Path("heap.pb.gz"));
  AttachMemStats(snap, ReadMemStatsFile(c.Path("memstats.json")));
  AnalysisOptions options;
  options.go_version = c.Go();  // -trimpath hides the toolchain path; the tests name the version
  return Analyze(std::move(snap), options);
}

AnalysisReport DumpAlone(const Case& c) { return Analyze(ReadHeapInputFile(c.Path("heap.dump.gz")), {}); }

AnalysisReport ProfileWithDump(const Case& c) {
  HeapSnapshot snap = ReadHeapInputFile(c.Path("heap.pb.gz"));
  AttachHeapDump(snap, ReadHeapInputFile(c.Path("heap.dump.gz")));
  AnalysisOptions options;
  options.go_version = c.Go();
  return Analyze(std::move(snap), options);
}

nlohmann::json Oracle(const Case& c) { return nlohmann::json::parse(ReadFileBytes(c.Path("dump-summary.json"))); }

const ClassModel* WorstClass(const HeapModel& m) {
  const ClassModel* worst = nullptr;
  for (const auto& c : m.classes)
    if (!worst || c.free_slot_bytes > worst->free_slot_bytes) worst = &c;
  return worst;
}

std::vector<Case> Cases(std::initializer_list<const char*> scenarios) {
  std::vector<Case> out;
  for (const char* s : scenarios)
    for (const char* v : {"", "go1.22", "go1.24", "go1.26"}) out.push_back({s, v});
  return out;
}

class DumpScenario : public ::testing::TestWithParam<Case> {};

// Exact means exact: every class row equals the oracle's per-span sums, the totals equal the
// dump's MemStats.
TEST_P(DumpScenario, RowsEqualAnIndependentReadingOfTheDump) {
  const Case& c = GetParam();
  AnalysisReport r = DumpAlone(c);
  nlohmann::json oracle = Oracle(c);
  ASSERT_TRUE(oracle["checks"]["all_hold"].get<bool>());
  EXPECT_EQ(r.go_version.version, c.Go());
  std::map<uint64_t, const ClassModel*> by_slot;
  uint64_t large_bytes = 0;
  for (const ClassModel& m : r.model.classes) {
    if (m.class_id == 0) large_bytes = m.span_bytes;
    else by_slot[m.slot_bytes] = &m;
  }
  uint64_t oracle_large = 0;
  for (const auto& [size_text, row] : oracle["slot_sizes"].items()) {
    uint64_t size = std::stoull(size_text);
    const auto& all = row["all"];
    if (size > 32768) {
      oracle_large += all["span_bytes"].get<uint64_t>();
      continue;
    }
    ASSERT_TRUE(by_slot.count(size)) << size;
    const ClassModel& m = *by_slot[size];
    EXPECT_EQ(m.spans, all["spans"].get<uint64_t>()) << size;
    EXPECT_EQ(m.span_bytes, all["span_bytes"].get<uint64_t>()) << size;
    EXPECT_EQ(m.slots, all["slots"].get<uint64_t>()) << size;
    EXPECT_EQ(m.live_objects, all["live_objects"].get<uint64_t>()) << size;
    EXPECT_EQ(m.free_slot_bytes, all["free_slot_bytes"].get<uint64_t>()) << size;
    EXPECT_EQ(m.tail_bytes, all["tail_bytes"].get<uint64_t>()) << size;
  }
  EXPECT_EQ(large_bytes, oracle_large);
  const MemStats& ms = *r.snapshot.memstats;
  EXPECT_EQ(static_cast<uint64_t>(r.breakdown.totals.live_objects), *ms.heap_objects);
  EXPECT_EQ(static_cast<uint64_t>(r.breakdown.totals.live_bytes), ms.heap_alloc);
  EXPECT_EQ(r.model.span_bytes, ms.heap_inuse);
  EXPECT_EQ(r.model.free_slot_bytes, oracle["span_totals"]["all"]["free_slot_bytes"].get<uint64_t>());
}

// Every site of a dump is the first frame outside the allocator, as the oracle finds it (or, for
// maps, whose internals the oracle keeps as sites, its first frame outside the runtime: heapdoc
// goes on to the line that used the map).
TEST_P(DumpScenario, DumpSitesAreNeverTheAllocator) {
  AnalysisReport r = DumpAlone(GetParam());
  ASSERT_FALSE(r.breakdown.sites.empty());
  for (const SiteRow& s : r.breakdown.sites) EXPECT_FALSE(IsGoAllocatorFunction(s.function)) << s.function;
  std::set<std::string> oracle_sites;
  nlohmann::json oracle = Oracle(GetParam());
  for (const auto& b : oracle["memprof_stacks"])
    for (const char* key : {"first_frame_outside_allocator", "first_non_runtime_frame"})
      if (const auto& f = b[key]; !f.is_null())
        oracle_sites.insert(f["file"].get<std::string>() + ":" + std::to_string(f["line"].get<int64_t>()));
  for (const SiteRow& s : r.breakdown.sites)
    EXPECT_TRUE(oracle_sites.count(s.file + ":" + std::to_string(s.line))) << s.function << " " << s.file << ":" << s.line;
}

INSTANTIATE_TEST_SUITE_P(EveryGo, DumpScenario,
                         ::testing::ValuesIn(Cases({"scattered", "healthy", "twoclasses", "fillevict", "pinning", "mixedlife"})),
                         CaseName);

class FragmentedHeap : public ::testing::TestWithParam<Case> {};

// In every mode the top site is the user's code, never runtime.mallocgc.
TEST_P(FragmentedHeap, TopSiteIsUserCodeInEveryMode) {
  const Case& c = GetParam();
  for (const auto& [mode, report] : {std::pair{"profile + MemStats", ProfileWithMemStats(c)},
                                     std::pair{"heap dump alone", DumpAlone(c)},
                                     std::pair{"profile + dump", ProfileWithDump(c)}}) {
    ASSERT_FALSE(report.breakdown.sites.empty()) << mode;
    const SiteRow& top = report.breakdown.sites.front();
    EXPECT_EQ(FunctionOrigin(top.function), CodeOrigin::kUser) << mode << ": " << top.function;
    EXPECT_TRUE(top.function.starts_with("main.")) << mode << ": " << top.function;
    EXPECT_GT(top.pinned_bytes, 0u) << mode;
  }
}

// The join: every free-slot byte of the dump is pinned by a profile site or reported as
// unattributed; the sampled objects match profile sites by their allocation line.
TEST_P(FragmentedHeap, ProfileAndDumpJoinAccountsForEveryFreeSlot) {
  AnalysisReport r = ProfileWithDump(GetParam());
  ASSERT_EQ(r.model.basis, ModelBasis::kHeapDump);
  uint64_t pinned = 0;
  for (const SiteRow& s : r.breakdown.sites) pinned += s.pinned_bytes + s.kept_pinned_bytes;  // kept: moved to the keeping site
  double accounted = static_cast<double>(pinned + r.unattributed.pinned_bytes);
  EXPECT_NEAR(accounted, static_cast<double>(r.model.free_slot_bytes), 64.0 * static_cast<double>(r.model.classes.size()));
  // Most of it lands on sites: the samples' lines are the profile's.
  EXPECT_GT(static_cast<double>(pinned), 0.8 * static_cast<double>(r.model.free_slot_bytes));
  AnalysisReport alone = DumpAlone(GetParam());
  EXPECT_EQ(r.breakdown.sites.front().file, alone.breakdown.sites.front().file);
  EXPECT_EQ(r.breakdown.sites.front().line, alone.breakdown.sites.front().line);
}

// The model (profile + MemStats) finds the dump's worst class, its free slots within 10 %.
TEST_P(FragmentedHeap, ModelFindsTheWorstClassWithin10PercentOfTheDump) {
  AnalysisReport model = ProfileWithMemStats(GetParam());
  AnalysisReport dump = DumpAlone(GetParam());
  const ClassModel* estimated = WorstClass(model.model);
  const ClassModel* exact = WorstClass(dump.model);
  ASSERT_TRUE(estimated && exact);
  EXPECT_EQ(estimated->class_id, exact->class_id);
  double error = std::abs(static_cast<double>(estimated->free_slot_bytes) - static_cast<double>(exact->free_slot_bytes)) /
                 static_cast<double>(exact->free_slot_bytes);
  EXPECT_LT(error, 0.10) << "estimated " << estimated->free_slot_bytes << " exact " << exact->free_slot_bytes;
  EXPECT_EQ(model.model.span_bytes, model.snapshot.memstats->heap_inuse);
}

INSTANTIATE_TEST_SUITE_P(EveryGo, FragmentedHeap,
                         ::testing::ValuesIn(Cases({"scattered", "twoclasses", "fillevict", "pinning", "mixedlife"})),
                         CaseName);

// With the types known (--source), a pointerful class gets the scan layout of its Go version (the
// in-span bitmap from 1.22, Green Tea mark bits in 1.26); without them the model says it took the
// pointer-free layout as a bound.
TEST(SpanLayout, KnownTypesGiveTheRightSlotCount) {
  Case c{"scattered", "go1.26"};
  HeapSnapshot snap = ReadHeapInputFile(c.Path("heap.pb.gz"));
  AttachMemStats(snap, ReadMemStatsFile(c.Path("memstats.json")));
  gosource::SourceTree tree = gosource::SourceTree::Load({TestdataPath("gen/scattered")});
  AnalysisOptions options;
  options.go_version = c.Go();
  options.source_tree = &tree;
  AnalysisReport typed = Analyze(std::move(snap), options);
  AnalysisReport untyped = ProfileWithMemStats(c);
  AnalysisReport exact = DumpAlone(c);
  auto class48 = [](const AnalysisReport& r) -> const ClassModel* {
    for (const ClassModel& m : r.model.classes)
      if (m.slot_bytes == 48) return &m;
    return nullptr;
  };
  ASSERT_TRUE(class48(typed) && class48(untyped) && class48(exact));
  EXPECT_EQ(class48(typed)->slots_basis, SlotsBasis::kKnownPointerful);
  EXPECT_EQ(class48(typed)->slots_per_span, 165u);  // (8192 - 128 bitmap - 128 mark bits) / 48
  EXPECT_EQ(class48(untyped)->slots_basis, SlotsBasis::kNoScanUpperBound);
  EXPECT_EQ(class48(untyped)->slots_per_span, 168u);  // (8192 - 128 mark bits) / 48
  EXPECT_EQ(class48(exact)->slots_per_span, 165u);
  bool said = false;
  for (const auto& note : untyped.notes) said |= note.find("assume pointer-free objects") != std::string::npos;
  EXPECT_TRUE(said);
  // The right layout brings the estimate closer to the dump's exact free slots.
  auto error = [&](const AnalysisReport& r) {
    return std::abs(static_cast<double>(class48(r)->free_slot_bytes) - static_cast<double>(class48(exact)->free_slot_bytes));
  };
  EXPECT_LE(error(typed), error(untyped));
}

}  // namespace
}  // namespace heapdoc
