#include "cli/input_flags.h"

#include "analyzer/analysis.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "heapmodel/error.h"

namespace heapdoc::cli {

std::optional<GoVersion> ParseGoVersionFlag(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto v = GoVersion::Parse(text);
  if (!v || v->minor < 13) throw Error("--go-version: expected a Go release such as 1.22 (1.13 or newer), got '" + text + "'");
  return v;
}

void AttachCompanions(HeapSnapshot& snapshot, const std::string& memstats, const std::string& dump) {
  if (!dump.empty()) AttachHeapDump(snapshot, ReadHeapInputFile(dump));
  if (!memstats.empty()) AttachMemStats(snapshot, ReadMemStatsFile(memstats));
}

HeapSnapshot ReadHeapWithCompanions(const std::string& path, const std::string& memstats, const std::string& dump) {
  HeapSnapshot snapshot = ReadHeapInputFile(path);
  AttachCompanions(snapshot, memstats, dump);
  return snapshot;
}

}  // namespace heapdoc::cli
