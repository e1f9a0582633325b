// The Markdown report of `heapdoc analyze --format markdown`: the same tables as the text report.
#pragma once

#include <string>

#include "analyzer/analysis.h"

namespace heapdoc {
std::string RenderMarkdownReport(const AnalysisReport& report);
}
