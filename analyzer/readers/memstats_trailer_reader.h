// runtime.MemStats from the "# runtime.MemStats" block a ?debug=1 heap profile ends with
// (runtime/pprof writeHeapInternal, unchanged from Go 1.12 to today): "# Name = value" lines; Stack,
// MSpan and MCache as "inuse / sys"; PauseNs and PauseEnd as "[n n ...]"; on Linux and macOS a
// final "# MaxRSS". Names are mapped through memstats_fields.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "heapmodel/memstats.h"

namespace heapdoc {

// The block of a whole ?debug=1 heap profile, or nullopt when the text has none. Throws Error when
// the block is there but broken.
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

}  // namespace heapdoc
