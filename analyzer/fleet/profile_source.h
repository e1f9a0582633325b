// Turns one input as the user named it (a file path, or a live service's URL) into a HeapSnapshot:
// a URL is fetched (profile and /debug/vars) and, with a save directory, written to disk so the
// analysis can be repeated offline.
#pragma once

#include <string>
#include <vector>

#include "analyzer/readers/http_fetch.h"
#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

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

// Reads a file (gzip transparent) or fetches a URL. Throws Error naming the file or URL.
LoadedInput LoadHeapInput(const std::string& input, const LoadOptions& options);

}  // namespace heapdoc
