// The advisor on real Go programs with their source (testdata/gen/<scenario>): the worst offender
// ranks first, the right advice kinds appear, fieldalignment sizes are exact.
#include "analyzer/advice/advisor.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"
#include "analyzer/gosource/source_tree.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::TestdataPath;

struct Analyzed {
  gosource::SourceTree source;
  AnalysisReport report;
};

std::unique_ptr<Analyzed> AnalyzeWithSource(const std::string& scenario, bool memstats = true) {
  auto out = std::make_unique<Analyzed>();
  out->source = gosource::SourceTree::Load({TestdataPath("gen/" + scenario)});
  HeapSnapshot snap = ReadHeapInputFile(TestdataPath(scenario + "/heap.pb.gz"));
  if (memstats) AttachMemStats(snap, ReadMemStatsFile(TestdataPath(scenario + "/memstats.json")));
  AnalysisOptions options;
  options.go_version = GoVersion{1, 19};
  options.source_tree = &out->source;
  out->report = Analyze(std::move(snap), options);
  return out;
}

const Advice* FindAdvice(const AnalysisReport& r, AdviceKind kind) {
  for (const auto& a : r.advice)
    if (a.kind == kind) return &a;
  return nullptr;
}

TEST(Advisor, PaddedStructGetsExactFieldAlignmentAdvice) {
  auto a = AnalyzeWithSource("padded", /*memstats=*/false);
  const Advice* fa = FindAdvice(a->report, AdviceKind::kFieldAlignment);
  ASSERT_NE(fa, nullptr);
  EXPECT_EQ(fa->function, "main.buildPadded");
  EXPECT_NE(fa->type.find("Padded"), std::string::npos) << fa->type;
  EXPECT_EQ(fa->current_size, 56u);
  EXPECT_EQ(fa->optimal_size, 32u);
  EXPECT_EQ(fa->current_class_size, 64u);
  EXPECT_EQ(fa->optimal_class_size, 32u);
  EXPECT_EQ(fa->source_file.substr(fa->source_file.size() - std::string("padded/main.go").size()), "padded/main.go");
  // Saving: (64 - 32) B per live object, within 10 %.
  const SiteRow& site = a->report.breakdown.sites.front();
  EXPECT_EQ(site.function, "main.buildPadded");
  double expected = 32.0 * static_cast<double>(site.counts.live_objects);
  EXPECT_NEAR(static_cast<double>(fa->saving_bytes), expected, expected * 0.10);
  EXPECT_NE(fa->suggested_code.find("type Padded struct"), std::string::npos);
  // With the type known, the site's rounding waste is exact: (64 - 56) B per live object.
  EXPECT_EQ(site.object_bytes, 56u);
  EXPECT_EQ(a->report.breakdown.sites.front().internal_waste_bytes, 8u * static_cast<uint64_t>(site.counts.live_objects));
}

TEST(Advisor, SurvivorsPinningSpansRankFirstNotTheChurn) {
  auto a = AnalyzeWithSource("pinning");
  ASSERT_FALSE(a->report.breakdown.sites.empty());
  EXPECT_EQ(a->report.breakdown.sites.front().function, "main.keepSurvivors");
  const Advice* life = FindAdvice(a->report, AdviceKind::kLifetime);
  ASSERT_NE(life, nullptr);
  EXPECT_EQ(life->function, "main.keepSurvivors");
  EXPECT_EQ(life->other_function, "main.churn");
}

TEST(Advisor, MixedLifetimeClassNamesBothSites) {
  auto a = AnalyzeWithSource("mixedlife");
  EXPECT_EQ(a->report.breakdown.sites.front().function, "main.loadConfig");
  const Advice* life = FindAdvice(a->report, AdviceKind::kLifetime);
  ASSERT_NE(life, nullptr);
  EXPECT_EQ(life->function, "main.loadConfig");
  EXPECT_EQ(life->other_function, "main.handleRequest");
  EXPECT_NE(life->message.find("main.handleRequest"), std::string::npos);
}

TEST(Advisor, ChurningBufferGetsPoolAdvice) {
  auto a = AnalyzeWithSource("churnbuf");
  const Advice* pool = FindAdvice(a->report, AdviceKind::kPool);
  ASSERT_NE(pool, nullptr);
  EXPECT_EQ(pool->function, "main.serve");
  // Taken after a collection: BySize holds no 4 KiB object, so the buffers' garbage is not in the
  // heap and no heap bytes are claimed; the advice is about GC work.
  EXPECT_EQ(pool->saving_bytes, 0u);
  EXPECT_EQ(pool->confidence, Confidence::kLow);
  EXPECT_NE(pool->message.find("the gain is GC work"), std::string::npos) << pool->message;
  EXPECT_EQ(FindAdvice(a->report, AdviceKind::kFieldAlignment), nullptr);
}

TEST(Advisor, HealthyHeapGetsNoBigClaims) {
  auto a = AnalyzeWithSource("healthy");
  uint64_t heap = a->report.snapshot.memstats->heap_inuse;
  for (const auto& advice : a->report.advice)
    EXPECT_LE(advice.saving_bytes, heap / 20) << AdviceKindName(advice.kind) << ": " << advice.message;
}

TEST(Advisor, JsonCarriesTheAdviceContract) {
  auto r = testing::RunHeapdoc({"analyze", TestdataPath("padded/heap.pb.gz"), "--source", TestdataPath("gen/padded"),
                                "--go-version", "1.19", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.contains("advice"));
  ASSERT_FALSE(j["advice"].empty());
  const auto& a = j["advice"][0];
  for (const char* key : {"kind", "function", "file", "line", "type", "saving_bytes", "message", "current_size",
                          "optimal_size", "current_class_size", "optimal_class_size"})
    EXPECT_TRUE(a.contains(key)) << key;
  EXPECT_EQ(a["kind"], "fieldalignment");
  const auto& site = j["sites"][0];
  EXPECT_TRUE(site.contains("pinned_bytes"));
  EXPECT_TRUE(site.contains("cost_bytes"));
  EXPECT_EQ(site["function"], "main.buildPadded");
}

}  // namespace
}  // namespace heapdoc
