// Where a finding points in the user's source tree, for CI annotations (GitHub, SARIF): the site's
// file from the profile (optionally with a build-path prefix cut, --trim-prefix) or the file the
// advisor matched in --source.
#pragma once

#include <cstdint>
#include <string>

#include "heapmodel/advice.h"

namespace heapdoc {

struct SourceLocation {
  std::string file;  // "" when unknown
  int64_t line = 0;  // 0 when unknown
  bool known() const { return !file.empty(); }
};

struct LocationOptions {
  std::string trim_prefix;  // cut from profile file paths, e.g. "/home/runner/work/app/app/"
};

SourceLocation MapProfileFile(const std::string& file, int64_t line, const LocationOptions& options);
SourceLocation AdviceLocation(const Advice& advice, const LocationOptions& options);

}  // namespace heapdoc
