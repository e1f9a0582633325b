#include "analyzer/fleet/profile_source.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "analyzer/analysis.h"
#include "analyzer/readers/byte_stream.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "analyzer/readers/text_profile_reader.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

// "heap.pb.gz" for the usual gzipped protobuf, "heap.txt" for ?debug=1, "heap.pb" otherwise.
std::string ProfileFileName(const std::string& name, const std::string& bytes) {
  if (LooksGzipped(bytes)) return name + ".pb.gz";
  if (LooksLikeTextHeapProfile(bytes)) return name + ".txt";
  return name + ".pb";
}

// "127.0.0.1_6060-": a file-name-safe prefix naming the service.
std::string HostPrefix(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  std::string host = url.substr(start, url.find_first_of("/?#", start) - start);
  for (char& c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  return host + "-";
}

std::string WriteSaved(const std::string& dir, const std::string& name, const std::string& bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError(dir, "cannot create the --save directory: " + ec.message());
  std::string path = (std::filesystem::path(dir) / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw InputError(path, std::string("cannot write: ") + std::strerror(errno));
  return path;
}

LoadedInput LoadService(const std::string& url, const LoadOptions& options) {
  LoadedInput loaded;
  ServiceFetch fetch = FetchService(url, options.gc, options.fetch);
  // Saved before parsing: a body heapdoc refuses is worth keeping too.
  if (!options.save_dir.empty()) {
    std::string prefix = options.save_with_host ? HostPrefix(fetch.urls.profile_url) : "";
    loaded.saved_files.push_back(WriteSaved(options.save_dir,
                                            prefix + ProfileFileName(fetch.urls.profile_name, fetch.profile_bytes),
                                            fetch.profile_bytes));
    if (fetch.vars_bytes) loaded.saved_files.push_back(WriteSaved(options.save_dir, prefix + "vars.json", *fetch.vars_bytes));
  }
  loaded.snapshot = ReadHeapInputBytes(std::move(fetch.profile_bytes), fetch.urls.profile_url);
  if (fetch.vars_bytes) {
    try {
      AttachMemStats(loaded.snapshot, ParseMemStats(*fetch.vars_bytes, fetch.urls.vars_url));
    } catch (const Error& e) {
      // A /debug/vars without memstats (a custom handler) leaves the profile usable.
      loaded.snapshot.notes.push_back(std::string(e.what()) + ": MemStats unknown");
    }
  } else {
    loaded.snapshot.notes.push_back(fetch.vars_note);
  }
  return loaded;
}

}  // namespace

LoadedInput LoadHeapInput(const std::string& input, const LoadOptions& options) {
  if (IsHttpUrl(input)) return LoadService(input, options);
  LoadedInput loaded;
  loaded.snapshot = ReadHeapInputFile(input);
  return loaded;
}

}  // namespace heapdoc
