#include "analyzer/fleet/fleet_inputs.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "analyzer/readers/byte_stream.h"
#include "analyzer/readers/heap_dump_reader.h"
#include "analyzer/readers/http_fetch.h"
#include "analyzer/readers/text_profile_reader.h"

namespace heapdoc {
namespace {

namespace fs = std::filesystem;

bool IsGlobPattern(const std::string& arg) {
  return !IsHttpUrl(arg) && arg.find_first_of("*?[") != std::string::npos && !fs::exists(arg);
}

void AddDirectory(const std::string& dir, FleetInputs& out) {
  std::error_code ec;
  std::vector<std::string> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) files.push_back(it->path().string());
  }
  if (ec) {
    out.errors.push_back({dir, "cannot list the directory: " + ec.message()});
    return;
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) out.errors.push_back({dir, "the directory holds no files"});
  for (auto& f : files) out.inputs.push_back({std::move(f), true});
}

void AddPath(const std::string& path, FleetInputs& out) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) AddDirectory(path, out);
  else out.inputs.push_back({path, false});  // a missing file is reported when it is read
}

}  // namespace

bool IsFleetRequest(const std::vector<std::string>& args) {
  if (args.size() != 1) return args.size() > 1;
  std::error_code ec;
  return IsGlobPattern(args[0]) || (!IsHttpUrl(args[0]) && fs::is_directory(args[0], ec));
}

FleetInputs ExpandFleetInputs(const std::vector<std::string>& args) {
  FleetInputs out;
  for (const std::string& arg : args) {
    if (IsHttpUrl(arg)) {
      out.inputs.push_back({arg, false});
    } else if (IsGlobPattern(arg)) {
      glob_t g{};
      int rc = glob(arg.c_str(), 0, nullptr, &g);  // sorted by glob(3)
      if (rc == GLOB_NOMATCH) out.errors.push_back({arg, "no files match this pattern"});
      else if (rc != 0) out.errors.push_back({arg, "cannot expand this pattern"});
      else
        for (size_t i = 0; i < g.gl_pathc; ++i) AddPath(g.gl_pathv[i], out);
      globfree(&g);
    } else {
      AddPath(arg, out);
    }
  }
  return out;
}

bool PlainlyNotAProfile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;  // let the reader say why it cannot be read
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (head.empty()) return true;
  if (static_cast<unsigned char>(head[0]) == 0x1f) return false;  // gzip, even a damaged one
  if (LooksGzipped(head) || LooksLikeHeapDump(head) || LooksLikeTextHeapProfile(head)) return false;
  size_t printable = 0;
  for (unsigned char c : head) printable += (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t' || c >= 0x80;
  return printable * 100 >= head.size() * 97;  // text that is no heap profile
}

}  // namespace heapdoc
