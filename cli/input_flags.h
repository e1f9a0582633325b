// What the commands that read a heap share: the --go-version flag, and the check that a profile or
// --memstats names an existing file or an http(s) URL (the front door, readers/heap_input.h, reads it).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "analyzer/analysis.h"
#include "heapmodel/go_version.h"

namespace heapdoc::cli {

// "" -> nullopt; "1.22", "go1.22.3" -> 1.22; anything else (or older than 1.13) is a usage error.
std::optional<GoVersion> ParseGoVersionFlag(const std::string& text);

// CLI11 check: an existing file, or an http:// or https:// URL.
CLI::Validator ExistingFileOrUrl();

// A profile file or a live service's URL with its companions (readers/heap_input.h), analysed as
// `heapdoc analyze` would: the Go source the sites name is read where found (check and diff
// then agree with analyze on types and costs).
AnalysisReport AnalyzeInput(const std::string& path, const std::string& memstats, const std::string& dump,
                            AnalysisOptions options);

}  // namespace heapdoc::cli
