// How loud a piece of advice is in CI annotations (GitHub `::warning` / `::notice`, SARIF
// `warning` / `note`): by the bytes it would save against the heap in use, so a 600 B saving is
// not shouted like a 60 MiB one. A failed threshold is always an error; that is not decided here.
#pragma once

#include "analyzer/analysis.h"
#include "heapmodel/advice.h"

namespace heapdoc {

enum class AdviceSeverity { kNotice, kWarning };

// Advice saving at least this share of HeapInuse (MemStats; without them the model's span bytes),
// or at least kWarningBytes whatever the heap's size (megabytes matter in a large heap too), is a
// warning; anything smaller a notice. Advice without a byte figure (pointer-free, GOMEMLIMIT) is a
// notice.
inline constexpr double kWarningShareOfHeapInuse = 0.05;
inline constexpr uint64_t kWarningBytes = 1 << 20;

AdviceSeverity SeverityOf(const Advice& advice, const AnalysisReport& report);

}  // namespace heapdoc
