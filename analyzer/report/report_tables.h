// The content shared by the text and Markdown reports, laid out once: the description of the
// input, the totals, the per-class and per-site tables. Renderers only choose the markup.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analyzer/analysis.h"
#include "analyzer/report/table.h"

namespace heapdoc {

// (label, value) lines saying what the input is: kind, sampling, time, Go version.
std::vector<std::pair<std::string, std::string>> DescribeInput(const AnalysisReport& report);

std::string SamplingSentence(const AnalysisReport& report);

Table TotalsTable(const AnalysisReport& report);
Table DiagnosisTable(const AnalysisReport& report);
Table WasteTable(const AnalysisReport& report);
std::string ModelSentence(const AnalysisReport& report);
// hide_empty: leave out classes with no live objects and no spans (the text report, unless
// --all-classes); EmptyClassCount says how many that is.
Table SizeClassTable(const AnalysisReport& report, bool hide_empty = false);
size_t EmptyClassCount(const AnalysisReport& report);
// path_root: a directory (the module root) whose files are shown relative to it; "" = as recorded.
Table SitesTable(const AnalysisReport& report, const std::string& path_root = "");
// What the site ranking could not put on any site (free slots, garbage, unmatched dump samples),
// one sentence; empty when everything was attributed.
std::string UnattributedSentence(const AnalysisReport& report);

// "fieldalignment at main.build (main.go:20): saves 32.0 MiB (high confidence)"
std::string AdviceHeadline(const Advice& advice);

}  // namespace heapdoc
