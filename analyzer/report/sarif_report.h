// `heapdoc check --format sarif`: a SARIF 2.1.0 log (OASIS) with one run: tool driver heapdoc,
// one rule per threshold and per advice kind, one result per failed threshold and per advice,
// with a physicalLocation in source where known (else the profile file). GitHub code scanning
// reads it (github/codeql-action/upload-sarif).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"
#include "analyzer/check/finding_location.h"
#include "analyzer/check/threshold_check.h"

namespace heapdoc {

// exit_code: what heapdoc exits with (invocations[0].exitCode); by default 1 on a failure, else 0
// (--exit-zero passes 0).
nlohmann::ordered_json BuildSarifLog(const CheckResult& result, const AnalysisReport& report,
                                     const LocationOptions& locations, std::optional<int> exit_code = std::nullopt);
std::string RenderSarifLog(const CheckResult& result, const AnalysisReport& report, const LocationOptions& locations,
                           std::optional<int> exit_code = std::nullopt);

// A file path as a SARIF artifactLocation uri (RFC 3986 uri-reference): relative paths stay
// relative, absolute ones become file:// URIs; reserved characters are percent-encoded.
std::string PathToUri(const std::string& path);

}  // namespace heapdoc
