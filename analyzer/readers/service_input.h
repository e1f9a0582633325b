// A live service as a heap input: its profile and /debug/vars fetched over HTTP and, with a save
// directory, written to disk (named by their input kind) so the analysis can be repeated offline.
#pragma once

#include <string>

#include "analyzer/readers/heap_input.h"

namespace heapdoc {

// Fetches, saves if asked, and reads the profile with the MemStats of /debug/vars attached.
// Throws Error naming the URL (and where a refused body was saved).
LoadedInput LoadServiceInput(const std::string& url, const LoadOptions& options);

// Reads runtime.MemStats from a URL (/debug/vars, /metrics). Throws Error naming the URL.
MemStats FetchMemStats(const std::string& url, const FetchOptions& options);

}  // namespace heapdoc
