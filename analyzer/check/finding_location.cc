#include "analyzer/check/finding_location.h"

namespace heapdoc {

SourceLocation MapProfileFile(const std::string& file, int64_t line, const LocationOptions& options) {
  SourceLocation loc{file, line > 0 ? line : 0};
  const std::string& prefix = options.trim_prefix;
  if (!prefix.empty() && loc.file.size() > prefix.size() && loc.file.compare(0, prefix.size(), prefix) == 0) {
    loc.file.erase(0, prefix.size());
    while (!loc.file.empty() && loc.file.front() == '/') loc.file.erase(0, 1);
  }
  return loc;
}

SourceLocation AdviceLocation(const Advice& advice, const LocationOptions& options) {
  if (!advice.source_file.empty()) return {advice.source_file, advice.line > 0 ? advice.line : 0};
  return MapProfileFile(advice.file, advice.line, options);
}

}  // namespace heapdoc
