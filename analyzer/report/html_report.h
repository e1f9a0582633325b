// `heapdoc analyze --format html`: one self-contained HTML file with the Markdown report's content
// (rendered by cmark-gfm, tables included) and its charts as inline SVG. No scripts and no external
// resources; a Content-Security-Policy says so to the browser.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analyzer/analysis.h"

namespace heapdoc {

std::string RenderHtmlReport(const AnalysisReport& report);

// GitHub-flavoured Markdown to an HTML fragment (raw HTML in the input is omitted, not passed
// through: profile strings cannot inject markup). Images whose link is a key of `inline_svgs` are
// replaced by that SVG.
std::string MarkdownToHtml(const std::string& markdown,
                           const std::vector<std::pair<std::string, std::string>>& inline_svgs = {});

}  // namespace heapdoc
