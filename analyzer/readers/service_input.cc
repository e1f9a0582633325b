#include "analyzer/readers/service_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "analyzer/readers/byte_stream.h"
#include "analyzer/readers/input_kind.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "analyzer/readers/snapshot_companions.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

// Named by what the body is (input_kind.h): "heap.pb.gz" for the usual gzipped protobuf,
// "heap.txt" for ?debug=1, "heap.txt.gz", "heap.pb", ...
std::string ProfileFileName(const std::string& name, const std::string& bytes) {
  std::string head;
  try {
    head = ReadSniffHead(*OpenMemoryViewStream(bytes, name, {}));
  } catch (const Error&) {
    head = bytes.substr(0, kSniffBytes);  // damaged gzip: named as what it claims to be
  }
  return name + SniffInputKind(head).saved_suffix + (LooksGzipped(bytes) ? ".gz" : "");
}

// "127.0.0.1_6060-": a file-name-safe prefix naming the service (never its credentials).
std::string HostPrefix(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  std::string host = url.substr(start, url.find_first_of("/?#", start) - start);
  if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  for (char& c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  return host + "-";
}

// Several URLs of one service in one run (/debug/pprof/heap and /allocs, two proxy routes) must
// not write the same names: the second gets "-2" after its prefix, and so on.
std::string UniquePrefix(const std::string& dir, const std::string& prefix) {
  static std::mutex mutex;
  static std::set<std::string> claimed;
  std::lock_guard<std::mutex> lock(mutex);
  std::string key = (std::filesystem::path(dir) / prefix).string();
  std::string unique = prefix;
  for (int n = 2; !claimed.insert(key).second; ++n) {
    std::string stem = prefix.ends_with("-") ? prefix.substr(0, prefix.size() - 1) : prefix;
    unique = fmt::format("{}{}{}-", stem, stem.empty() ? "" : "-", n);
    key = (std::filesystem::path(dir) / unique).string();
  }
  return unique;
}

// Writes a new file: a name already there (a file from an earlier run, or a symbolic link planted
// in DIR) is removed first (unlink removes the link, not what it points to), and the file is
// created with O_EXCL | O_NOFOLLOW, so nothing is written through a link.
std::string WriteSaved(const std::string& dir, const std::string& name, const std::string& bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw OutputError(dir, "cannot create the --save directory: " + ec.message());
  std::string path = (std::filesystem::path(dir) / name).string();
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    throw OutputError(path, std::string("cannot replace: ") + std::strerror(errno));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) throw OutputError(path, std::string("cannot write: ") + std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  int write_errno = errno;
  if (::close(fd) != 0 || done != bytes.size()) {
    ::unlink(path.c_str());
    throw OutputError(path, std::string("cannot write: ") + std::strerror(write_errno ? write_errno : EIO));
  }
  return path;
}

}  // namespace

LoadedInput LoadServiceInput(const std::string& url, const LoadOptions& options) {
  LoadedInput loaded;
  ServiceFetch fetch = FetchService(url, options.gc, options.fetch);
  // Saved before parsing: a body heapdoc refuses is worth keeping too.
  if (!options.save_dir.empty()) {
    std::string prefix = UniquePrefix(options.save_dir, options.save_with_host ? HostPrefix(fetch.urls.profile_url) : "");
    loaded.saved_files.push_back(WriteSaved(options.save_dir,
                                            prefix + ProfileFileName(fetch.urls.profile_name, fetch.profile_bytes),
                                            fetch.profile_bytes));
    if (fetch.vars_bytes) loaded.saved_files.push_back(WriteSaved(options.save_dir, prefix + "vars.json", *fetch.vars_bytes));
  }
  try {
    loaded.snapshot = ReadHeapInputBytes(std::move(fetch.profile_bytes), RedactUrl(fetch.urls.profile_url));
  } catch (const Error& e) {
    if (loaded.saved_files.empty()) throw;
    // The refused body was saved: say where, or the user would never learn it was.
    throw Error(fmt::format("{} (the body was saved as {})", e.what(), loaded.saved_files.front()));
  }
  if (fetch.vars_bytes) {
    try {
      AttachMemStats(loaded.snapshot, ParseMemStats(*fetch.vars_bytes, RedactUrl(fetch.urls.vars_url)));
    } catch (const Error& e) {
      // A /debug/vars without memstats (a custom handler) leaves the profile usable.
      loaded.snapshot.notes.push_back(std::string(e.what()) + ": MemStats unknown");
    }
  } else {
    loaded.snapshot.notes.push_back(fetch.vars_note);
  }
  return loaded;
}

MemStats FetchMemStats(const std::string& url, const FetchOptions& options) {
  HttpResponse response = HttpGet(url, options);
  std::string shown = RedactUrl(url);
  if (response.status != 200)
    throw InputError(shown, fmt::format("HTTP {} {}: no runtime.MemStats fetched", response.status, response.reason));
  return ParseMemStats(response.body, shown);
}

}  // namespace heapdoc
