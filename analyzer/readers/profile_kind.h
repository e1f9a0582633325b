// Names what a profile is from its sample types (a Go heap profile, a CPU profile, ...), so a
// refusal can tell the user what they gave heapdoc.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace heapdoc {

// The Go heap sample types, in the order the runtime writes them.
inline constexpr const char* kAllocObjects = "alloc_objects";
inline constexpr const char* kAllocSpace = "alloc_space";
inline constexpr const char* kInuseObjects = "inuse_objects";
inline constexpr const char* kInuseSpace = "inuse_space";

struct SampleTypeName {
  std::string type;
  std::string unit;
};

// True when every sample type is one of the Go heap's four (type/unit as the runtime writes).
bool IsGoHeapSampleTypes(const std::vector<SampleTypeName>& types);

// What a non-heap profile probably is, from its sample types: "a CPU profile", "a goroutine
// profile", ... ; nullopt when unrecognised.
std::optional<std::string> DescribeNonHeapProfile(const std::vector<SampleTypeName>& types);

std::string JoinSampleTypes(const std::vector<SampleTypeName>& types);

}  // namespace heapdoc
