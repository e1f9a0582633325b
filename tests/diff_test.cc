// heapdoc diff: per figure, class and site changes between two real profiles, sorted by absolute
// change; and the command's three formats.
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"
#include "analyzer/diff/report_comparison.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::RunHeapdoc;
using testing::TestdataPath;

AnalysisReport Load(const std::string& scenario, bool memstats = true) {
  HeapSnapshot s = ReadHeapInputFile(TestdataPath(scenario + "/heap.pb.gz"));
  if (memstats) AttachMemStats(s, ReadMemStatsFile(TestdataPath(scenario + "/memstats.json")));
  return Analyze(std::move(s), {});
}

const FigureDiff& Summary(const ReportDiff& d, const std::string& key) {
  for (const auto& f : d.summary)
    if (f.key == key) return f;
  throw std::runtime_error("no figure " + key);
}

TEST(Diff, SameProfileHasNoChanges) {
  AnalysisReport a = Load("scattered"), b = Load("scattered");
  ReportDiff d = DiffReports(a, b);
  EXPECT_TRUE(d.classes.empty());
  EXPECT_TRUE(d.sites.empty());
  for (const auto& f : d.summary) EXPECT_EQ(f.delta(), 0) << f.name;
  EXPECT_EQ(d.unchanged_sites, a.breakdown.sites.size());
}

TEST(Diff, HealthyToScattered) {
  AnalysisReport base = Load("healthy"), now = Load("scattered");
  ReportDiff d = DiffReports(base, now);
  EXPECT_TRUE(d.waste_known);
  const FigureDiff& inuse = Summary(d, "heap_inuse_bytes");
  EXPECT_EQ(*inuse.base, static_cast<double>(base.diagnosis.heap_inuse_bytes));
  EXPECT_EQ(*inuse.now, static_cast<double>(now.diagnosis.heap_inuse_bytes));
  EXPECT_GT(Summary(d, "fragmentation_ratio").delta(), 0.5);
  EXPECT_GT(Summary(d, "external_waste_bytes").delta(), 20.0 * (1 << 20));
  EXPECT_EQ(Summary(d, "live_bytes").delta(),
            static_cast<double>(now.breakdown.totals.live_bytes - base.breakdown.totals.live_bytes));
  // Sorted by absolute change, largest first; the 48 B class (scattered's churn) leads.
  ASSERT_FALSE(d.classes.empty());
  EXPECT_EQ(d.classes[0].slot_bytes, 48u);
  for (size_t i = 1; i < d.classes.size(); ++i) EXPECT_GE(d.classes[i - 1].sort_key, d.classes[i].sort_key);
  for (size_t i = 1; i < d.sites.size(); ++i)
    EXPECT_GE(std::fabs(d.sites[i - 1].live_bytes.delta()), std::fabs(d.sites[i].live_bytes.delta()));
  // Class deltas add up to the model's span-byte change.
  double class_delta = 0;
  for (const auto& c : d.classes) class_delta += c.span_bytes.delta();
  EXPECT_DOUBLE_EQ(class_delta, Summary(d, "span_bytes").delta());
  bool churn_new = false;
  for (const auto& s : d.sites) churn_new |= s.function == "main.churn" && s.in_new && !s.in_base;
  EXPECT_TRUE(churn_new);
}

TEST(Diff, WithoutMemStatsFiguresAreUnknown) {
  ReportDiff d = DiffReports(Load("healthy", false), Load("scattered", false));
  EXPECT_FALSE(d.waste_known);
  EXPECT_FALSE(Summary(d, "heap_inuse_bytes").known());
  EXPECT_FALSE(Summary(d, "external_waste_bytes").known());
  EXPECT_TRUE(Summary(d, "live_bytes").known());
}

TEST(DiffCommand, Formats) {
  std::vector<std::string> args = {"diff", TestdataPath("healthy/heap.pb.gz"), TestdataPath("scattered/heap.pb.gz"),
                                   "--base-memstats", TestdataPath("healthy/memstats.json"), "--memstats",
                                   TestdataPath("scattered/memstats.json"), "--top", "5"};
  auto text = RunHeapdoc(args);
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("fragmentation"), std::string::npos);
  EXPECT_NE(text.out.find("main.churn (new)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("1 grew"), std::string::npos) << text.out;
  args.push_back("--format");
  args.push_back("json");
  auto json = RunHeapdoc(args);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto doc = nlohmann::json::parse(json.out);
  EXPECT_GT(doc["summary"]["heap_inuse_bytes"]["delta"].get<double>(), 0);
  EXPECT_LE(doc["sites"].size(), 5u);
  EXPECT_EQ(doc["size_classes"][0]["size"], 48);
  args.back() = "markdown";
  auto md = RunHeapdoc(args);
  ASSERT_EQ(md.exit_code, 0);
  EXPECT_NE(md.out.find("# heapdoc diff"), std::string::npos);
  EXPECT_NE(md.out.find("| figure |"), std::string::npos) << md.out;
  EXPECT_EQ(RunHeapdoc({"diff", TestdataPath("healthy/heap.pb.gz")}).exit_code, 2);
  EXPECT_EQ(RunHeapdoc({"diff", TestdataPath("healthy/heap.pb.gz"), TestdataPath("healthy/memstats.json")}).exit_code, 2);
}

}  // namespace
}  // namespace heapdoc
