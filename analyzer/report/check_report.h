// The plain outputs of `heapdoc check`: text (one line per failed threshold, then PASS/FAIL) and
// JSON (the machine form). GitHub and SARIF outputs live in analyzer/report/.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"
#include "analyzer/check/finding_location.h"
#include "analyzer/check/threshold_check.h"

namespace heapdoc {

std::string RenderCheckText(const CheckResult& result);
// A figure for JSON: whole numbers as integers (1048576, never 1048576.0 or 1.0e6), infinity as "inf".
nlohmann::ordered_json JsonNumber(double v);
nlohmann::ordered_json BuildCheckJson(const CheckResult& result, const AnalysisReport& report,
                                      const LocationOptions& locations);
std::string RenderCheckJson(const CheckResult& result, const AnalysisReport& report, const LocationOptions& locations);

// The last line of every check output: "PASS: ..." or "FAIL: ...".
std::string CheckVerdictLine(const CheckResult& result);

}  // namespace heapdoc
