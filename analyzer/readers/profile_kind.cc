#include "analyzer/readers/profile_kind.h"

#include <algorithm>

namespace heapdoc {
namespace {

bool Has(const std::vector<SampleTypeName>& types, const std::string& type) {
  return std::any_of(types.begin(), types.end(), [&](const auto& t) { return t.type == type; });
}

}  // namespace

bool IsGoHeapSampleTypes(const std::vector<SampleTypeName>& types) {
  if (types.empty()) return false;
  for (const auto& t : types) {
    bool ok = ((t.type == kAllocObjects || t.type == kInuseObjects) && t.unit == "count") ||
              ((t.type == kAllocSpace || t.type == kInuseSpace) && t.unit == "bytes");
    if (!ok) return false;
  }
  return Has(types, kInuseSpace) || Has(types, kAllocSpace);
}

std::optional<std::string> DescribeNonHeapProfile(const std::vector<SampleTypeName>& types) {
  if (Has(types, "cpu") || (Has(types, "samples") && types.size() == 2 && types[1].unit == "nanoseconds"))
    return "a CPU profile";
  if (Has(types, "goroutine")) return "a goroutine profile";
  if (Has(types, "contentions") || Has(types, "delay")) return "a mutex or block (contention) profile";
  if (Has(types, "threadcreate")) return "a threadcreate profile";
  if (Has(types, "retained") && Has(types, "pinned"))
    return "heapdoc's retention profile (--retention-profile): its stacks are reference chains, for go tool pprof";
  if (Has(types, "space") || Has(types, "objects")) return "a C++ (tcmalloc) heap profile";
  if (Has(types, "wall")) return "a wall-clock profile";
  return std::nullopt;
}

std::string JoinSampleTypes(const std::vector<SampleTypeName>& types) {
  std::string out;
  for (const auto& t : types) {
    if (!out.empty()) out += ", ";
    out += t.type + "/" + t.unit;
  }
  return out.empty() ? "none" : out;
}

}  // namespace heapdoc
