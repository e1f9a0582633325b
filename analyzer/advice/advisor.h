// The advisor: turns the ranked sites, the span model and (with --source) the Go types allocated
// at each site into advice a Go engineer can act on, each with its evidence and the bytes it saves.
#pragma once

#include <vector>

#include "analyzer/gosource/source_tree.h"
#include "heapmodel/advice.h"
#include "heapmodel/diagnosis.h"
#include "heapmodel/heap_dump.h"
#include "heapmodel/heap_breakdown.h"
#include "heapmodel/site_cost.h"
#include "heapmodel/size_classes.h"
#include "heapmodel/span_model.h"

namespace heapdoc {

struct AdvisorInput {
  const HeapBreakdown& breakdown;  // sites ranked by cost
  const HeapModel& model;
  const Diagnosis& diagnosis;
  const SizeClassTable& table;
  const MemStats* memstats = nullptr;
  const gosource::SourceTree* source = nullptr;  // --source; nullptr: no type-based advice
  const HeapDump* heap_dump = nullptr;           // its maps (map-rebuild advice)
};

// Sets each site's type_name, object_bytes and source_file where the source tree shows the Go type
// allocated on its line (the candidate whose heap slot matches the profile's slot size).
// `lines_at_return_address`: the sites' lines may be the statement after the allocation (heap
// dumps of Go <= 1.25 record the return address); a site whose line allocates nothing of its
// slot size then moves to the nearest of the 4 lines above that does.
void AnnotateSiteTypes(HeapBreakdown& breakdown, const SizeClassTable& table, const gosource::SourceTree& source,
                       bool lines_at_return_address = false);

// What the heap holds in all: HeapInuse when known, else the model's span bytes (what advice
// thresholds are fractions of).
uint64_t HeapBytes(const AdvisorInput& in);

// Advice ranked by saving, largest first.
std::vector<Advice> Advise(const AdvisorInput& input);

}  // namespace heapdoc
