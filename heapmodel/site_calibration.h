// Scales sampled site counts to the exact count of their class where one is known (MemStats
// BySize, a heap dump), so that "688,159 live objects" of a class that holds exactly 600,000
// becomes 600,000, with the number of samples behind it kept for the reader.
#pragma once

#include "heapmodel/heap_breakdown.h"
#include "heapmodel/heap_dump.h"
#include "heapmodel/span_model.h"

namespace heapdoc {

// Samples a class needs before its sites are scaled when the counts come from a scaled profile:
// below it, the sampled sites may miss what really holds the class (a lone init-time sample beside
// thousands of objects the profile has not seen yet), and the gap stays unattributed instead.
inline constexpr uint64_t kMinSamplesToCalibrate = 10;

// `dump_samples`: the sites' counts are a heap dump's unscaled samples (a dump alone), which
// are always scaled to the dump's exact class counts.
// `dump` (optional): its large objects, one per span, count each large size exactly, and a dump's
// large-object sites are scaled to those counts (no size class counts them).
void CalibrateSiteCounts(HeapBreakdown& breakdown, const HeapModel& model, bool dump_samples,
                         const HeapDump* dump = nullptr);

}  // namespace heapdoc
