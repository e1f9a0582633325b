// The retention profile (--retention-profile): reference chains of committed retention dumps
// written as pprof, read back (heapdoc's gunzip and the generated profile.proto classes; heapdoc's
// own pprof reader recognises and refuses it as no heap profile), and shown by the real
// `go tool pprof` of the newest installed Go.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "analyzer/analysis.h"
#include "analyzer/readers/byte_stream.h"
#include "analyzer/readers/heap_dump_reader.h"
#include "analyzer/readers/pprof_reader.h"
#include "analyzer/report/retention_profile.h"
#include "heapmodel/error.h"
#include "profile.pb.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

namespace pb = perftools::profiles;
using testing::ReadFileBytes;
using testing::RunHeapdoc;
using testing::TempPath;
using testing::TestdataPath;
using testing::WriteFileBytes;

AnalysisReport AnalyzeDump(const std::string& holder, const std::string& version) {
  return Analyze(ReadHeapDump(TestdataPath("retention/" + holder + "/go" + version + "/heap.dump.gz")), {});
}

// A profile as read back: each sample's frame names leaf first, and its values.
struct ReadBackSample {
  std::vector<std::string> frames;
  std::vector<int64_t> values;
  std::map<std::string, std::string> labels;
};

std::vector<ReadBackSample> ReadBack(const std::string& path, pb::Profile& profile) {
  InputBytes input = ReadInputFile(path, {});
  EXPECT_TRUE(input.gzipped);
  EXPECT_TRUE(profile.ParseFromString(input.bytes));
  auto str = [&profile](int64_t i) {
    EXPECT_GE(i, 0);
    EXPECT_LT(i, profile.string_table_size());
    return i >= 0 && i < profile.string_table_size() ? profile.string_table(static_cast<int>(i)) : std::string();
  };
  EXPECT_EQ(str(0), "");
  std::map<uint64_t, std::string> function_names, location_names;
  for (const pb::Function& f : profile.function()) function_names[f.id()] = str(f.name());
  for (const pb::Location& l : profile.location()) {
    EXPECT_EQ(l.line_size(), 1);
    EXPECT_EQ(l.mapping_id(), 1u);
    EXPECT_TRUE(function_names.count(l.line(0).function_id()));
    location_names[l.id()] = function_names[l.line(0).function_id()];
  }
  std::vector<ReadBackSample> out;
  for (const pb::Sample& s : profile.sample()) {
    ReadBackSample r;
    for (uint64_t id : s.location_id()) {
      EXPECT_TRUE(location_names.count(id)) << id;
      r.frames.push_back(location_names[id]);
    }
    r.values.assign(s.value().begin(), s.value().end());
    for (const pb::Label& l : s.label()) r.labels[str(l.key())] = str(l.str());
    out.push_back(std::move(r));
  }
  return out;
}

TEST(RetentionProfileTest, ReadsBackAsTheHoldersChainsLeafFirst) {
  for (std::string holder : {"globalslice", "goroutinelocal"}) {
    SCOPED_TRACE(holder);
    AnalysisReport report = AnalyzeDump(holder, "1.26");
    ASSERT_FALSE(report.holders.empty());
    std::string path = TempPath(holder + ".pb.gz");
    WriteFileBytes(path, RenderRetentionProfile(report));
    pb::Profile profile;
    std::vector<ReadBackSample> samples = ReadBack(path, profile);
    ASSERT_EQ(profile.sample_type_size(), 3);
    EXPECT_EQ(profile.string_table(static_cast<int>(profile.sample_type(0).type())), "retained");
    EXPECT_EQ(profile.string_table(static_cast<int>(profile.sample_type(1).type())), "pinned");
    EXPECT_EQ(profile.string_table(static_cast<int>(profile.sample_type(1).unit())), "bytes");
    EXPECT_EQ(profile.string_table(static_cast<int>(profile.sample_type(2).unit())), "count");
    EXPECT_EQ(profile.string_table(static_cast<int>(profile.default_sample_type())), "pinned");
    ASSERT_EQ(samples.size(), report.holders.size());
    for (size_t i = 0; i < samples.size(); ++i) {
      const RetentionHolder& h = report.holders[i];
      const ReadBackSample& s = samples[i];
      ASSERT_EQ(s.frames.size(), h.path.size());
      EXPECT_EQ(s.frames.front(), h.survivors);  // the leaf: what the chain keeps alive
      for (size_t k = 1; k + 1 < h.path.size(); ++k) EXPECT_EQ(s.frames[s.frames.size() - 1 - k], h.path[k]);
      bool global = h.root_kind == RootKind::kData || h.root_kind == RootKind::kBss;
      EXPECT_EQ(s.frames.back(), global                                   ? h.name + " (global)"
                                 : h.root_kind == RootKind::kStackFrame ? h.name
                                                                        : h.name + " (" + h.kind + ")");
      EXPECT_EQ(s.values, (std::vector<int64_t>{static_cast<int64_t>(h.retained_share_bytes),
                                                static_cast<int64_t>(h.pinned_bytes), static_cast<int64_t>(h.held_objects)}));
      EXPECT_EQ(s.labels.at("holder"), h.name);
      EXPECT_EQ(s.labels.at("site"), h.site);
    }
    // main.newEntry's survivors are the top holder's; every survivor has one holder, so the retained
    // shares of its holders add up to the site's retained set.
    const RetentionHolder& top = report.holders.front();
    EXPECT_NE(top.survivors.find("main.newEntry"), std::string::npos) << top.survivors;
    EXPECT_GT(top.pinned_bytes, 0u);
    EXPECT_EQ(top.retained_share_bytes, top.retained_bytes);
    if (holder == "goroutinelocal") {
      EXPECT_EQ(samples.front().frames.back(), "main.holder");
    }
  }
}

TEST(RetentionProfileTest, HeapdocsPprofReaderKnowsItIsNoHeapProfile) {
  std::string bytes = RenderRetentionProfile(AnalyzeDump("globalslice", "1.26"));
  try {
    ParsePprofHeapProfile(bytes, "retention.pb.gz");
    FAIL() << "read as a heap profile";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("retained/bytes, pinned/bytes, objects/count (heapdoc's retention profile"),
              std::string::npos)
        << e.what();
  }
}

TEST(RetentionProfileTest, NoHoldersIsAnEmptyValidProfile) {
  AnalysisReport report;
  std::string path = TempPath("empty.pb.gz");
  WriteFileBytes(path, RenderRetentionProfile(report));
  pb::Profile profile;
  EXPECT_TRUE(ReadBack(path, profile).empty());
  EXPECT_EQ(profile.sample_type_size(), 3);
}

TEST(RetentionProfileTest, RefusedForAProfileAndAFleet) {
  testing::RunResult r = RunHeapdoc({"analyze", TestdataPath("healthy/heap.pb.gz"), "--retention-profile", TempPath("r.pb.gz")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a heap dump"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(TempPath("r.pb.gz")));
  std::string dump = TestdataPath("retention/globalslice/go1.26/heap.dump.gz");
  r = RunHeapdoc({"analyze", dump, "--retention-profile", "-"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("same place"), std::string::npos) << r.err;
  r = RunHeapdoc({"analyze", TestdataPath("healthy"), TestdataPath("twoclasses"), "--retention-profile", TempPath("f.pb.gz")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not to a fleet"), std::string::npos) << r.err;
}

// The newest Go toolchain installed (/usr/lib/go-1.N), or "" when there is none.
std::string NewestGo() {
  for (const char* v : {"1.26", "1.24", "1.22", "1.19"}) {
    std::string go = fmt::format("/usr/lib/go-{}/bin/go", v);
    if (std::filesystem::exists(go)) return go;
  }
  return "";
}

std::string RunCapture(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  EXPECT_EQ(pclose(p), 0) << command << "\n" << out;
  return out;
}

// The cum column of `go tool pprof -top` for the row named `name`, in bytes or counts (-unit=B
// prints plain numbers with their unit letter); -1 when there is no such row.
int64_t TopCum(const std::string& top, const std::string& name) {
  std::istringstream lines(top);
  std::regex row(R"(^\s*(\d+)\w*\s+[\d.]+%\s+[\d.]+%\s+(\d+)\w*\s+[\d.]+%\s+(.*)$)");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, row) && m[3] == name) return std::stoll(m[2]);
  }
  return -1;
}

TEST(RetentionProfileTest, GoToolPprofShowsTheHolderWithItsBytes) {
  std::string go = NewestGo();
  if (go.empty()) GTEST_SKIP() << "no Go toolchain under /usr/lib/go-1.NN (testdata/gen/install_go.sh installs them)";
  std::string dump = TestdataPath("retention/globalslice/go1.26/heap.dump.gz");
  std::string path = TempPath("retention.pb.gz");
  testing::RunResult r = RunHeapdoc({"analyze", dump, "--retention-profile", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  AnalysisReport report = AnalyzeDump("globalslice", "1.26");
  const RetentionHolder& top = report.holders.front();
  std::string root = top.name + " (global)";
  uint64_t pinned = 0, retained = 0, objects = 0;
  for (const RetentionHolder& h : report.holders)
    if (h.name == top.name) pinned += h.pinned_bytes, retained += h.retained_share_bytes, objects += h.held_objects;
  // A shared GOCACHE: `go tool pprof` is built on first use by recent Go and cached there.
  const char* tmp = std::getenv("TMPDIR");
  std::string env = fmt::format("GOTOOLCHAIN=local GOFLAGS= PPROF_TMPDIR={} GOCACHE={}/heapdoc-retention-gocache",
                                TempPath("pprof"), tmp && *tmp ? tmp : "/tmp");
  auto pprof_top = [&](const std::string& index) {
    return RunCapture(fmt::format("{} {} tool pprof -top -nodecount=1000 -nodefraction=0 -edgefraction=0 -unit=B -sample_index={} '{}' 2>&1", env, go,
                                  index, path));
  };
  std::string by_pinned = pprof_top("pinned");
  EXPECT_EQ(TopCum(by_pinned, root), static_cast<int64_t>(pinned)) << by_pinned;
  EXPECT_GT(TopCum(by_pinned, top.survivors), 0) << "the survivors are a row of their own";
  std::string by_retained = pprof_top("retained");
  EXPECT_EQ(TopCum(by_retained, root), static_cast<int64_t>(retained)) << by_retained;
  std::string by_objects = pprof_top("objects");
  EXPECT_EQ(TopCum(by_objects, root), static_cast<int64_t>(objects)) << by_objects;
}

}  // namespace
}  // namespace heapdoc
