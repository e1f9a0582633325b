// The JSON document of `heapdoc analyze --format json`. Contract: top-level keys summary,
// size_classes, sites; fields may be added, never renamed (README: JSON output).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"

namespace heapdoc {
nlohmann::ordered_json BuildJsonReport(const AnalysisReport& report);
std::string RenderJsonReport(const AnalysisReport& report);
}
