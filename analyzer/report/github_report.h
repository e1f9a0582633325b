// `heapdoc check --format github`: GitHub Actions workflow commands (::error / ::warning /
// ::notice), one per failed threshold and per piece of advice, with file and line where the
// finding points into source, so they show as annotations on the pull request.
#pragma once

#include <string>

#include "analyzer/analysis.h"
#include "analyzer/check/finding_location.h"
#include "analyzer/check/threshold_check.h"

namespace heapdoc {

std::string RenderGithubCommands(const CheckResult& result, const AnalysisReport& report,
                                 const LocationOptions& locations);

// Escaping of the workflow-command syntax (actions/toolkit command.ts): data escapes % CR LF;
// property values additionally escape : and ,.
std::string GithubEscapeData(const std::string& text);
std::string GithubEscapeProperty(const std::string& text);

}  // namespace heapdoc
