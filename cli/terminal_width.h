// How wide the text report may be: $COLUMNS, else the terminal's width (stdout a tty), else 100.
#pragma once

#include <cstddef>

namespace heapdoc::cli {

// to_terminal: the report goes to stdout (not -o FILE), so the tty's width applies.
size_t TextReportWidth(bool to_terminal);

}  // namespace heapdoc::cli
