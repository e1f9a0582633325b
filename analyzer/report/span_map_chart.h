// The span map of a heap dump: for the size classes holding the most free-slot bytes, every span
// of the class as one cell in address order, coloured by how many of its slots are live. A span is
// an apartment block that returns to the heap only when its last tenant leaves: the red cells with
// a few tenants (hostage spans) are the fragmentation, visible at a glance. Standalone SVG.
#pragma once

#include <string>

#include "analyzer/analysis.h"

namespace heapdoc {

// "" unless the report has a heap dump with small-object spans.
std::string RenderSpanMapChart(const AnalysisReport& report);

}  // namespace heapdoc
