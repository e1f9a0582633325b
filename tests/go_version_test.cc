#include "heapmodel/go_version_inference.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace heapdoc
