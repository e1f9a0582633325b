// Reads runtime.MemStats in the forms Go programs publish it: json.Marshal(runtime.MemStats),
// expvar's /debug/vars, the "# runtime.MemStats" trailer of a ?debug=1 heap profile, and
// client_golang's go_memstats_* Prometheus metrics. The form is detected from the content.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

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

// For the text-profile reader: the "# runtime.MemStats" block of a whole ?debug=1 heap profile,
// or nullopt when the text has none. Throws Error when the block is there but broken.
std::optional<MemStats> ParseTextProfileTrailer(std::string_view text, const std::string& source);

// The same a line at a time, for a reader that streams the profile: Line() takes each line after
// the "# runtime.MemStats" marker (line `marker_line`) without its '\n', and returns false at the
// first line that is not part of the block; Finish() gives the MemStats (throws Error when broken).
class TextProfileTrailerParser {
 public:
  TextProfileTrailerParser(const std::string& source, size_t marker_line);
  ~TextProfileTrailerParser();
  bool Line(std::string_view line);
  MemStats Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Reads a file (gzip transparent, at most kMaxMemStatsInputBytes) and parses it as above.
MemStats ReadMemStatsFile(const std::string& path);

}  // namespace heapdoc
