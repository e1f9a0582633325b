// The one front door for what a command reads: a heap input (a file, or a live service's URL) and
// its companions (--memstats, --dump, or MemStats found beside a profile), read by their kind
// (input_kind.h) and attached in one place. analyze, check, diff and the fleet all come here.
#pragma once

#include <string>
#include <vector>

#include "analyzer/readers/http_fetch.h"
#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

struct HeapInputSpec {
  std::string input;     // a file (gzip transparent) or an http(s) URL of a live service
  std::string memstats{};  // --memstats: a file or URL of runtime.MemStats ("" = none)
  std::string dump{};      // --dump: a heap dump file of the same moment ("" = none)
  // Look for memstats.json or vars.json beside a file input (as --save writes them) when the input
  // carries no MemStats of its own and none was given: what the fleet does for every profile.
  bool memstats_beside = false;
};

struct LoadOptions {
  bool gc = false;             // --gc: ask the service to collect before profiling (?gc=1)
  FetchOptions fetch;          // --timeout
  std::string save_dir;        // --save: where fetched bodies go ("" = not saved)
  bool save_with_host = false; // name saved files after the service (many URLs share one DIR)
};

struct LoadedInput {
  HeapSnapshot snapshot;
  std::vector<std::string> saved_files;  // what --save wrote: the profile, then vars.json if any
};

// Reads the input and attaches its companions. Throws Error naming the file or URL at fault.
LoadedInput LoadHeapInput(const HeapInputSpec& spec, const LoadOptions& options = {});

// The MemStats file beside a profile, as --save and the test-data generators write it:
// "<prefix>vars.json" or "<prefix>memstats.json" where the profile is "<prefix>heap.pb.gz" (the
// prefix names a service, "127.0.0.1_6060-"); "" when there is none.
std::string MemStatsBeside(const std::string& profile_path);

}  // namespace heapdoc
