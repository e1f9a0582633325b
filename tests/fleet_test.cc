// heapdoc analyze on many profiles: directory listing and globbing, parallel analysis that
// matches one-at-a-time analysis, worst-first ranking, what recurs, and broken inputs skipped.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analyzer/fleet/fleet_analysis.h"
#include "analyzer/readers/heap_input.h"
#include "analyzer/report/fleet_report.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using nlohmann::json;
using testing::RunHeapdoc;
using testing::TempPath;
using testing::TestdataPath;

namespace fs = std::filesystem;

// A fresh directory holding copies of the given testdata files under new names.
std::string FleetDir(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
  std::string dir = TempPath(name);
  fs::remove_all(dir);  // a reused pid finds an earlier run's files here
  fs::create_directories(dir);
  for (const auto& [from, to] : files) fs::copy_file(TestdataPath(from), dir + "/" + to);
  return dir;
}

json FleetJson(const std::vector<std::string>& args, int expected_exit = 0) {
  std::vector<std::string> argv = {"analyze"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--format", "json"});
  auto r = RunHeapdoc(argv);
  EXPECT_EQ(r.exit_code, expected_exit) << r.err;
  return json::parse(r.out)["fleet"];
}

TEST(Fleet, DirectorySkipsPlainNonProfilesAndAnalyzesTheRest) {
  json fleet = FleetJson({TestdataPath("scattered")});
  // heap.pb.gz, heap.txt (with MemStats) and heap.dump.gz; JSON, .prom and pprof -raw text skipped.
  EXPECT_EQ(fleet["profiles"].size(), 3u);
  EXPECT_EQ(fleet["errors"].size(), 0u);
  std::vector<std::string> skipped = fleet["skipped"];
  EXPECT_NE(std::find(skipped.begin(), skipped.end(), TestdataPath("scattered/expected.json")), skipped.end());
  EXPECT_NE(std::find(skipped.begin(), skipped.end(), TestdataPath("scattered/metrics.prom")), skipped.end());
  for (const json& p : fleet["profiles"]) {
    EXPECT_EQ(p["worst_class"]["size"], 48) << p["source"];
    EXPECT_EQ(p["worst_site"]["function"], "main.churn") << p["source"];
  }
  // Every profile knows its MemStats: the text trailer, the heap dump's record, and for heap.pb.gz
  // the vars.json beside it (as --save lays them out).
  for (const json& p : fleet["profiles"]) {
    EXPECT_EQ(p["verdict"], "dangerous") << p["source"];
    EXPECT_NE(p["fragmentation_ratio"], nullptr) << p["source"];
  }
  ASSERT_EQ(fleet["recurring_classes"].size(), 1u);
  EXPECT_EQ(fleet["recurring_classes"][0]["size"], 48);
  EXPECT_EQ(fleet["recurring_classes"][0]["profiles"], 3);
  ASSERT_EQ(fleet["recurring_sites"].size(), 1u);
  EXPECT_EQ(fleet["recurring_sites"][0]["function"], "main.churn");
  EXPECT_EQ(fleet["recurring_sites"][0]["profiles"], 3);
}

TEST(Fleet, RowsEqualSingleProfileAnalysis) {
  std::vector<std::string> files = {TestdataPath("scattered/heap.txt"), TestdataPath("healthy/heap.pb.gz"),
                                    TestdataPath("wide/heap.pb.gz"), TestdataPath("padded/heap.txt"),
                                    TestdataPath("large/heap.pb.gz")};
  json fleet = FleetJson(files);
  ASSERT_EQ(fleet["profiles"].size(), files.size());
  for (const json& row : fleet["profiles"]) {
    // The fleet pairs a profile file with the MemStats beside it; one analysis is given them.
    std::vector<std::string> args = {"analyze", row["source"], "--format", "json"};
    std::string beside = MemStatsBeside(row["source"]);
    if (!beside.empty() && row["format"] == "pprof") args.insert(args.end(), {"--memstats", beside});
    auto single = RunHeapdoc(args);
    ASSERT_EQ(single.exit_code, 0) << single.err;
    json report = json::parse(single.out);
    json s = report["summary"];
    EXPECT_EQ(row["live_bytes"], s["live_bytes"]) << row["source"];
    EXPECT_EQ(row["live_objects"], s["live_objects"]);
    EXPECT_EQ(row["alloc_bytes"], s["alloc_bytes"]);
    EXPECT_EQ(row["verdict"], s["verdict"]);
    EXPECT_EQ(row["fragmentation_ratio"], s["fragmentation_ratio"]);
    EXPECT_EQ(row["span_bytes"], s["span_bytes"]);
    EXPECT_EQ(row["free_slot_bytes"], s["external_waste_bytes"]);
    uint64_t min_span_bytes = 0;
    for (const json& c : report["size_classes"]) min_span_bytes += c.value("min_spans", 0) * c.value("span_size", 0);
    if (report["size_classes"].back()["class"] != 0) {  // large rows' page-rounded bytes are not in the JSON
      EXPECT_EQ(row["min_span_bytes"], min_span_bytes) << row["source"];
    }
    if (!report["sites"].empty()) {
      EXPECT_EQ(row["worst_site"]["function"], report["sites"][0]["function"]);
      EXPECT_EQ(row["worst_site"]["live_bytes"], report["sites"][0]["live_bytes"]);
    }
  }
  // Worst first: dangerous, watch, unknown, healthy; by fragmentation inside a verdict.
  auto severity = [](const std::string& v) { return v == "dangerous" ? 3 : v == "watch" ? 2 : v == "unknown" ? 1 : 0; };
  for (size_t i = 1; i < fleet["profiles"].size(); ++i) {
    const json &a = fleet["profiles"][i - 1], &b = fleet["profiles"][i];
    EXPECT_GE(severity(a["verdict"]), severity(b["verdict"]));
    if (a["verdict"] == b["verdict"] && a["fragmentation_ratio"].is_number()) {
      EXPECT_GE(a["fragmentation_ratio"].get<double>(), b["fragmentation_ratio"].get<double>());
    }
  }
}

TEST(Fleet, BrokenFileIsReportedAndSkipped) {
  std::string dir = FleetDir("broken", {{"scattered/heap.pb.gz", "a.pb.gz"}, {"healthy/heap.pb.gz", "b.pb.gz"}});
  std::string truncated = testing::ReadFileBytes(TestdataPath("wide/heap.pb.gz")).substr(0, 300);
  testing::WriteFileBytes(dir + "/c.pb.gz", truncated);
  auto r = RunHeapdoc({"analyze", dir, "--format", "json"});
  EXPECT_EQ(r.exit_code, 0);
  json fleet = json::parse(r.out)["fleet"];
  EXPECT_EQ(fleet["profiles"].size(), 2u);
  ASSERT_EQ(fleet["errors"].size(), 1u);
  EXPECT_EQ(fleet["errors"][0]["source"], dir + "/c.pb.gz");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.rfind("heapdoc: " + dir + "/c.pb.gz: ", 0), 0u) << r.err;
  EXPECT_EQ(fleet["inputs"], 3);
  EXPECT_EQ(fleet["analyzed"], 2);
}

TEST(Fleet, NothingAnalyzedIsExitTwo) {
  std::string dir = TempPath("none");
  fs::create_directories(dir);
  testing::WriteFileBytes(dir + "/x.pb.gz", std::string("\x1f\x8b\x08\x00garbage", 12));
  auto r = RunHeapdoc({"analyze", dir, TestdataPath("memstats/vars.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir + "/x.pb.gz: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("vars.json: a JSON document"), std::string::npos) << r.err;  // named explicitly: not skipped
  EXPECT_NE(r.out.find("0 of 2 profiles analyzed, 2 errors"), std::string::npos) << r.out;
}

TEST(Fleet, GlobPatternsTheShellLeftAlone) {
  json fleet = FleetJson({TestdataPath("*/heap.pb.gz")});
  size_t expected = 0;
  for (const auto& e : fs::directory_iterator(TestdataPath("")))
    expected += fs::exists(e.path() / "heap.pb.gz");
  EXPECT_EQ(fleet["profiles"].size() + fleet["errors"].size(), expected);
  EXPECT_GE(fleet["profiles"].size(), 10u);
  auto none = RunHeapdoc({"analyze", TestdataPath("*/nothing-*.pb")});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("nothing-*.pb: no files match this pattern"), std::string::npos) << none.err;
}

TEST(Fleet, RecurringAcrossCopiesOfOneService) {
  std::string dir = FleetDir("copies", {{"scattered/heap.pb.gz", "i1.pb.gz"},
                                        {"scattered/heap.pb.gz", "i2.pb.gz"},
                                        {"scattered/heap.txt", "i3.txt"},
                                        {"healthy/heap.pb.gz", "other.pb.gz"}});
  json fleet = FleetJson({dir});
  EXPECT_EQ(fleet["profiles"].size(), 4u);
  ASSERT_GE(fleet["recurring_sites"].size(), 1u);
  EXPECT_EQ(fleet["recurring_sites"][0]["function"], "main.churn");
  EXPECT_EQ(fleet["recurring_sites"][0]["profiles"], 3);
  EXPECT_EQ(fleet["recurring_classes"][0]["size"], 48);
  EXPECT_EQ(fleet["recurring_classes"][0]["profiles"], 3);
}

TEST(Fleet, TextAndMarkdownViews) {
  std::string dir = FleetDir("views", {{"scattered/heap.txt", "a.txt"}, {"scattered/heap.pb.gz", "b.pb.gz"}});
  auto text = RunHeapdoc({"analyze", dir});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("heapdoc fleet: 2 of 2 profiles analyzed"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("dangerous"), std::string::npos);
  EXPECT_NE(text.out.find("5 (48 B)"), std::string::npos);
  EXPECT_EQ(text.err, "");  // not a terminal: no progress bar
  auto md = RunHeapdoc({"analyze", dir, "--format", "markdown"});
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_NE(md.out.find("# heapdoc fleet report"), std::string::npos);
  EXPECT_NE(md.out.find("| profile | verdict |"), std::string::npos);
  EXPECT_NE(md.out.find("## Recurring worst allocation sites"), std::string::npos);
}

TEST(Fleet, SingleProfileFlagsAreRefused) {
  auto r = RunHeapdoc({"analyze", TestdataPath("scattered/heap.pb.gz"), TestdataPath("healthy/heap.pb.gz"), "--memstats",
                       TestdataPath("scattered/memstats.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--memstats and --dump apply to one profile"), std::string::npos) << r.err;
}

TEST(FleetAnalysis, SameResultWithOneThreadOrMany) {
  FleetInputs inputs = ExpandFleetInputs({TestdataPath("*/heap.pb.gz"), TestdataPath("*/heap.txt")});
  ASSERT_GE(inputs.inputs.size(), 20u);
  FleetOptions one, many;
  one.threads = 1;
  many.threads = 8;
  size_t calls = 0;
  many.progress = [&calls](size_t done, size_t total) {
    ++calls;
    EXPECT_LE(done, total);
  };
  EXPECT_EQ(BuildFleetJson(AnalyzeFleet(inputs, one)), BuildFleetJson(AnalyzeFleet(inputs, many)));
  EXPECT_EQ(calls, inputs.inputs.size());
}

TEST(FleetAnalysis, RankingPutsKnownDangerFirstAndHealthyLast) {
  std::vector<FleetProfileRow> rows(5);
  rows[0].source = "healthy";
  rows[0].verdict = Verdict::kHealthy;
  rows[0].has_memstats = true;
  rows[1].source = "unknown-small";
  rows[1].live_bytes = 10;
  rows[2].source = "watch";
  rows[2].verdict = Verdict::kWatch;
  rows[2].has_memstats = true;
  rows[2].fragmentation_ratio = 0.3;
  rows[3].source = "dangerous";
  rows[3].verdict = Verdict::kDangerous;
  rows[3].has_memstats = true;
  rows[3].fragmentation_ratio = 0.9;
  rows[4].source = "unknown-big";
  rows[4].live_bytes = 1000;
  RankFleetRows(rows);
  std::vector<std::string> order;
  for (const auto& r : rows) order.push_back(r.source);
  EXPECT_EQ(order, (std::vector<std::string>{"dangerous", "watch", "unknown-big", "unknown-small", "healthy"}));
}

TEST(FleetInputs, DirectoriesAreListedSortedAndNotRecursively) {
  std::string dir = FleetDir("listing", {{"scattered/heap.pb.gz", "b.pb.gz"}, {"healthy/heap.pb.gz", "a.pb.gz"}});
  fs::create_directories(dir + "/sub");
  fs::copy_file(TestdataPath("wide/heap.pb.gz"), dir + "/sub/c.pb.gz");
  EXPECT_TRUE(IsFleetRequest({dir}));
  EXPECT_FALSE(IsFleetRequest({dir + "/a.pb.gz"}));
  EXPECT_FALSE(IsFleetRequest({"http://127.0.0.1:6060"}));
  EXPECT_TRUE(IsFleetRequest({dir + "/*.pb.gz"}));
  FleetInputs inputs = ExpandFleetInputs({dir});
  ASSERT_EQ(inputs.inputs.size(), 2u);
  EXPECT_EQ(inputs.inputs[0].name, dir + "/a.pb.gz");
  EXPECT_EQ(inputs.inputs[1].name, dir + "/b.pb.gz");
  EXPECT_TRUE(inputs.inputs[0].from_directory);
  EXPECT_FALSE(PlainlyNotAProfile(dir + "/a.pb.gz"));
  EXPECT_TRUE(PlainlyNotAProfile(TestdataPath("scattered/expected.json")));
  EXPECT_FALSE(PlainlyNotAProfile(TestdataPath("scattered/heap.txt")));
}

}  // namespace
}  // namespace heapdoc
