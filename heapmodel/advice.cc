#include "heapmodel/advice.h"

namespace heapdoc {

const char* AdviceKindName(AdviceKind kind) {
  switch (kind) {
#define HEAPDOC_ADVICE_NAME(id, name) \
  case AdviceKind::id:                \
    return name;
    HEAPDOC_ADVICE_KINDS(HEAPDOC_ADVICE_NAME)
#undef HEAPDOC_ADVICE_NAME
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
