// Advice proven on before/after program pairs (testdata/gen/advice/<pattern>/{before,after},
// data in testdata/advice/<pattern>/go1.NN/, docs/advice-proof.md): on the "before" heap the
// culprit line ranks first, the advice matching the fix is given at it, and its predicted saving
// is within 0.67-1.5x of the HeapInuse the fix really saved (expect.json, measured by the programs).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"
#include "analyzer/gosource/source_tree.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::ReadFileBytes;
using testing::TestdataPath;

enum class Mode { kProfile, kDump, kProfileAndDump };

const char* ModeName(Mode m) {
  return m == Mode::kProfile ? "profile+memstats+source" : m == Mode::kDump ? "dump alone" : "profile+dump";
}

struct Case {
  std::string pattern;
  std::string version;
  Mode mode;
  bool expect_culprit_first = true;
  bool expect_saving = true;  // the matching advice with its saving in 0.67-1.5x
};

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string v = info.param.version;
  v.erase(std::remove(v.begin(), v.end(), '.'), v.end());
  const char* m = info.param.mode == Mode::kProfile ? "profile" : info.param.mode == Mode::kDump ? "dump" : "both";
  return info.param.pattern + "_" + v + "_" + m;
}

AnalysisReport AnalyzeBefore(const Case& c) {
  std::string dir = "advice/" + c.pattern + "/" + c.version + "/before/";
  AnalysisOptions options;
  // Without --source the CLI reads the Go files the sites name; the test runs inside the
  // repository, where the -trimpath paths (heapdoc/testdata/gen/...) resolve.
  options.discover_source = c.mode != Mode::kProfile;
  if (c.mode == Mode::kDump) return Analyze(ReadHeapInputFile(TestdataPath(dir + "heap.dump.gz")), options);
  HeapSnapshot snap = ReadHeapInputFile(TestdataPath(dir + "heap.pb.gz"));
  if (c.mode == Mode::kProfile) {
    AttachMemStats(snap, ReadMemStatsFile(TestdataPath(dir + "memstats.json")));
    static std::map<std::string, gosource::SourceTree> trees;
    auto it = trees.find(c.pattern);
    if (it == trees.end())
      it = trees.emplace(c.pattern, gosource::SourceTree::Load({TestdataPath("gen/advice/" + c.pattern + "/before")})).first;
    options.source_tree = &it->second;
  } else {
    AttachHeapDump(snap, ReadHeapInputFile(TestdataPath(dir + "heap.dump.gz")));
  }
  return Analyze(std::move(snap), options);
}

class AdviceProof : public ::testing::TestWithParam<Case> {};

TEST_P(AdviceProof, CulpritFirstAndSavingComesTrue) {
  const Case& c = GetParam();
  nlohmann::json expect = nlohmann::json::parse(ReadFileBytes(TestdataPath("advice/" + c.pattern + "/expect.json")));
  const auto& culprit = expect["culprit"];
  std::string function = culprit["function"], file = culprit["profile_file"];
  int64_t line = culprit["line"];
  double measured = expect["versions"][c.version]["saving_bytes"].get<double>();
  AnalysisReport r = AnalyzeBefore(c);
  ASSERT_FALSE(r.breakdown.sites.empty());
  const SiteRow& top = r.breakdown.sites.front();
  if (c.expect_culprit_first) {
    EXPECT_EQ(top.function, function) << ModeName(c.mode);
    EXPECT_EQ(top.file, file) << ModeName(c.mode);
    EXPECT_EQ(top.line, line) << ModeName(c.mode);
  }
  if (!c.expect_saving) return;
  const Advice* match = nullptr;
  for (const Advice& a : r.advice)
    if (AdviceKindName(a.kind) == expect["advice_kind"].get<std::string>() && a.function == function && a.line == line)
      match = &a;
  ASSERT_TRUE(match) << "no " << expect["advice_kind"] << " advice at " << function << ":" << line << " ("
                     << ModeName(c.mode) << ")";
  double ratio = static_cast<double>(match->saving_bytes) / measured;
  EXPECT_GE(ratio, 0.67) << "predicted " << match->saving_bytes << " measured " << measured;
  EXPECT_LE(ratio, 1.5) << "predicted " << match->saving_bytes << " measured " << measured;
}

std::vector<Case> Cases() {
  std::vector<Case> out;
  for (const char* v : {"go1.22", "go1.26"}) {
    // Types come only from source: fieldalignment and large-object advice need --source.
    out.push_back({"fieldalign", v, Mode::kProfile});
    out.push_back({"fieldalign", v, Mode::kDump});
    out.push_back({"fieldalign", v, Mode::kProfileAndDump});
    out.push_back({"largeobject", v, Mode::kProfile});
    // Go <= 1.25 dumps write the allocating frame's line at its return address (the next line);
    // the source found for the site moves it back to the allocating line.
    out.push_back({"largeobject", v, Mode::kDump});
    out.push_back({"largeobject", v, Mode::kProfileAndDump});
    for (Mode m : {Mode::kProfile, Mode::kDump, Mode::kProfileAndDump}) out.push_back({"lifetime", v, m});
    out.push_back({"pool", v, Mode::kProfile});
    // A dump lists the garbage made since the last collection as objects: the object graph tells
    // it apart (no root reaches it), so the churn shows on every version.
    out.push_back({"pool", v, Mode::kDump});
    out.push_back({"pool", v, Mode::kProfileAndDump});
    // Retained capacity shows in a dump's slice headers; a profile cannot see it.
    out.push_back({"retainedcap", v, Mode::kProfile, true, false});
    out.push_back({"retainedcap", v, Mode::kDump});
    out.push_back({"retainedcap", v, Mode::kProfileAndDump});
    // Slices from inside 32 KiB chunks keep the chunks: the slice headers of a dump, at the line
    // that allocates their holders (where the slice is taken). A profile sees neither the slices
    // nor what holds them: its culprit is 48 B objects of no cost.
    out.push_back({"subslice", v, Mode::kProfile, false, false});
    out.push_back({"subslice", v, Mode::kDump});
    out.push_back({"subslice", v, Mode::kProfileAndDump});
    // dnscache runs at Go's default MemProfileRate (512 KiB): the culprit's 5,371 survivors are
    // about one sample, and half of what they pin is in other classes (their names, addresses,
    // CNAMEs): the survivors' retained set from the dump's graph, or the same-function inference.
    for (Mode m : {Mode::kProfile, Mode::kDump, Mode::kProfileAndDump}) out.push_back({"dnscache", v, m});
    // How full a map is shows only in a dump's map headers: a profile records the storage's slot
    // size, never how many entries it holds, so the profile alone cannot give map-rebuild advice.
    out.push_back({"mapshrink", v, Mode::kProfile, true, false});
    out.push_back({"mapshrink", v, Mode::kDump});
    out.push_back({"mapshrink", v, Mode::kProfileAndDump});
    // Held-out patterns (docs/advice-proof.md). metricsagg: a 104 B struct in the 112 B class.
    for (Mode m : {Mode::kProfile, Mode::kDump, Mode::kProfileAndDump}) out.push_back({"metricsagg", v, m});
  }
  // ratelimit runs at Go's default MemProfileRate and its culprit is a constructor the compiler
  // inlines into its caller (no //go:noinline, as in a real service). The 4,920 surviving buckets
  // (64 B) and their keys and recent slices (24-32 B) carry about one live sample each way, so what
  // heapdoc makes of them depends on the draw; these are the committed snapshots' (a regeneration
  // draws again: recheck). Known misses:
  // - profile alone: Go 1.22 ranks the culprit 3rd with no lifetime advice; Go 1.26 ranks it first
  //   with lifetime at 0.51x (the 32 B class goes to the key's line, Allow:69).
  // - dump alone: its stacks do not expand inlining, so the site is the culprit line (main.go:64)
  //   named for the caller, main.(*Limiter).Allow; the lifetime advice there is 1.05x on Go 1.22
  //   (rank 1), 0.47x on Go 1.26 (rank 2, below the key line's 0.50x).
  // - profile+dump on Go 1.26: one sampled surviving key makes Allow:69 a site of its own that takes
  //   the 32 B class's 12.1 MiB (ranks first); the culprit keeps the 64 B class's 11.3 MiB (0.47x).
  out.push_back({"ratelimit", "go1.22", Mode::kProfile, false, false});
  out.push_back({"ratelimit", "go1.22", Mode::kDump, false, false});
  out.push_back({"ratelimit", "go1.22", Mode::kProfileAndDump});
  out.push_back({"ratelimit", "go1.26", Mode::kProfile, true, false});
  out.push_back({"ratelimit", "go1.26", Mode::kDump, false, false});
  out.push_back({"ratelimit", "go1.26", Mode::kProfileAndDump, false, false});
  // Go 1.24, the first swiss-map release, for the map headers only.
  out.push_back({"mapshrink", "go1.24", Mode::kProfile, true, false});
  out.push_back({"mapshrink", "go1.24", Mode::kDump});
  out.push_back({"mapshrink", "go1.24", Mode::kProfileAndDump});
  return out;
}

// The fixed program rebuilt its map: no map in its heap is under a quarter full, and no
// map-rebuild advice is given, from the dump or with it.
TEST(AdviceProofAfter, RebuiltMapDrawsNoMapRebuildAdvice) {
  for (const char* v : {"go1.22", "go1.24", "go1.26"}) {
    std::string dir = std::string("advice/mapshrink/") + v + "/after/";
    HeapSnapshot dump = ReadHeapInputFile(TestdataPath(dir + "heap.dump.gz"));
    ASSERT_TRUE(dump.heap_dump);
    EXPECT_FALSE(dump.heap_dump->maps.empty()) << v;
    for (const DumpMap& m : dump.heap_dump->maps) EXPECT_GE(m.entries * 4, m.slots) << v << " map at " << m.header_address;
    HeapSnapshot both = ReadHeapInputFile(TestdataPath(dir + "heap.pb.gz"));
    AttachHeapDump(both, std::move(dump));
    for (const Advice& a : Analyze(std::move(both), {}).advice) EXPECT_NE(a.kind, AdviceKind::kMapRebuild) << v;
  }
}

INSTANTIATE_TEST_SUITE_P(BeforeAfter, AdviceProof, ::testing::ValuesIn(Cases()), CaseName);

}  // namespace
}  // namespace heapdoc
