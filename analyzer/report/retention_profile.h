// The retention holders (AnalysisReport::holders) as a pprof profile, for `go tool pprof`: each
// sample is one reference chain, its stack leaf-first as pprof stacks go (the survivors, the
// objects between, the root holding them outermost: `main.survivors (global)` or a goroutine's
// function), its values the bytes retained and pinned through it and the survivors it holds.
#pragma once

#include <string>

#include "analyzer/analysis.h"

namespace heapdoc {

// Sample types, in this order; pinned is the default (what the lifetime advice would free).
inline constexpr const char* kRetainedSampleType = "retained";  // bytes
inline constexpr const char* kPinnedSampleType = "pinned";      // bytes
inline constexpr const char* kHeldSampleType = "objects";       // count: survivors held

// The gzipped profile.proto bytes. A report without holders gives a valid profile with no sample.
std::string RenderRetentionProfile(const AnalysisReport& report);

}  // namespace heapdoc
