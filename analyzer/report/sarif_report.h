// `heapdoc check --format sarif`: a SARIF 2.1.0 log (OASIS) with one run: tool driver heapdoc,
// one rule per threshold and per advice kind, one result per failed threshold and per advice,
// with a physicalLocation in source where known (else the profile file). GitHub code scanning
// reads it (github/codeql-action/upload-sarif).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"
#include "analyzer/check/finding_location.h"
#include "analyzer/check/threshold_check.h"

namespace heapdoc {

nlohmann::ordered_json BuildSarifLog(const CheckResult& result, const AnalysisReport& report,
                                     const LocationOptions& locations);
std::string RenderSarifLog(const CheckResult& result, const AnalysisReport& report, const LocationOptions& locations);

// A file path as a SARIF artifactLocation uri (RFC 3986 uri-reference): relative paths stay
// relative, absolute ones become file:// URIs; reserved characters are percent-encoded.
std::string PathToUri(const std::string& path);

}  // namespace heapdoc
