#include "analyzer/gosource/source_discovery.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <system_error>

namespace heapdoc::gosource {
namespace fs = std::filesystem;
namespace {

constexpr int kParentsSearched = 4;  // the working directory may be a few levels inside the module

bool IsRegularFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

std::vector<std::string> Elements(const std::string& path) {
  std::vector<std::string> out;
  for (const auto& e : fs::path(path).relative_path())
    if (!e.empty() && e != "." && e != "..") out.push_back(e.string());
  return out;
}

fs::path Join(const fs::path& base, const std::vector<std::string>& elements, size_t from) {
  fs::path p = base;
  for (size_t i = from; i < elements.size(); ++i) p /= elements[i];
  return p;
}

// The file `path` names here, or empty. Keeps the candidate with the most trailing elements.
fs::path Resolve(const std::string& path, const SourceSearchPlaces& places) {
  if (path.empty() || !path.ends_with(".go")) return {};
  fs::path as_given(path);
  if (as_given.is_absolute()) {
    if (IsRegularFile(as_given)) return as_given;
  }
  std::vector<std::string> elements = Elements(path);
  if (elements.empty()) return {};
  if (!places.module_cache.empty() &&
      std::any_of(elements.begin(), elements.end(), [](const std::string& e) { return e.find('@') != std::string::npos; })) {
    fs::path p = Join(places.module_cache, elements, 0);
    if (IsRegularFile(p)) return p;
  }
  if (places.working_dir.empty() || as_given.is_absolute()) return {};
  // A -trimpath path: "module/path/pkg/file.go". Drop leading elements until the rest exists
  // below the working directory (or a parent); at least the package directory and the file must
  // remain, so "main.go" alone never matches whatever main.go lies here.
  constexpr size_t min_kept = 2;
  for (size_t drop = 0; drop + min_kept <= elements.size(); ++drop) {
    fs::path base = places.working_dir;
    for (int up = 0; up <= kParentsSearched; ++up) {
      fs::path p = Join(base, elements, drop);
      if (IsRegularFile(p)) return p;
      if (!base.has_parent_path() || base.parent_path() == base) break;
      base = base.parent_path();
    }
  }
  return {};
}

// Inside the working directory: relative to it, as a user would type it (and reports stay the same
// wherever the checkout is); elsewhere: absolute.
std::string ShownPath(const fs::path& dir, const std::string& working_dir) {
  if (working_dir.empty() || !dir.is_absolute()) return dir.string();
  fs::path rel = dir.lexically_relative(working_dir);
  if (rel.empty() || *rel.begin() == "..") return dir.string();
  return rel.string();
}

}  // namespace

SourceSearchPlaces SourceSearchPlaces::FromEnvironment() {
  SourceSearchPlaces places;
  std::error_code ec;
  places.working_dir = fs::current_path(ec).string();
  if (const char* cache = std::getenv("GOMODCACHE"); cache && *cache) {
    places.module_cache = cache;
  } else if (const char* gopath = std::getenv("GOPATH"); gopath && *gopath) {
    std::string first(gopath);
    first = first.substr(0, first.find(':'));
    places.module_cache = (fs::path(first) / "pkg" / "mod").string();
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    places.module_cache = (fs::path(home) / "go" / "pkg" / "mod").string();
  }
  return places;
}

DiscoveredSource DiscoverSourceDirs(const std::vector<std::string>& profile_paths, const SourceSearchPlaces& places) {
  std::set<std::string> dirs, unresolved;
  std::set<std::string> seen;
  for (const std::string& path : profile_paths) {
    if (!seen.insert(path).second) continue;
    fs::path file = Resolve(path, places);
    if (file.empty())
      unresolved.insert(path);
    else
      dirs.insert(ShownPath(file.parent_path().lexically_normal(), places.working_dir));
  }
  return {{dirs.begin(), dirs.end()}, {unresolved.begin(), unresolved.end()}};
}

}  // namespace heapdoc::gosource
