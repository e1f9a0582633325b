// Finding a profiled program's Go files on this machine without --source.
#include "analyzer/gosource/source_discovery.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace heapdoc::gosource {
namespace {
namespace fs = std::filesystem;

class SourceDiscovery : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("heapdoc-discovery-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    Write("repo/svc/cache/cache.go");
    Write("repo/svc/main.go");
    Write("modcache/github.com/acme/lru@v1.2.3/lru.go");
    Write("elsewhere/main.go");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << "package x\n";
  }
  std::string P(const std::string& rel) const { return (root_ / rel).lexically_normal().string(); }
  fs::path root_;
};

TEST_F(SourceDiscovery, AbsoluteBuildPathsThatExist) {
  SourceSearchPlaces places{P("elsewhere"), ""};
  DiscoveredSource found = DiscoverSourceDirs({P("repo/svc/cache/cache.go"), "/no/such/dir/x.go"}, places);
  ASSERT_EQ(found.package_dirs.size(), 1u);
  EXPECT_EQ(found.package_dirs[0], P("repo/svc/cache"));
  ASSERT_EQ(found.unresolved_paths.size(), 1u);
  EXPECT_EQ(found.unresolved_paths[0], "/no/such/dir/x.go");
}

TEST_F(SourceDiscovery, TrimpathModulePathsBelowTheWorkingDirectoryOrItsParents) {
  // A -trimpath build of module example.com/svc records "example.com/svc/cache/cache.go".
  // Found inside the working directory, the directory is given relative to it.
  DiscoveredSource found = DiscoverSourceDirs({"example.com/svc/cache/cache.go"}, {P("repo/svc"), ""});
  ASSERT_EQ(found.package_dirs.size(), 1u);
  EXPECT_EQ(found.package_dirs[0], "cache");
  found = DiscoverSourceDirs({"example.com/svc/cache/cache.go"}, {P("repo/svc/cache"), ""});
  ASSERT_EQ(found.package_dirs.size(), 1u);
  EXPECT_EQ(found.package_dirs[0], ".");
}

TEST_F(SourceDiscovery, ABareFileNameNeverMatchesWhateverLiesHere) {
  // "main.go" alone would match elsewhere/main.go by name only: not evidence of the same file.
  DiscoveredSource found = DiscoverSourceDirs({"main.go"}, {P("elsewhere"), ""});
  EXPECT_TRUE(found.package_dirs.empty());
  EXPECT_EQ(found.unresolved_paths.size(), 1u);
}

TEST_F(SourceDiscovery, ThirdPartyModulesFromTheModuleCache) {
  DiscoveredSource found =
      DiscoverSourceDirs({"github.com/acme/lru@v1.2.3/lru.go"}, {P("elsewhere"), P("modcache")});
  ASSERT_EQ(found.package_dirs.size(), 1u);
  EXPECT_EQ(found.package_dirs[0], P("modcache/github.com/acme/lru@v1.2.3"));
}

}  // namespace
}  // namespace heapdoc::gosource
