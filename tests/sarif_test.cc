// SARIF and GitHub outputs of heapdoc check, built in-process from the real scattered profile:
// structure, rule indices, levels and locations. (Schema validation: ctest sarif_schema.)
#include <gtest/gtest.h>

#include "analyzer/analysis.h"
#include "analyzer/check/threshold_check.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "analyzer/report/github_report.h"
#include "analyzer/report/sarif_report.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::TestdataPath;

AnalysisReport Load(const std::string& scenario) {
  HeapSnapshot s = ReadHeapInputFile(TestdataPath(scenario + "/heap.pb.gz"));
  AttachMemStats(s, ReadMemStatsFile(TestdataPath(scenario + "/memstats.json")));
  return Analyze(std::move(s), {});
}

TEST(Sarif, PathToUri) {
  EXPECT_EQ(PathToUri("cmd/server/main.go"), "cmd/server/main.go");
  EXPECT_EQ(PathToUri("/home/ci/src/app/main.go"), "file:///home/ci/src/app/main.go");
  EXPECT_EQ(PathToUri("C:\\src\\app\\main.go"), "file:///C:/src/app/main.go");
  EXPECT_EQ(PathToUri("my dir/a#b.go"), "my%20dir/a%23b.go");
  EXPECT_EQ(PathToUri("pkg:odd/x.go"), "pkg%3Aodd/x.go");  // a colon would read as a scheme
}

TEST(Sarif, LogStructure) {
  AnalysisReport report = Load("scattered");
  CheckThresholds t;
  t.max_fragmentation_ratio = 0.5;
  t.max_site_cost_bytes = 1 << 20;
  CheckResult result = RunChecks(report, t);
  ASSERT_EQ(result.failures(), 2u);
  auto log = BuildSarifLog(result, report, {});
  EXPECT_EQ(log["version"], "2.1.0");
  ASSERT_EQ(log["runs"].size(), 1u);
  const auto& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "heapdoc");
  const auto& rules = run["tool"]["driver"]["rules"];
  EXPECT_EQ(rules.size(), static_cast<size_t>(kCheckRuleCount) + std::size(kAllAdviceKinds));
  const auto& results = run["results"];
  ASSERT_GE(results.size(), 2u);
  for (const auto& r : results) {
    int index = r["ruleIndex"].get<int>();
    ASSERT_LT(index, static_cast<int>(rules.size()));
    EXPECT_EQ(rules[index]["id"], r["ruleId"]);  // ruleIndex points at the result's rule
    ASSERT_EQ(r["locations"].size(), 1u);
    EXPECT_TRUE(r["locations"][0]["physicalLocation"].contains("artifactLocation"));
  }
  EXPECT_EQ(results[0]["ruleId"], "max-fragmentation");
  EXPECT_EQ(results[0]["level"], "error");
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], PathToUri(report.snapshot.source));
  EXPECT_EQ(results[1]["ruleId"], "max-site-cost");
  const auto& site = results[1]["locations"][0];
  EXPECT_EQ(site["physicalLocation"]["region"]["startLine"], 39);
  EXPECT_EQ(site["logicalLocations"][0]["fullyQualifiedName"], "main.churn");
  EXPECT_EQ(run["invocations"][0]["exitCode"], 1);
  // Advice follows as warnings or notes.
  for (size_t i = 2; i < results.size(); ++i) {
    EXPECT_EQ(results[i]["ruleId"].get<std::string>().rfind("advice/", 0), 0u);
    EXPECT_NE(results[i]["level"], "error");
  }
}

TEST(Sarif, PassingCheckHasNoThresholdResults) {
  AnalysisReport report = Load("healthy");
  CheckThresholds t;
  t.max_fragmentation_ratio = 0.5;
  CheckResult result = RunChecks(report, t);
  EXPECT_TRUE(result.passed());
  auto log = BuildSarifLog(result, report, {});
  for (const auto& r : log["runs"][0]["results"]) EXPECT_NE(r["level"], "error");
  EXPECT_EQ(log["runs"][0]["invocations"][0]["exitCode"], 0);
}

TEST(Github, Escaping) {
  EXPECT_EQ(GithubEscapeData("50% of a\nb"), "50%25 of a%0Ab");
  EXPECT_EQ(GithubEscapeProperty("a:b,c%"), "a%3Ab%2Cc%25");
}

TEST(Github, TrimPrefixMakesRepoRelativePaths) {
  AnalysisReport report = Load("scattered");
  CheckThresholds t;
  t.max_site_cost_bytes = 1 << 20;
  CheckResult result = RunChecks(report, t);
  LocationOptions trim;
  trim.trim_prefix = "heapdoc/testdata/";
  std::string out = RenderGithubCommands(result, report, trim);
  EXPECT_NE(out.find("::error file=gen/scattered/main.go,line=39,"), std::string::npos) << out;
}

}  // namespace
}  // namespace heapdoc
