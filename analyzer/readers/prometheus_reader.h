// The Prometheus text exposition format (version 0.0.4, and the OpenMetrics text that shares its
// sample lines), parsed into plain samples. The memstats reader picks client_golang's go_memstats_*
// out of them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heapdoc {

struct PromSample {
  std::string name;                                         // e.g. go_memstats_heap_inuse_bytes
  std::vector<std::pair<std::string, std::string>> labels;  // in file order, values unescaped
  double value = 0;                                         // NaN and +-Inf allowed
  size_t line = 0;                                          // 1-based, for messages
};

struct PromExposition {
  std::vector<PromSample> samples;
};

// Parses every sample line; `# HELP`, `# TYPE`, `# EOF` and other comments are skipped, as are
// timestamps and OpenMetrics exemplars. Throws Error("<source>: line N: ...") on a malformed line.
PromExposition ParsePrometheusText(std::string_view text, const std::string& source);

// "{job=\"api\",instance=\"a:9090\"}", or "" when there are no labels: for messages.
std::string FormatPromLabels(const PromSample& sample);

}  // namespace heapdoc
