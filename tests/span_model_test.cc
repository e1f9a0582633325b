// The span model against ground truth: heap dumps of the same moment (testdata/<scenario>), and
// its invariants (class span bytes + large spans = HeapInuse).
#include "heapmodel/span_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::TestdataPath;

AnalysisReport AnalyzeScenario(const std::string& scenario, const std::string& memstats_file = "memstats.json") {
  HeapSnapshot snap = ReadHeapInputFile(TestdataPath(scenario + "/heap.pb.gz"));
  if (!memstats_file.empty()) AttachMemStats(snap, ReadMemStatsFile(TestdataPath(scenario + "/" + memstats_file)));
  AnalysisOptions options;
  options.go_version = GoVersion{1, 19};  // what wrote testdata (trimpath hides it)
  return Analyze(std::move(snap), options);
}

AnalysisReport AnalyzeDump(const std::string& scenario) {
  return Analyze(ReadHeapInputFile(TestdataPath(scenario + "/heap.dump.gz")), {});
}

uint64_t SpanBytes(const HeapModel& m) {
  uint64_t sum = 0;
  for (const auto& c : m.classes) {
    if (c.class_id != 0) {
      EXPECT_EQ(c.span_bytes, c.spans * c.span_size_bytes) << "class " << c.class_id;
    }
    sum += c.span_bytes;
  }
  return sum;
}

class FragmentedScenario : public ::testing::TestWithParam<std::string> {};

// The model's worst class against the dump's, on every Go version: modern_go_test.cc.
TEST_P(FragmentedScenario, ClassSpansAddUpToHeapInuseExactly) {
  AnalysisReport model = AnalyzeScenario(GetParam());
  EXPECT_EQ(SpanBytes(model.model), model.snapshot.memstats->heap_inuse);
  AnalysisReport dump = AnalyzeDump(GetParam());
  EXPECT_EQ(SpanBytes(dump.model), dump.snapshot.memstats->heap_inuse);
  // Every class: span bytes = live + free slots + tail.
  for (const auto* m : {&model.model, &dump.model})
    for (const auto& c : m->classes)
      if (c.class_id != 0) {
        EXPECT_EQ(c.span_bytes, c.live_bytes + c.free_slot_bytes + c.tail_bytes) << c.class_id;
      }
}

INSTANTIATE_TEST_SUITE_P(Testdata, FragmentedScenario,
                         ::testing::Values("scattered", "twoclasses", "fillevict", "pinning", "mixedlife"));

TEST(SpanModel, HealthyHeapIsCalledHealthy) {
  AnalysisReport model = AnalyzeScenario("healthy");
  EXPECT_EQ(model.diagnosis.verdict, Verdict::kHealthy);
  EXPECT_EQ(SpanBytes(model.model), model.snapshot.memstats->heap_inuse);
  EXPECT_EQ(AnalyzeDump("healthy").diagnosis.verdict, Verdict::kHealthy);
}

TEST(SpanModel, TwoClassesFragmentDifferently) {
  // twoclasses: 32 B keeps 1/16 after churn, 256 B keeps 1/2 (testdata/README.md).
  AnalysisReport dump = AnalyzeDump("twoclasses");
  AnalysisReport model = AnalyzeScenario("twoclasses");
  for (const auto* m : {&dump.model, &model.model}) {
    const ClassModel *c32 = nullptr, *c256 = nullptr;
    for (const auto& c : m->classes) {
      if (c.slot_bytes == 32) c32 = &c;
      if (c.slot_bytes == 256) c256 = &c;
    }
    ASSERT_TRUE(c32 && c256);
    EXPECT_LT(c32->occupancy(), 0.12);
    EXPECT_GT(c256->occupancy(), 0.35);
    EXPECT_LT(c256->occupancy(), 0.65);
  }
}

TEST(SpanModel, ProfileAloneGivesTheDenseLowerBound) {
  AnalysisReport r = AnalyzeScenario("scattered", "");
  EXPECT_EQ(r.model.basis, ModelBasis::kProfileOnly);
  for (const auto& c : r.model.classes) EXPECT_EQ(c.spans, c.min_spans);
  EXPECT_EQ(r.diagnosis.verdict, Verdict::kUnknown);
}

TEST(SpanModel, SampledLiveCountsCarryAnInterval) {
  // healthy is sampled at 4096: classes without BySize rows (large) or with few samples.
  AnalysisReport r = AnalyzeScenario("scattered", "");
  bool seen = false;
  for (const auto& c : r.model.classes) {
    if (c.live_source != LiveCountSource::kProfileSampled || c.class_id == 0) continue;
    EXPECT_LE(c.live_objects_low, c.live_objects);
    EXPECT_GE(c.live_objects_high, c.live_objects);
    if (c.slot_bytes == 48) {
      seen = true;
      EXPECT_GT(c.live_samples, 50u);  // 48 B objects at rate 4096: ~1.2 % sampled
      EXPECT_LT(c.live_objects_high - c.live_objects_low, c.live_objects);
    }
  }
  EXPECT_TRUE(seen);
}

TEST(SpanModel, EveryMemStatsFormGivesTheSameFragmentation) {
  // Each form of the same program's MemStats gives exactly (HeapInuse - HeapAlloc) / HeapInuse of
  // its own figures (the forms were read moments apart, so compare each with itself).
  for (const char* file : {"memstats.json", "vars.json", "metrics.prom"}) {
    SCOPED_TRACE(file);
    AnalysisReport r = AnalyzeScenario("scattered", file);
    const MemStats& ms = *r.snapshot.memstats;
    double expected = static_cast<double>(ms.heap_inuse - ms.heap_alloc) / static_cast<double>(ms.heap_inuse);
    EXPECT_DOUBLE_EQ(r.diagnosis.fragmentation_ratio, expected);
    EXPECT_EQ(SpanBytes(r.model), ms.heap_inuse);
    EXPECT_EQ(r.diagnosis.verdict, Verdict::kDangerous);
  }
  // The ?debug=1 text profile carries its own MemStats trailer.
  AnalysisReport text = Analyze(ReadHeapInputFile(TestdataPath("scattered/heap.txt")), {GoVersion{1, 19}, 20});
  ASSERT_TRUE(text.snapshot.memstats.has_value());
  EXPECT_EQ(text.model.basis, ModelBasis::kMemStats);
  EXPECT_EQ(SpanBytes(text.model), text.snapshot.memstats->heap_inuse);
}

TEST(SpanModel, PoissonIntervalCoversTheCount) {
  double lo, hi;
  PoissonInterval95(10, lo, hi);
  EXPECT_NEAR(lo, 4.795, 0.01);  // exact Garwood interval: 4.795 .. 18.39
  EXPECT_NEAR(hi, 18.39, 0.05);
  PoissonInterval95(0, lo, hi);
  EXPECT_EQ(lo, 0);
  EXPECT_NEAR(hi, 3.689, 0.001);
}

}  // namespace
}  // namespace heapdoc
