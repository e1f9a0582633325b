// The JSON document of `heapdoc analyze --format json`. Contract: top-level keys summary,
// size_classes, sites; fields may be added, never renamed (README: JSON output).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"

namespace heapdoc {
nlohmann::ordered_json BuildJsonReport(const AnalysisReport& report);
// One piece of advice as every JSON output writes it (analyze, check).
nlohmann::ordered_json AdviceJson(const Advice& advice);

// Every JSON document heapdoc prints: indented, a newline at the end, and bytes that are not
// UTF-8 (function names from a damaged profile) replaced with U+FFFD instead of failing.
std::string JsonText(const nlohmann::ordered_json& doc);
std::string RenderJsonReport(const AnalysisReport& report);
}
