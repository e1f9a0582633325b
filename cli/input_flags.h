// What the commands that read a heap share: the --go-version flag, and attaching the --memstats
// and --dump companions of a profile.
#pragma once

#include <optional>
#include <string>

#include "heapmodel/go_version.h"
#include "heapmodel/heap_snapshot.h"

namespace heapdoc::cli {

// "" -> nullopt; "1.22", "go1.22.3" -> 1.22; anything else (or older than 1.13) is a usage error.
std::optional<GoVersion> ParseGoVersionFlag(const std::string& text);

// Reads the heap dump `dump` and the MemStats file `memstats` (either may be "") into `snapshot`.
void AttachCompanions(HeapSnapshot& snapshot, const std::string& memstats, const std::string& dump);

// A heap input file with its companions.
HeapSnapshot ReadHeapWithCompanions(const std::string& path, const std::string& memstats, const std::string& dump);

}  // namespace heapdoc::cli
