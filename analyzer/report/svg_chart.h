// Charts of the span model as standalone SVG (no scripts, no external fonts or images), written
// beside a Markdown report and inlined into the HTML report: span bytes per size class split into
// live slots, free slots and tails; and, from a heap dump, spans by occupancy.
#pragma once

#include <string>
#include <vector>

#include "analyzer/analysis.h"

namespace heapdoc {

// "" when the model has no classes.
std::string RenderSpanBytesChart(const AnalysisReport& report);
// "" unless the model has occupancy histograms (heap-dump mode).
std::string RenderOccupancyChart(const AnalysisReport& report);

struct ChartImage {
  std::string kind;       // "span-bytes", "occupancy"
  std::string alt;        // alt text for the image link
  std::string file_name;  // beside the report: "report.svg", "report-occupancy.svg"
  std::string path;       // where to write it (report's directory + file_name)
  std::string svg;
};

// The charts a report written to `report_path` carries, named after it (report.md -> report.svg,
// report-occupancy.svg). Pure: the caller writes the files.
std::vector<ChartImage> ChartImagesFor(const AnalysisReport& report, const std::string& report_path);

std::string XmlEscape(const std::string& text);

}  // namespace heapdoc
