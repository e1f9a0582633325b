// Survivors that keep other lines' objects alive (analyzer/advice/survivor_groups.h), on the
// dnscache before/after pair (testdata/gen/advice/dnscache, default MemProfileRate): each surviving
// *Record (main.go:176) keeps its name (150), addresses (159), CNAME slice (166) and CNAME strings
// (172), allocated on other lines and in other size classes.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "analyzer/analysis.h"
#include "analyzer/gosource/source_tree.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::TestdataPath;

std::string Dir(const std::string& version) { return "advice/dnscache/" + version + "/before/"; }

AnalysisReport DumpAlone(const std::string& version) {
  return Analyze(ReadHeapInputFile(TestdataPath(Dir(version) + "heap.dump.gz")), AnalysisOptions{});
}

std::set<int64_t> KeptLines(const SiteRow& s) {
  std::set<int64_t> lines;
  for (const KeptSite& k : s.kept_sites)
    if (!k.function.empty()) lines.insert(k.line);
  return lines;
}

class DnsCache : public ::testing::TestWithParam<const char*> {};

TEST_P(DnsCache, TheDumpsGraphPutsWhatTheRecordsKeepOnTheRecordLine) {
  AnalysisReport r = DumpAlone(GetParam());
  const SiteRow& top = r.breakdown.sites.front();
  ASSERT_EQ(top.line, 176);
  EXPECT_EQ(top.kept_evidence, KeptEvidence::kObjectGraph);
  EXPECT_GT(top.kept_pinned_bytes, top.pinned_bytes / 2) << "half the saving is outside the Records' class";
  std::set<int64_t> kept = KeptLines(top);
  // Go <= 1.25 dumps name a line by its return address (151 for 150) when no source moves it back.
  EXPECT_GE(kept.size(), 2u);
  for (int64_t line : kept) EXPECT_TRUE(line >= 150 && line <= 173) << "line " << line;
  // The lines it keeps gave their free slots up and say who keeps them.
  for (const SiteRow& s : r.breakdown.sites)
    if (kept.count(s.line) && s.function == top.function) {
      EXPECT_EQ(s.kept_by, "main.parseAnswer (main.go:176)");
      EXPECT_LT(s.pinned_bytes, top.kept_pinned_bytes);
    }
}

TEST_P(DnsCache, CostsStillAddUpToTheFreeSlots) {
  AnalysisReport r = DumpAlone(GetParam());
  uint64_t pinned = r.unattributed.pinned_bytes;
  for (const SiteRow& s : r.breakdown.sites) pinned += s.pinned_bytes + s.kept_pinned_bytes;
  // Moves conserve bytes; the exact packing can add what the samples left unattributed, never more.
  EXPECT_LE(static_cast<double>(pinned), static_cast<double>(r.model.free_slot_bytes) * 1.001 + 4096);
  EXPECT_GT(static_cast<double>(pinned), static_cast<double>(r.model.free_slot_bytes) * 0.9);
}

TEST_P(DnsCache, TheMapHoldingEveryRecordIsNoKeeper) {
  AnalysisReport r = DumpAlone(GetParam());
  for (const SiteRow& s : r.breakdown.sites) {
    if (s.line == 181) { EXPECT_EQ(s.kept_pinned_bytes, 0u) << s.function; }
  }
}

TEST_P(DnsCache, AProfileInfersTheGroupAndSaysSo) {
  HeapSnapshot snap = ReadHeapInputFile(TestdataPath(Dir(GetParam()) + "heap.pb.gz"));
  AttachMemStats(snap, ReadMemStatsFile(TestdataPath(Dir(GetParam()) + "memstats.json")));
  gosource::SourceTree tree = gosource::SourceTree::Load({TestdataPath("gen/advice/dnscache/before")});
  AnalysisOptions options;
  options.source_tree = &tree;
  AnalysisReport r = Analyze(std::move(snap), options);
  const SiteRow& top = r.breakdown.sites.front();
  ASSERT_EQ(top.line, 176);
  EXPECT_EQ(top.kept_evidence, KeptEvidence::kSameFunction);
  EXPECT_FALSE(KeptLines(top).empty());
  EXPECT_TRUE(std::any_of(r.notes.begin(), r.notes.end(),
                          [](const std::string& n) { return n.find("taken as kept alive by it") != std::string::npos; }));
  const Advice* lifetime = nullptr;
  for (const Advice& a : r.advice)
    if (a.kind == AdviceKind::kLifetime && a.line == 176) lifetime = &a;
  ASSERT_TRUE(lifetime);
  EXPECT_NE(lifetime->message.find("inferred"), std::string::npos);
  EXPECT_NE(lifetime->confidence, Confidence::kHigh);
}

INSTANTIATE_TEST_SUITE_P(EveryRecordedGo, DnsCache, ::testing::Values("go1.22", "go1.26"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return testing::GoVersionTestName(info.param);
                         });

}  // namespace
}  // namespace heapdoc
