// The outputs of `heapdoc diff BASE NEW`: text, Markdown and JSON of a ReportDiff. Rows are sorted
// by absolute change; a positive delta grew, a negative one shrank (pprof -diff_base's convention).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/diff/report_comparison.h"

namespace heapdoc {

std::string RenderDiffText(const ReportDiff& diff, size_t top);
std::string RenderDiffMarkdown(const ReportDiff& diff, size_t top);
nlohmann::ordered_json BuildDiffJson(const ReportDiff& diff, size_t top);
std::string RenderDiffJson(const ReportDiff& diff, size_t top);

}  // namespace heapdoc
