// heapdoc check: thresholds, size and ratio parsing, .heapdoc.toml, baselines and exit codes, on
// the real profiles in testdata/ (scattered is fragmented, healthy is not).
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "analyzer/check/check_config.h"
#include "analyzer/check/size_parse.h"
#include "heapmodel/error.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::RunHeapdoc;
using testing::TempPath;
using testing::TestdataPath;
using testing::WriteFileBytes;

std::vector<std::string> Scattered(std::vector<std::string> extra) {
  std::vector<std::string> args = {"check", TestdataPath("scattered/heap.pb.gz"), "--memstats",
                                   TestdataPath("scattered/memstats.json"), "--no-config"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::vector<std::string> Healthy(std::vector<std::string> extra) {
  std::vector<std::string> args = {"check", TestdataPath("healthy/heap.pb.gz"), "--memstats",
                                   TestdataPath("healthy/memstats.json"), "--no-config"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(SizeParse, AcceptsUnits) {
  EXPECT_EQ(ParseByteSize("64MiB", "x"), 64ull << 20);
  EXPECT_EQ(ParseByteSize("1.5GB", "x"), 1'500'000'000ull);
  EXPECT_EQ(ParseByteSize("512KiB", "x"), 512ull << 10);
  EXPECT_EQ(ParseByteSize("1048576", "x"), 1048576ull);
  EXPECT_EQ(ParseByteSize("12B", "x"), 12ull);
  EXPECT_EQ(ParseByteSize("1.5KiB", "x"), 1536ull);
  EXPECT_EQ(ParseByteSize("64 mib", "x"), 64ull << 20);
  EXPECT_EQ(ParseByteSize("2TiB", "x"), 2ull << 40);
  EXPECT_EQ(ParseByteSize("0", "x"), 0ull);
  EXPECT_EQ(ParseByteSize("1.50MB", "x"), 1'500'000ull);
}

TEST(SizeParse, RejectsBadSizes) {
  for (const char* bad : {"", "MiB", "-1MiB", "1.5", "0.3B", "12XB", "1e6", "64MiBs", "1..5MB", "1.MB", "0x10",
                          "99999999999999999999", "20000000TiB", "1.0000001KB", "64 Mi B", "ten"}) {
    EXPECT_THROW(ParseByteSize(bad, "--max-class-waste"), Error) << bad;
  }
  try {
    ParseByteSize("64MB/s", "--max-class-waste");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--max-class-waste"), std::string::npos) << e.what();
  }
}

TEST(SizeParse, Ratios) {
  EXPECT_DOUBLE_EQ(ParseRatio("0.35", "x", 1), 0.35);
  EXPECT_DOUBLE_EQ(ParseRatio("35%", "x", 1), 0.35);
  EXPECT_DOUBLE_EQ(ParseRatio("35 %", "x", 1), 0.35);
  EXPECT_DOUBLE_EQ(ParseRatio("0", "x", 1), 0.0);
  EXPECT_DOUBLE_EQ(ParseRatio("250%", "x", 1000), 2.5);
  for (const char* bad : {"", "%", "35", "1.5", "-0.1", "abc", "0.35x", "nan", "inf", "35%%", ".5"})
    EXPECT_THROW(ParseRatio(bad, "--max-fragmentation", 1), Error) << bad;
}

TEST(CheckConfig, ParsesKeys) {
  CheckThresholds t = ParseCheckConfig(
      "# heapdoc check limits\nmax-fragmentation = \"35%\"\nmax-external-waste = \"64MiB\"\nmax-class-waste = 1048576\n"
      "max-site-cost = \"8MiB\"\nmax-growth = 0.2\nmin-growth = \"512KiB\"\n",
      ".heapdoc.toml");
  EXPECT_DOUBLE_EQ(*t.max_fragmentation_ratio, 0.35);
  EXPECT_EQ(*t.max_external_waste_bytes, 64ull << 20);
  EXPECT_EQ(*t.max_class_waste_bytes, 1048576ull);
  EXPECT_EQ(*t.max_site_cost_bytes, 8ull << 20);
  EXPECT_DOUBLE_EQ(*t.max_growth_ratio, 0.2);
  EXPECT_EQ(*t.min_growth_bytes, 512ull << 10);
  CheckThresholds table = ParseCheckConfig("[check]\nmax-fragmentation = 0.5\n", "f.toml");
  EXPECT_DOUBLE_EQ(*table.max_fragmentation_ratio, 0.5);
}

TEST(CheckConfig, RejectsMistakes) {
  auto message = [](const std::string& toml) {
    try {
      ParseCheckConfig(toml, "cfg.toml");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("max-fragmentaton = 0.3\n").find("unknown key"), std::string::npos);
  EXPECT_NE(message("max-fragmentation = \"lots\"\n").find("cfg.toml:1"), std::string::npos);
  EXPECT_NE(message("max-class-waste = -5\n").find("negative"), std::string::npos);
  EXPECT_NE(message("max-class-waste = true\n").find("expected a size"), std::string::npos);
  EXPECT_NE(message("max-fragmentation = 1.5\n").find("outside"), std::string::npos);
  EXPECT_NE(message("max-fragmentation = = 3\n").find("not valid TOML"), std::string::npos);
  EXPECT_NE(message("max-site-cost = \"1MiB\"\nmax-site-cost = \"2MiB\"\n").find("not valid TOML"), std::string::npos);
}

TEST(CheckCommand, FragmentedHeapFails) {
  auto r = RunHeapdoc(Scattered({"--max-fragmentation", "0.5"}));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL max-fragmentation: heap fragmentation 97.6 % > limit 50.0 %"), std::string::npos) << r.out;
  EXPECT_NE(r.out.rfind("FAIL: "), std::string::npos);
}

TEST(CheckCommand, HealthyHeapPasses) {
  auto r = RunHeapdoc(Healthy({"--max-fragmentation", "0.5", "--max-external-waste", "64MiB", "--max-class-waste", "16MiB",
                               "--max-site-cost", "16MiB"}));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS: 4 thresholds held"), std::string::npos) << r.out;
}

TEST(CheckCommand, EveryThresholdReportsFigureAndLimit) {
  auto r = RunHeapdoc(Scattered({"--max-fragmentation", "35%", "--max-external-waste", "1MiB", "--max-class-waste",
                                 "512KiB", "--max-site-cost", "1MiB"}));
  EXPECT_EQ(r.exit_code, 1);
  // The model's figures are estimates that improve over time: check the shape, not the value.
  EXPECT_NE(r.out.find("FAIL max-external-waste: heap external waste (free slots) "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" MiB > limit 1.00 MiB"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL max-class-waste: class 5 (48 B slots) free slots "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" > limit 512.0 KiB"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL max-site-cost: main.churn ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("main.go:39"), std::string::npos) << r.out;
}

TEST(CheckCommand, UsageAndInputErrorsExit2) {
  EXPECT_EQ(RunHeapdoc(Scattered({"--max-class-waste", "lots"})).exit_code, 2);
  EXPECT_EQ(RunHeapdoc(Scattered({"--max-fragmentation", "35"})).exit_code, 2);
  EXPECT_EQ(RunHeapdoc(Scattered({"--max-site-cost", "1.5"})).exit_code, 2);
  EXPECT_EQ(RunHeapdoc(Scattered({"--format", "xml", "--max-fragmentation", "0.5"})).exit_code, 2);
  EXPECT_EQ(RunHeapdoc(Scattered({})).exit_code, 2);  // no thresholds at all
  EXPECT_EQ(RunHeapdoc(Scattered({"--max-growth", "10%", "--max-fragmentation", "0.5"})).exit_code, 2);
  // Broken and non-heap inputs.
  std::string broken = TempPath("broken.pb.gz");
  WriteFileBytes(broken, testing::Gzip("not a profile at all"));
  auto r = RunHeapdoc({"check", broken, "--no-config", "--max-site-cost", "1MiB"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(broken), std::string::npos) << r.err;
  EXPECT_EQ(RunHeapdoc({"check", TestdataPath("no/such/file.pb.gz"), "--max-site-cost", "1MiB"}).exit_code, 2);
  std::string bad_memstats = TempPath("memstats.json");
  WriteFileBytes(bad_memstats, "{\"HeapAlloc\": ");
  EXPECT_EQ(RunHeapdoc({"check", TestdataPath("scattered/heap.pb.gz"), "--memstats", bad_memstats, "--no-config",
                        "--max-fragmentation", "0.5"}).exit_code, 2);
}

TEST(CheckCommand, FragmentationWithoutMemStatsIsAnError) {
  auto r = RunHeapdoc({"check", TestdataPath("scattered/heap.pb.gz"), "--no-config", "--max-fragmentation", "0.5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--memstats"), std::string::npos) << r.err;
  // A ?debug=1 profile carries its own MemStats.
  auto t = RunHeapdoc({"check", TestdataPath("scattered/heap.txt"), "--no-config", "--max-fragmentation", "0.5"});
  EXPECT_EQ(t.exit_code, 1) << t.err;
}

TEST(CheckCommand, ConfigFile) {
  std::string config = TempPath("limits.toml");
  WriteFileBytes(config, "max-fragmentation = \"50%\"\nmax-site-cost = \"64MiB\"\n");
  auto r = RunHeapdoc({"check", TestdataPath("scattered/heap.pb.gz"), "--memstats", TestdataPath("scattered/memstats.json"),
                       "--config", config});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("limit 50.0 %"), std::string::npos) << r.out;
  // A flag wins over the file's key.
  auto f = RunHeapdoc({"check", TestdataPath("scattered/heap.pb.gz"), "--memstats", TestdataPath("scattered/memstats.json"),
                       "--config", config, "--max-fragmentation", "0.99"});
  EXPECT_EQ(f.exit_code, 0) << f.out << f.err;
  std::string broken = TempPath("broken.toml");
  WriteFileBytes(broken, "max-fragmentation = 0.5\nmax-class-wast = \"1MiB\"\n");
  auto b = RunHeapdoc({"check", TestdataPath("scattered/heap.pb.gz"), "--config", broken});
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("max-class-wast"), std::string::npos) << b.err;
}

TEST(CheckCommand, ConfigFileInCurrentDirectory) {
  std::string dir = TempPath("project");
  std::filesystem::create_directories(dir);
  WriteFileBytes(dir + "/.heapdoc.toml", "[check]\nmax-fragmentation = \"50%\"\n");
  auto old = std::filesystem::current_path();
  std::filesystem::current_path(dir);  // the child heapdoc inherits it
  auto found = RunHeapdoc({"check", TestdataPath("scattered/heap.pb.gz"), "--memstats", TestdataPath("scattered/memstats.json")});
  auto ignored = RunHeapdoc({"check", TestdataPath("scattered/heap.pb.gz"), "--memstats",
                             TestdataPath("scattered/memstats.json"), "--no-config"});
  std::filesystem::current_path(old);
  EXPECT_EQ(found.exit_code, 1) << found.out << found.err;
  EXPECT_NE(found.out.find("limit 50.0 %"), std::string::npos) << found.out;
  EXPECT_EQ(ignored.exit_code, 2) << ignored.out;  // no thresholds left
}

TEST(CheckCommand, BaselineFailsOnlyOnRegressions) {
  const std::vector<std::string> base = {"--baseline", TestdataPath("scattered/heap.pb.gz"), "--baseline-memstats",
                                         TestdataPath("scattered/memstats.json")};
  // The same heap as its own baseline: over the absolute limit, but not a regression.
  auto same = Scattered({"--max-fragmentation", "0.5", "--max-growth", "10%"});
  same.insert(same.end(), base.begin(), base.end());
  auto r = RunHeapdoc(same);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("WARN max-fragmentation"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("already over in the baseline"), std::string::npos) << r.out;
  // Healthy -> scattered: fragmentation, external waste, class waste and site cost all grew.
  auto grew = Scattered({"--baseline", TestdataPath("healthy/heap.pb.gz"), "--baseline-memstats",
                         TestdataPath("healthy/memstats.json"), "--max-growth", "10%"});
  auto g = RunHeapdoc(grew);
  EXPECT_EQ(g.exit_code, 1) << g.out << g.err;
  for (const char* rule : {"growth-fragmentation", "growth-external-waste", "growth-class-waste", "growth-site-cost"})
    EXPECT_NE(g.out.find(std::string("FAIL ") + rule), std::string::npos) << rule << "\n" << g.out;
  // Scattered -> healthy: fragmentation and waste shrank, and the sites new in healthy (a different
  // program) hold only what they hold: a few KiB, not a share of garbage they never made.
  auto shrank = Healthy({"--baseline", TestdataPath("scattered/heap.pb.gz"), "--baseline-memstats",
                         TestdataPath("scattered/memstats.json"), "--max-growth", "10%"});
  auto s = RunHeapdoc(shrank);
  EXPECT_EQ(s.exit_code, 0) << s.out << s.err;
  EXPECT_EQ(s.out.find("FAIL growth-fragmentation"), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("FAIL growth-external-waste"), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("FAIL growth-site-cost"), std::string::npos) << s.out;
  // A generous allowed growth and noise floor pass the regression too.
  auto loose = grew;
  loose.back() = "100000%";
  loose.insert(loose.end(), {"--min-growth", "1GiB"});
  auto l = RunHeapdoc(loose);
  EXPECT_EQ(l.exit_code, 0) << l.out;
}

TEST(CheckCommand, JsonAndGithubFormats) {
  auto j = RunHeapdoc(Scattered({"--max-fragmentation", "0.5", "--max-site-cost", "1MiB", "--format", "json"}));
  EXPECT_EQ(j.exit_code, 1);
  auto doc = nlohmann::json::parse(j.out);
  EXPECT_FALSE(doc["passed"].get<bool>());
  EXPECT_EQ(doc["failures"].get<int>(), 2);
  EXPECT_DOUBLE_EQ(doc["thresholds"]["max_fragmentation_ratio"].get<double>(), 0.5);
  EXPECT_EQ(doc["checks"][0]["status"], "fail");
  auto g = RunHeapdoc(Scattered({"--max-fragmentation", "0.5", "--max-site-cost", "1MiB", "--format", "github",
                                 "--trim-prefix", "heapdoc/"}));
  EXPECT_EQ(g.exit_code, 1);
  EXPECT_NE(g.out.find("::error title=heapdoc max-fragmentation::max-fragmentation: heap fragmentation 97.6 %25 > limit 50.0 %25"),
            std::string::npos) << g.out;
  EXPECT_NE(g.out.find("::error file=testdata/gen/scattered/main.go,line=39,title=heapdoc max-site-cost::"), std::string::npos)
      << g.out;
  // Every line is a workflow command except the final verdict.
  size_t lines = 0, commands = 0;
  for (size_t start = 0; start < g.out.size();) {
    size_t end = g.out.find('\n', start);
    std::string line = g.out.substr(start, end - start);
    ++lines;
    commands += line.rfind("::", 0) == 0;
    start = end + 1;
  }
  EXPECT_EQ(commands + 1, lines) << g.out;
  EXPECT_EQ(g.out.substr(g.out.rfind("FAIL: "), 6), "FAIL: ");
}

TEST(CheckCommand, OutputFileKeepsVerdictOnStderr) {
  std::string out = TempPath("check.json");
  auto r = RunHeapdoc(Healthy({"--max-fragmentation", "0.5", "--format", "json", "-o", out}));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("PASS"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::parse(testing::ReadFileBytes(out))["passed"].get<bool>());
}

}  // namespace
}  // namespace heapdoc

namespace heapdoc {
namespace {

// Fragmentation growth is in percentage points: healthy on Go 1.19 (16.5 %) against Go 1.22 (19.6 %)
// grew by 3.2 points (19 % relative), within --max-growth 10% (10 points) but not within 2%.
TEST(CheckCommand, FragmentationGrowthIsInPercentagePoints) {
  std::vector<std::string> args = {"check", testing::TestdataPath("healthy/go1.22/heap.pb.gz"), "--memstats",
                                   testing::TestdataPath("healthy/go1.22/memstats.json"), "--baseline",
                                   testing::TestdataPath("healthy/heap.pb.gz"), "--baseline-memstats",
                                   testing::TestdataPath("healthy/memstats.json"), "--max-growth", "10%",
                                   "--min-growth", "1GiB", "--no-config"};
  auto r = testing::RunHeapdoc(args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("FAIL growth-fragmentation"), std::string::npos) << r.out;
  args[args.size() - 4] = "2%";
  r = testing::RunHeapdoc(args);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL growth-fragmentation: heap fragmentation 16.5 % -> 19.6 % (+3.2 points) > allowed growth +2.0 points"),
            std::string::npos) << r.out;
}

}  // namespace
}  // namespace heapdoc
