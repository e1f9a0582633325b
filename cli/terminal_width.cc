#include "cli/terminal_width.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "analyzer/report/text_wrap.h"

namespace heapdoc::cli {

size_t TextReportWidth(bool to_terminal) {
  // Narrower than 40 columns nothing is readable; COLUMNS=0 or junk is ignored like an unset one.
  constexpr size_t kMinWidth = 40;
  if (const char* columns = std::getenv("COLUMNS")) {
    size_t value = 0;
    auto [end, ec] = std::from_chars(columns, columns + std::strlen(columns), value);
    if (ec == std::errc() && *end == '\0' && value > 0) return std::max(value, kMinWidth);
  }
  winsize size{};
  if (to_terminal && ::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return std::max<size_t>(size.ws_col, kMinWidth);
  return kDefaultTextWidth;
}

}  // namespace heapdoc::cli
