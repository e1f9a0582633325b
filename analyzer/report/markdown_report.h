// The Markdown report of `heapdoc analyze --format markdown`: the same tables as the text report.
#pragma once

#include <string>
#include <vector>

#include "analyzer/analysis.h"

namespace heapdoc {
// A chart the report shows (an SVG written beside it); `link` is relative to the report.
struct MarkdownImage {
  std::string alt;
  std::string link;
};
// The verdict and top findings first, the rest folded in <details> (`fold`; false writes plain
// sections, for renderers that pass no raw HTML).
std::string RenderMarkdownReport(const AnalysisReport& report, const std::vector<MarkdownImage>& images = {},
                                 bool fold = true);
}
