// The "retained by" section: roots that hold the survivors of the lifetime advice's sites
// (AnalysisReport::holders), in text, Markdown and JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"

namespace heapdoc {

// "" when there are no holders; lines wrapped to `width` columns (0: no wrap).
std::string RetainedByText(const AnalysisReport& report, size_t width);
std::string RetainedByMarkdown(const AnalysisReport& report);  // "" when there are no holders
nlohmann::ordered_json RetainedByJson(const AnalysisReport& report);

}  // namespace heapdoc
