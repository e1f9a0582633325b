#include "analyzer/check/finding_location.h"

#include <filesystem>
#include <fstream>

namespace heapdoc {
namespace {

namespace fs = std::filesystem;

// `file` without `prefix` (and the slashes after it) when it starts with it.
bool CutPrefix(std::string& file, std::string prefix) {
  if (prefix.empty()) return false;
  if (prefix.back() != '/') prefix += '/';
  // The slash added above: "--trim-prefix app" cuts "app/x.go" but not "apps/x.go".
  if (file.size() <= prefix.size() || file.compare(0, prefix.size(), prefix) != 0) return false;
  file.erase(0, prefix.size());
  while (!file.empty() && file.front() == '/') file.erase(0, 1);
  return true;
}

bool IsStandardLibraryModule(const fs::path& go_mod) {
  std::ifstream in(go_mod);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("module ", 0) != 0) continue;
    std::string name = line.substr(7);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\r')) name.pop_back();
    return name == "std" || name == "cmd";
  }
  return false;
}

}  // namespace

SourceLocation MapProfileFile(const std::string& file, int64_t line, const LocationOptions& options) {
  SourceLocation loc{file, line > 0 ? line : 0};
  if (!CutPrefix(loc.file, options.trim_prefix)) CutPrefix(loc.file, options.repo_root);
  return loc;
}

SourceLocation AdviceLocation(const Advice& advice, const LocationOptions& options) {
  if (!advice.source_file.empty()) {
    // A --source match is a path on this machine: relative to the repository when under it.
    SourceLocation loc{advice.source_file, advice.line > 0 ? advice.line : 0};
    CutPrefix(loc.file, options.repo_root);
    return loc;
  }
  return MapProfileFile(advice.file, advice.line, options);
}

std::string FindModuleRoot(const std::vector<std::string>& paths) {
  std::error_code ec;
  for (const std::string& path : paths) {
    if (path.empty() || path[0] != '/' || !fs::exists(path, ec)) continue;
    for (fs::path dir = fs::path(path).parent_path(); !dir.empty(); dir = dir.parent_path()) {
      if (fs::is_regular_file(dir / "go.mod", ec)) {
        // GOROOT/src has a go.mod too ("module std"): the standard library is not the repository.
        if (!IsStandardLibraryModule(dir / "go.mod")) return dir.string();
        break;
      }
      if (dir == dir.root_path()) break;
    }
  }
  return "";
}

LocationOptions ResolveLocations(const std::string& trim_prefix, const std::string& github_workspace,
                                 const std::vector<std::string>& source_paths, const std::string& config_file) {
  LocationOptions options;
  options.trim_prefix = trim_prefix;
  options.repo_root = !github_workspace.empty() ? github_workspace : FindModuleRoot(source_paths);
  while (options.repo_root.size() > 1 && options.repo_root.back() == '/') options.repo_root.pop_back();
  std::error_code ec;
  if (!options.repo_root.empty() && fs::is_regular_file(fs::path(options.repo_root) / "go.mod", ec)) {
    options.heap_wide_file = "go.mod";
  } else if (!config_file.empty()) {
    std::string config = fs::absolute(config_file, ec).lexically_normal().string();
    if (ec || !CutPrefix(config, options.repo_root)) config = config_file;
    options.heap_wide_file = config;
  }
  return options;
}

}  // namespace heapdoc
