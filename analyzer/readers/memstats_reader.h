// Reads runtime.MemStats in the forms Go programs publish it: json.Marshal(runtime.MemStats),
// expvar's /debug/vars, the "# runtime.MemStats" trailer of a ?debug=1 heap profile, and
// client_golang's go_memstats_* Prometheus metrics. The form is told by the input-kind table
// (input_kind.h) and read by its own file: memstats_json_reader, memstats_trailer_reader,
// memstats_prometheus_reader, all mapping fields through memstats_fields.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/readers/memstats_trailer_reader.h"  // ParseTextProfileTrailer
#include "heapmodel/memstats.h"

namespace heapdoc {

// Memstats inputs are a few KiB (a text profile with its trailer, a few MiB); the cap only stops
// a wrong file from being read whole.
inline constexpr uint64_t kMaxMemStatsInputBytes = 64ull << 20;

// Detects the form and parses it. Gzip-compressed bytes are inflated first. Fields the form does
// not carry stay empty; `notes` holds broken consistency relations (MemStatsConsistencyNotes).
// Throws Error("<source>: ...") when the input is not runtime.MemStats in any of these forms,
// or is broken (truncated, wrong types, negative or out-of-range numbers).
MemStats ParseMemStats(std::string_view bytes, const std::string& source);

// Reads a file (gzip transparent, at most kMaxMemStatsInputBytes) and parses it as above.
MemStats ReadMemStatsFile(const std::string& path);

}  // namespace heapdoc
