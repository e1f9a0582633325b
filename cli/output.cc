#include "cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "heapmodel/error.h"

namespace heapdoc::cli {
namespace {

namespace fs = std::filesystem;

bool IsStdout(const std::string& path) { return path.empty() || path == "-"; }

std::string Normal(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::path(path).lexically_normal().string() : p.string();
}

bool WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

void WriteOutput(const std::string& path, const std::string& text) {
  if (IsStdout(path)) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return;
  }
  std::string temp = path + ".heapdoc-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) throw OutputError(path, std::string("cannot write: ") + std::strerror(errno));
  // The file keeps the mode of the one it replaces, else gets the usual 0666 & ~umask.
  struct stat old {};
  mode_t mode = 0;
  if (::stat(path.c_str(), &old) == 0) {
    mode = old.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  ::fchmod(fd, mode);
  bool ok = WriteAll(fd, text);
  int write_errno = errno;
  ok = ok && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    ::unlink(temp.c_str());
    throw OutputError(path, fmt::format("cannot write: {} (the file was left as it was)",
                                       write_errno == ENOSPC ? "disk full" : std::strerror(write_errno ? write_errno : EIO)));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int rename_errno = errno;
    ::unlink(temp.c_str());
    throw OutputError(path, std::string("cannot write: ") + std::strerror(rename_errno));
  }
}

void RefuseOutputsOverInputs(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs) {
  for (const std::string& out : outputs) {
    if (IsStdout(out)) continue;
    struct stat out_st {};
    bool out_exists = ::stat(out.c_str(), &out_st) == 0;
    std::string out_normal = Normal(out);
    for (const std::string& in : inputs) {
      if (in.empty() || in == "-") continue;
      struct stat in_st {};
      bool same = out_normal == Normal(in);
      if (!same && out_exists && ::stat(in.c_str(), &in_st) == 0)
        same = in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino;
      if (same)
        throw Error(fmt::format("output {} is the input {}: refusing to overwrite it (choose another -o)", out, in));
    }
  }
}

std::vector<std::string> MarkdownChartPaths(const std::string& report_path) {
  fs::path p(report_path);
  std::string stem = p.stem().string();
  if (stem.empty()) stem = p.filename().string();
  return {(p.parent_path() / (stem + ".svg")).string(), (p.parent_path() / (stem + "-occupancy.svg")).string(),
          (p.parent_path() / (stem + "-spans.svg")).string()};
}

}  // namespace heapdoc::cli
