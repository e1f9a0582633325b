#include "heapmodel/advice.h"

namespace heapdoc {

const char* AdviceKindName(AdviceKind kind) {
  switch (kind) {
    case AdviceKind::kFieldAlignment: return "fieldalignment";
    case AdviceKind::kPool: return "pool";
    case AdviceKind::kLifetime: return "lifetime";
    case AdviceKind::kRetainedCapacity: return "retained-capacity";
    case AdviceKind::kPointerFree: return "pointer-free";
    case AdviceKind::kLargeObject: return "large-object";
    case AdviceKind::kGoMemLimit: return "gomemlimit";
  }
  return "";
}

const char* ConfidenceName(Confidence c) {
  switch (c) {
    case Confidence::kLow: return "low";
    case Confidence::kMedium: return "medium";
    case Confidence::kHigh: return "high";
  }
  return "";
}

}  // namespace heapdoc
