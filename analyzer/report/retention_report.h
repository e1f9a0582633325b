// The "retained by" section: roots that hold the survivors of the lifetime advice's sites
// (AnalysisReport::holders), in text, Markdown and JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"

namespace heapdoc {

std::string RetainedByText(const AnalysisReport& report);      // "" when there are no holders
std::string RetainedByMarkdown(const AnalysisReport& report);  // "" when there are no holders
nlohmann::ordered_json RetainedByJson(const AnalysisReport& report);

}  // namespace heapdoc
