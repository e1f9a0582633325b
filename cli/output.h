// Where a command's report goes: stdout, or a file given with -o.
#pragma once

#include <string>

namespace heapdoc::cli {

// Writes `text` to `path` ("" or "-" = stdout). Throws heapdoc::Error naming the path on failure.
void WriteOutput(const std::string& path, const std::string& text);

}  // namespace heapdoc::cli
