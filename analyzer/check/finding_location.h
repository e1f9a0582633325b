// Where a finding points in the user's source tree, for CI annotations (GitHub, SARIF): the site's
// file from the profile (optionally with a build-path prefix cut, --trim-prefix) or the file the
// advisor matched in --source.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapmodel/advice.h"

namespace heapdoc {

struct SourceLocation {
  std::string file;  // "" when unknown
  int64_t line = 0;  // 0 when unknown
  bool known() const { return !file.empty(); }
};

struct LocationOptions {
  std::string trim_prefix;  // cut from profile file paths, e.g. "/home/runner/work/app/app/"
  // The repository (or module) root: paths under it become relative to it. From GITHUB_WORKSPACE,
  // else the directory of the go.mod found upward from the profile's source paths.
  std::string repo_root;
  // Where heap-wide findings (no source line) point: "go.mod" or the config file, repo-relative;
  // "" = the profile itself.
  std::string heap_wide_file;
};

// A profile path made repository-relative: --trim-prefix cut when it matches, else repo_root.
SourceLocation MapProfileFile(const std::string& file, int64_t line, const LocationOptions& options);
SourceLocation AdviceLocation(const Advice& advice, const LocationOptions& options);

// The directory holding the go.mod found upward from the first of `paths` that exists on this
// machine (absolute source paths of a profile built here), "" when none does. GOROOT's own
// go.mod (module std or cmd) does not count.
std::string FindModuleRoot(const std::vector<std::string>& paths);

// The locations a check run uses: `trim_prefix`; repo_root from `github_workspace` (the env var,
// may be "") else FindModuleRoot(source_paths); heap_wide_file go.mod under the root when there
// is one, else `config_file` (relative to the root when under it).
LocationOptions ResolveLocations(const std::string& trim_prefix, const std::string& github_workspace,
                                 const std::vector<std::string>& source_paths, const std::string& config_file);

}  // namespace heapdoc
