// Repository-relative locations for CI (analyzer/check/finding_location.h): the go.mod root found
// from a profile's absolute source paths (never GOROOT's own go.mod), GITHUB_WORKSPACE first,
// --trim-prefix winning where it matches, heap-wide findings on go.mod or the config file.
#include <gtest/gtest.h>

#include <filesystem>

#include "analyzer/check/finding_location.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

namespace fs = std::filesystem;

TEST(FindingLocation, ModuleRootFromSourcePathsSkipsGoroot) {
  fs::path root = testing::TempPath("repo");
  fs::create_directories(root / "internal/store");
  testing::WriteFileBytes((root / "go.mod").string(), "module example.com/app\n\ngo 1.26\n");
  testing::WriteFileBytes((root / "internal/store/cache.go").string(), "package store\n");
  fs::path goroot = testing::TempPath("goroot");
  fs::create_directories(goroot / "src/runtime");
  testing::WriteFileBytes((goroot / "src/go.mod").string(), "module std\n\ngo 1.26\n");
  testing::WriteFileBytes((goroot / "src/runtime/malloc.go").string(), "package runtime\n");

  std::string cache = (root / "internal/store/cache.go").string();
  std::string malloc = (goroot / "src/runtime/malloc.go").string();
  EXPECT_EQ(FindModuleRoot({malloc, "/no/such/file.go", "runtime/proc.go", cache}), root.string());
  EXPECT_EQ(FindModuleRoot({malloc}), "");

  LocationOptions found = ResolveLocations("", "", {malloc, cache}, "");
  EXPECT_EQ(found.repo_root, root.string());
  EXPECT_EQ(found.heap_wide_file, "go.mod");
  EXPECT_EQ(MapProfileFile(cache, 42, found).file, "internal/store/cache.go");
  EXPECT_EQ(MapProfileFile(malloc, 1, found).file, malloc);  // outside the repository: as recorded

  // GITHUB_WORKSPACE wins over the go.mod search; --trim-prefix wins where it matches.
  LocationOptions workspace = ResolveLocations("example.com/app", (root / "internal").string(), {cache}, "");
  EXPECT_EQ(workspace.repo_root, (root / "internal").string());
  EXPECT_EQ(workspace.heap_wide_file, "");  // no go.mod there and no config: the profile
  EXPECT_EQ(MapProfileFile(cache, 1, workspace).file, "store/cache.go");
  EXPECT_EQ(MapProfileFile("example.com/app/main.go", 1, workspace).file, "main.go");
  EXPECT_EQ(MapProfileFile("example.com/apps/main.go", 1, workspace).file, "example.com/apps/main.go");

  // No repository: heap-wide findings point at the config file.
  EXPECT_EQ(ResolveLocations("", "", {}, ".heapdoc.toml").heap_wide_file, ".heapdoc.toml");
}

}  // namespace
}  // namespace heapdoc
