#include "analyzer/readers/heap_input.h"

#include <filesystem>

#include <fmt/format.h>

#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "analyzer/readers/service_input.h"
#include "analyzer/readers/snapshot_companions.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

namespace fs = std::filesystem;

// The names MemStats are saved under beside a profile: --save writes vars.json (/debug/vars), the
// test-data generators memstats.json (json.Marshal(runtime.MemStats)).
constexpr const char* kMemStatsNames[] = {"vars.json", "memstats.json"};

MemStats ReadMemStatsInput(const std::string& input, const LoadOptions& options) {
  if (IsHttpUrl(input)) return FetchMemStats(input, options.fetch);
  return ReadMemStatsFile(input);
}

void RefuseUnsupportedScheme(const std::string& input) {
  if (IsHttpUrl(input)) return;
  std::error_code ec;
  if (auto scheme = UrlScheme(input); scheme && !fs::exists(input, ec))
    throw InputError(RedactUrl(input), fmt::format("unsupported URL scheme {} (heapdoc reads http and https)", *scheme));
}

}  // namespace

std::string MemStatsBeside(const std::string& profile_path) {
  fs::path path(profile_path);
  std::string name = path.filename().string();
  // "127.0.0.1_6060-heap.pb.gz" -> "127.0.0.1_6060-"; "heap.pb.gz" -> "".
  auto dash = name.rfind('-');
  std::string prefix = dash == std::string::npos ? "" : name.substr(0, dash + 1);
  std::error_code ec;
  for (const char* companion : kMemStatsNames) {
    fs::path candidate = path.parent_path() / (prefix + companion);
    if (candidate != path && fs::is_regular_file(candidate, ec)) return candidate.string();
  }
  return "";
}

LoadedInput LoadHeapInput(const HeapInputSpec& spec, const LoadOptions& options) {
  LoadedInput loaded;
  if (IsHttpUrl(spec.input)) {
    loaded = LoadServiceInput(spec.input, options);
  } else {
    RefuseUnsupportedScheme(spec.input);
    loaded.snapshot = ReadHeapInputFile(spec.input);
  }
  HeapSnapshot& snapshot = loaded.snapshot;
  if (!spec.dump.empty()) AttachHeapDump(snapshot, ReadHeapInputFile(spec.dump));
  if (!spec.memstats.empty()) {
    RefuseUnsupportedScheme(spec.memstats);
    AttachMemStats(snapshot, ReadMemStatsInput(spec.memstats, options));
  } else if (spec.memstats_beside && !snapshot.memstats && !IsHttpUrl(spec.input)) {
    if (std::string beside = MemStatsBeside(spec.input); !beside.empty()) {
      try {
        AttachMemStats(snapshot, ReadMemStatsFile(beside));
        snapshot.notes.push_back(fmt::format("MemStats from {}, found beside the profile", beside));
      } catch (const Error& e) {
        // A broken companion leaves the profile usable, as a broken /debug/vars does.
        snapshot.notes.push_back(std::string(e.what()) + ": MemStats unknown");
      }
    }
  }
  return loaded;
}

}  // namespace heapdoc
