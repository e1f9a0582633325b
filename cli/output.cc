#include "cli/output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "heapmodel/error.h"

namespace heapdoc::cli {

void WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return;
  }
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw InputError(path, std::string("cannot write: ") + std::strerror(errno));
  size_t n = std::fwrite(text.data(), 1, text.size(), f);
  bool ok = n == text.size() && std::fclose(f) == 0;
  if (!ok) throw InputError(path, "cannot write: disk full or I/O error");
}

}  // namespace heapdoc::cli
