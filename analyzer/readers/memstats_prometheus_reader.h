// runtime.MemStats from client_golang's Go collector: the go_memstats_* metrics (and
// go_gc_duration_seconds) of a /metrics page. Only totals exist: no BySize, no pause buffer.
// Metric names are mapped through memstats_fields.h.
#pragma once

#include <string>
#include <string_view>

#include "heapmodel/memstats.h"

namespace heapdoc {

// Throws Error("<source>: ...") for malformed exposition text, the metrics of several processes,
// missing heap metrics, and values out of range. Consistency notes are left to the caller.
MemStats ParseMemStatsPrometheus(std::string_view text, const std::string& source);

}  // namespace heapdoc
