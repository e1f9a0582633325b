// The terminal report of `heapdoc analyze`.
#pragma once

#include <cstddef>
#include <string>

#include "analyzer/analysis.h"

namespace heapdoc {
// width: terminal columns no line exceeds (paragraphs wrapped, tables shortened); 0 = unlimited.
// all_classes: also list size classes with nothing live and no spans (hidden by default).
// path_root: the module root; site files under it are shown relative to it (said above the table).
std::string RenderTextReport(const AnalysisReport& report, size_t width = 0, bool all_classes = false,
                             const std::string& path_root = "");
}
