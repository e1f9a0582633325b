// runtime.MemStats as JSON: json.Marshal(runtime.MemStats), or expvar's /debug/vars (the same
// object under "memstats"). Fields are mapped through memstats_fields.h.
#pragma once

#include <string>
#include <string_view>

#include "heapmodel/memstats.h"

namespace heapdoc {

// Throws Error("<source>: ...") for invalid or truncated JSON, JSON that is not runtime.MemStats
// (naming what it holds instead), and values of the wrong type or range. Consistency notes are
// left to the caller.
MemStats ParseMemStatsJson(std::string_view text, const std::string& source);

}  // namespace heapdoc
