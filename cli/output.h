// Where a command's report goes: stdout, or a file given with -o (written atomically, and never
// over one of the command's inputs).
#pragma once

#include <string>
#include <vector>

namespace heapdoc::cli {

// Writes `text` to `path` ("" or "-" = stdout): to a temporary file in the same directory, then
// renamed over `path`, so a full disk or a crash leaves the old file whole. Throws heapdoc::Error
// naming the path on failure.
void WriteOutput(const std::string& path, const std::string& text);

// Throws a usage error when one of `outputs` ("" and "-" are stdout) is one of `inputs`: the same
// path, or the same file under another name (device and inode: links, "./x", "../d/x"). Called
// before any work, so `analyze in.pb.gz -o in.pb.gz` refuses instead of replacing the profile.
void RefuseOutputsOverInputs(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs);

// The chart files a Markdown report at `report_path` writes beside it (report.md -> report.svg,
// report-occupancy.svg, report-spans.svg), as analyzer/report/svg_chart names them.
std::vector<std::string> MarkdownChartPaths(const std::string& report_path);

}  // namespace heapdoc::cli
