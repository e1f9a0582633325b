#include "analyzer/fleet/fleet_inputs.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "analyzer/readers/byte_stream.h"
#include "analyzer/readers/http_fetch.h"
#include "analyzer/readers/input_kind.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxInputListBytes = 16 << 20;  // a million URLs; only a wrong file is longer

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
  std::string head;
  try {
    head = ReadSniffHead(*OpenFileStream(path, {}));
  } catch (const Error&) {
    return false;  // unreadable or damaged gzip: let the reader say why
  }
  // Damaged gzip inside gzip is not plainly anything either.
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f) return false;
  return !SniffInputKind(head).heap;
}

std::vector<std::string> ReadInputList(const std::string& path) {
  const std::string shown = path == "-" ? "--inputs -" : path;
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) throw InputError(path, std::string("cannot read the --inputs list: ") + std::strerror(errno));
  }
  std::istream& in = path == "-" ? std::cin : file;
  // Read at most one byte past the cap: a wrong file (or an endless pipe) is refused, not held.
  std::string text(kMaxInputListBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxInputListBytes)
    throw InputError(shown, fmt::format("larger than the {} MiB limit for an --inputs list", kMaxInputListBytes >> 20));
  std::vector<std::string> inputs;
  std::istringstream lines(text);
  std::string line;
  for (size_t number = 1; std::getline(lines, line); ++number) {
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    auto last = line.find_last_not_of(" \t\r");
    line = line.substr(first, last - first + 1);
    if (line.find('\0') != std::string::npos)
      throw InputError(shown, fmt::format("line {}: a NUL byte (not a list of paths and URLs, one a line)", number));
    inputs.push_back(line);
  }
  if (inputs.empty()) throw InputError(shown, "the --inputs list names no profile (one path or URL a line)");
  return inputs;
}

}  // namespace heapdoc
