// The terminal report of `heapdoc analyze`.
#pragma once

#include <string>

#include "analyzer/analysis.h"

namespace heapdoc {
std::string RenderTextReport(const AnalysisReport& report);
}
