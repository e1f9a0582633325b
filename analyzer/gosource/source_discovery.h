// Finds the Go source of a profiled program on this machine when no --source is given: the
// files a profile or heap dump names are often still where the build left them (a plain `go build`
// records absolute paths), inside the current module (a -trimpath build records
// "module/path/pkg/file.go"), or in the module cache (third-party code: "github.com/x/y@v1.2.3/z.go").
#pragma once

#include <string>
#include <vector>

namespace heapdoc::gosource {

struct DiscoveredSource {
  std::vector<std::string> package_dirs;      // directories holding a named file, sorted, unique;
                                              // relative to the working directory when inside it
  std::vector<std::string> unresolved_paths;  // named files found nowhere here
};

// Where to look besides absolute paths: the working directory and its parents (for -trimpath
// module paths) and the module cache (GOMODCACHE, else GOPATH/pkg/mod, else ~/go/pkg/mod).
struct SourceSearchPlaces {
  std::string working_dir;
  std::string module_cache;  // empty: none
  static SourceSearchPlaces FromEnvironment();
};

// `profile_paths`: the file paths of the user's allocation sites (not the standard library).
// A path resolves to the existing regular file that keeps the most of its trailing elements:
// the path itself, the working directory (or a parent) joined with a suffix of it, or the module
// cache joined with it.
DiscoveredSource DiscoverSourceDirs(const std::vector<std::string>& profile_paths, const SourceSearchPlaces& places);

}  // namespace heapdoc::gosource
