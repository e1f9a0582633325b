#include "analyzer/gosource/package_patterns.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace heapdoc::gosource {
namespace {

namespace fs = std::filesystem;

struct Module {
  std::string path;  // the module line of go.mod
  fs::path root;     // the directory holding go.mod
};

// The module enclosing the current directory: the nearest go.mod at or above it.
std::optional<Module> EnclosingModule() {
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) return std::nullopt;
  for (;;) {
    fs::path mod = dir / "go.mod";
    if (fs::is_regular_file(mod, ec)) {
      std::ifstream in(mod);
      std::string line;
      while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string keyword, path;
        if (words >> keyword >> path && keyword == "module") {
          if (path.size() >= 2 && path.front() == '"' && path.back() == '"') path = path.substr(1, path.size() - 2);
          return Module{path, dir};
        }
      }
      return std::nullopt;
    }
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

}  // namespace

std::vector<std::string> ResolvePackagePatterns(const std::vector<std::string>& patterns) {
  std::vector<std::string> out;
  std::optional<Module> module;
  bool looked = false;
  for (std::string p : patterns) {
    // Directories are read with their subdirectories, so "dir/..." is "dir".
    if (p == "...") p = ".";
    else if (p.size() > 4 && p.ends_with("/...")) p.resize(p.size() - 4);
    std::error_code ec;
    if (!fs::exists(p, ec) && !p.starts_with(".") && !p.starts_with("/")) {
      if (!looked) module = EnclosingModule(), looked = true;
      if (module && (p == module->path || p.starts_with(module->path + "/")))
        p = (module->root / p.substr(std::min(p.size(), module->path.size() + 1))).lexically_normal().string();
    }
    out.push_back(p);
  }
  return out;
}

}  // namespace heapdoc::gosource
