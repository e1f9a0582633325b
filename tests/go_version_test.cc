#include "heapmodel/go_version_inference.h"

#include <gtest/gtest.h>

#include "analyzer/analysis.h"
#include "analyzer/readers/input_reader.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

HeapSnapshot WithFrames(std::vector<Frame> frames) {
  HeapSnapshot s;
  s.frames = std::move(frames);
  return s;
}

TEST(GoVersion, Parse) {
  EXPECT_EQ(GoVersion::Parse("1.22"), (GoVersion{1, 22}));
  EXPECT_EQ(GoVersion::Parse("go1.21.5"), (GoVersion{1, 21}));
  EXPECT_EQ(GoVersion::Parse("go1.23rc1"), (GoVersion{1, 23}));
  EXPECT_FALSE(GoVersion::Parse("2.1"));
  EXPECT_FALSE(GoVersion::Parse("banana"));
  EXPECT_FALSE(GoVersion::Parse("1."));
}

TEST(GoVersion, ToolchainPathIsExact) {
  auto g = InferGoVersion(WithFrames(
      {{"runtime/pprof.writeHeap", "/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.25.7.linux-amd64/src/runtime/pprof/pprof.go", 1}}));
  EXPECT_EQ(g.version, (GoVersion{1, 25}));
  EXPECT_TRUE(g.known);
  g = InferGoVersion(WithFrames({{"main.main", "/usr/lib/go-1.19/src/runtime/proc.go", 250}}));
  EXPECT_EQ(g.version, (GoVersion{1, 19}));
}

TEST(GoVersion, RuntimeLineFingerprint) {
  auto g = InferGoVersion(WithFrames({{"runtime.malg", "runtime/proc.go", 4076}}));
  EXPECT_EQ(g.version, (GoVersion{1, 19}));
  EXPECT_FALSE(g.known);
  EXPECT_NE(g.evidence.find("proc.go:4076"), std::string::npos);
}

TEST(GoVersion, PackagesGiveALowerBoundAndTheDefaultIsSaid) {
  auto g = InferGoVersion(WithFrames({{"main.main", "main.go", 3}}));
  EXPECT_EQ(g.version, kDefaultGoVersion);
  EXPECT_NE(g.evidence.find("assumed"), std::string::npos);
  g = InferGoVersion(WithFrames({{"unique.Make[string]", "unique/handle.go", 3}}));
  EXPECT_GE(g.version, (GoVersion{1, 23}));
  EXPECT_EQ(ChooseGoVersion(WithFrames({}), GoVersion{1, 21}).version, (GoVersion{1, 21}));
}

TEST(GoVersion, EveryToolchainsRuntimeLinesAreFingerprints) {
  EXPECT_EQ(InferGoVersion(WithFrames({{"runtime.malg", "runtime/proc.go", 4856}})).version, (GoVersion{1, 22}));
  EXPECT_EQ(InferGoVersion(WithFrames({{"runtime.malg", "runtime/proc.go", 5002}})).version, (GoVersion{1, 24}));
  EXPECT_EQ(InferGoVersion(WithFrames({{"runtime.malg", "runtime/proc.go", 5274}})).version, (GoVersion{1, 26}));
  EXPECT_EQ(InferGoVersion(WithFrames({{"runtime.mallocgc", "runtime/malloc.go", 1189}})).version, (GoVersion{1, 26}));
}

TEST(GoVersion, AProfilesTimeCapsTheAssumedVersion) {
  HeapSnapshot s = WithFrames({{"main.main", "main.go", 3}});
  s.profile.time_nanos = 1'718'000'000'000'000'000;  // 2024-06-10: Go 1.22 was the newest release
  GoVersionGuess g = InferGoVersion(s);
  EXPECT_EQ(g.version, (GoVersion{1, 22}));
  EXPECT_FALSE(g.known);
  EXPECT_NE(g.evidence.find("before Go 1.23 was released"), std::string::npos) << g.evidence;
  s.profile.time_nanos = 1'790'000'000'000'000'000;  // 2026-09: every modelled release is out
  EXPECT_EQ(InferGoVersion(s).version, kDefaultGoVersion);
}

// Every profile the four toolchains wrote for testdata names its version by a runtime line.
TEST(GoVersion, TestdataOfEveryToolchainIsRecognised) {
  for (const auto& [dir, version] : std::vector<std::pair<std::string, GoVersion>>{
           {"scattered", {1, 19}}, {"scattered/go1.22", {1, 22}}, {"scattered/go1.24", {1, 24}}, {"scattered/go1.26", {1, 26}}}) {
    for (const char* file : {"heap.pb.gz", "heap.dump.gz"}) {
      AnalysisReport r = Analyze(ReadHeapInputFile(testing::TestdataPath(dir + "/" + file)), {});
      EXPECT_EQ(r.go_version.version, version) << dir << "/" << file << ": " << r.go_version.evidence;
    }
  }
}

}  // namespace
}  // namespace heapdoc
