#include "analyzer/gosource/source_tree.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "heapmodel/error.h"

namespace heapdoc::gosource {
namespace fs = std::filesystem;
namespace {

std::vector<std::string_view> PathElements(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/' || path[i] == '\\') {
      std::string_view e = path.substr(start, i - start);
      if (!e.empty() && e != ".") out.push_back(e);
      start = i + 1;
    }
  }
  return out;
}

// GOOS and GOARCH values a file name suffix can carry (go/build's knownOS/knownArch, abridged).
constexpr std::string_view kKnownOS[] = {"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos",
                                         "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris",
                                         "wasip1", "windows", "zos"};
constexpr std::string_view kKnownArch[] = {"386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64",
                                           "mips64le", "ppc64", "ppc64le", "riscv64", "s390x", "wasm"};

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view v) {
  return std::find(std::begin(list), std::end(list), v) != std::end(list);
}

// heapdoc lays types out for linux on a 64-bit target: amd64 and arm64 lay out alike.
bool TagSatisfied(std::string_view tag) {
  if (tag == "linux" || tag == "unix" || tag == "amd64" || tag == "arm64" || tag == "gc" || tag == "cgo") return true;
  if (tag.starts_with("go1.")) return true;
  return false;
}

// A file name like x_windows.go or x_linux_386.go that the Go tool would not build for linux/amd64.
bool ExcludedByFileName(std::string_view name) {
  name.remove_suffix(3);  // ".go"
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= name.size(); ++i)
    if (i == name.size() || name[i] == '_') {
      parts.push_back(name.substr(start, i - start));
      start = i + 1;
    }
  if (parts.size() >= 3 && Contains(kKnownOS, parts[parts.size() - 2]) && Contains(kKnownArch, parts.back()))
    return !TagSatisfied(parts[parts.size() - 2]) || !TagSatisfied(parts.back());
  if (parts.size() >= 2 && (Contains(kKnownOS, parts.back()) || Contains(kKnownArch, parts.back())))
    return !TagSatisfied(parts.back());
  return false;
}

// Evaluates a //go:build expression (||, &&, !, parentheses, tags) for linux/amd64.
class BuildExpr {
 public:
  explicit BuildExpr(std::string_view text) : s_(text) {}
  bool Eval() {
    bool v = Or();
    return v;
  }

 private:
  bool Or() {
    bool v = And();
    while (Skip("||")) v = And() || v;
    return v;
  }
  bool And() {
    bool v = Not();
    while (Skip("&&")) v = Not() && v;
    return v;
  }
  bool Not() {
    // Recursion guard: `!!!!...` or `((((...` thousands deep would overflow the stack. Real
    // constraints nest a few levels; past the limit the rest is not evaluated (counts as true).
    if (++depth_ > kMaxDepth) {
      i_ = s_.size();
      return true;
    }
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{depth_};
    if (Skip("!")) return !Not();
    if (Skip("(")) {
      bool v = Or();
      Skip(")");
      return v;
    }
    Space();
    size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '.')) ++i_;
    if (start == i_) {
      if (i_ < s_.size()) ++i_;  // not a tag: step over it so evaluation ends (never past the end)
      return true;
    }
    return TagSatisfied(s_.substr(start, i_ - start));
  }
  void Space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  bool Skip(std::string_view op) {
    Space();
    if (s_.substr(i_, op.size()) == op) {
      i_ += op.size();
      return true;
    }
    return false;
  }
  static constexpr int kMaxDepth = 200;
  std::string_view s_;
  size_t i_ = 0;
  int depth_ = 0;
};

bool ExcludedByBuildConstraint(const GoFile& file) {
  for (const auto& c : file.build_constraints) {
    std::string_view expr = std::string_view(c).substr(std::string_view("//go:build").size());
    if (!BuildExpr(expr).Eval()) return true;
  }
  return false;
}

std::string ModulePath(const fs::path& go_mod) {
  std::ifstream in(go_mod);
  std::string line;
  while (std::getline(in, line)) {
    std::string_view l = line;
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    if (!l.starts_with("module")) continue;
    l.remove_prefix(6);
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    size_t end = l.find_first_of(" \t\r/");
    while (end != std::string_view::npos && l[end] == '/') end = l.find_first_of(" \t\r", end);
    std::string_view path = l.substr(0, end);
    if (path.size() >= 2 && path.front() == '"') path = path.substr(1, path.size() - 2);
    return std::string(path);
  }
  return "";
}

// The import path of a directory from the nearest go.mod at or above it; "" when none.
std::string ImportPathFor(const fs::path& dir, std::map<std::string, std::string>& cache) {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  std::vector<std::string> rel;
  for (fs::path p = abs; !p.empty(); p = p.parent_path()) {
    std::string key = p.string();
    auto it = cache.find(key);
    std::string module;
    if (it != cache.end()) {
      module = it->second;
    } else {
      if (fs::is_regular_file(p / "go.mod", ec)) module = ModulePath(p / "go.mod");
      cache[key] = module;
    }
    if (!module.empty()) {
      // GOROOT/src is module "std", whose packages are imported without a prefix ("io").
      std::string path = module == "std" ? "" : module;
      for (auto r = rel.rbegin(); r != rel.rend(); ++r) path += (path.empty() ? "" : "/") + *r;
      return path;
    }
    if (p == p.parent_path()) break;
    rel.push_back(p.filename().string());
  }
  return "";
}

}  // namespace

size_t CommonPathSuffixElements(std::string_view a, std::string_view b) {
  auto ea = PathElements(a), eb = PathElements(b);
  size_t n = 0;
  while (n < ea.size() && n < eb.size() && ea[ea.size() - 1 - n] == eb[eb.size() - 1 - n]) ++n;
  return n;
}

void GoPackage::IndexDeclarations() {
  types_by_name_.clear();
  consts_by_name_.clear();
  // The first declaration of a name wins, as in the scans.
  for (const auto& f : files) {
    for (const auto& t : f.types) types_by_name_.try_emplace(t.name, Declared<GoTypeDecl>{&f, &t});
    for (const auto& c : f.consts) consts_by_name_.try_emplace(c.name, Declared<GoConstSpec>{&f, &c});
  }
  indexed_files_ = files.size();
}

const GoTypeDecl* GoPackage::FindType(std::string_view type_name, const GoFile** file) const {
  if (indexed_files_ != 0 && indexed_files_ == files.size()) {
    auto it = types_by_name_.find(type_name);
    if (it == types_by_name_.end()) return nullptr;
    if (file) *file = it->second.file;
    return it->second.decl;
  }
  for (const auto& f : files)
    for (const auto& t : f.types)
      if (t.name == type_name) {
        if (file) *file = &f;
        return &t;
      }
  return nullptr;
}

const GoConstSpec* GoPackage::FindConst(std::string_view const_name, const GoFile** file) const {
  if (indexed_files_ != 0 && indexed_files_ == files.size()) {
    auto it = consts_by_name_.find(const_name);
    if (it == consts_by_name_.end()) return nullptr;
    if (file) *file = it->second.file;
    return it->second.decl;
  }
  for (const auto& f : files)
    for (const auto& c : f.consts)
      if (c.name == const_name) {
        if (file) *file = &f;
        return &c;
      }
  return nullptr;
}

SourceTree SourceTree::Load(const std::vector<std::string>& roots, const SourceTreeOptions& options) {
  SourceTree tree;
  std::map<std::string, std::vector<fs::path>> files_by_dir;  // ordered: deterministic output
  for (const auto& root : roots) {
    std::error_code ec;
    fs::file_status st = fs::status(root, ec);
    if (ec || !fs::exists(st)) throw InputError(root, "no such file or directory");
    if (fs::is_regular_file(st)) {
      if (!root.ends_with(".go")) throw InputError(root, "not a directory or a .go file");
      fs::path p(root);
      files_by_dir[p.parent_path().string()].push_back(p);
      continue;
    }
    if (!fs::is_directory(st)) throw InputError(root, "not a directory or a .go file");
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) throw InputError(root, ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) throw InputError(root, ec.message());
      const fs::path& p = it->path();
      std::string name = p.filename().string();
      if (it->is_directory(ec)) {
        bool skip = !options.recursive || name.starts_with(".") || name.starts_with("_") ||
                    (name == "vendor" && !options.include_vendor) || (name == "testdata" && !options.include_testdata);
        if (skip) it.disable_recursion_pending();
        continue;
      }
      if (!name.ends_with(".go") || name.ends_with("_test.go") || name.starts_with(".") || name.starts_with("_")) continue;
      if (ExcludedByFileName(name)) continue;
      // Only regular files: a FIFO would block the walk forever, a device (/dev/zero) never end.
      std::error_code type_ec;
      if (!it->is_regular_file(type_ec)) {
        if (it->is_symlink(type_ec))
          tree.notes_.push_back(fmt::format("{}: a symbolic link to something that is not a regular file; skipped",
                                            p.string()));
        continue;
      }
      files_by_dir[p.parent_path().string()].push_back(p);
    }
  }

  std::map<std::string, std::string> go_mod_cache;
  for (auto& [dir, paths] : files_by_dir) {
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    auto pkg = std::make_unique<GoPackage>();
    pkg->dir = dir;
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      if (!in) {
        tree.notes_.push_back(fmt::format("{}: cannot read", p.string()));
        continue;
      }
      std::ostringstream ss;
      ss << in.rdbuf();
      GoFile file = ParseGoFile(ss.str(), p.string());
      if (ExcludedByBuildConstraint(file)) continue;
      tree.notes_.insert(tree.notes_.end(), file.notes.begin(), file.notes.end());
      if (!file.error.empty()) tree.notes_.push_back(fmt::format("{} (declarations after it are skipped)", file.error));
      if (file.package_name.empty()) continue;
      if (pkg->name.empty()) {
        pkg->name = file.package_name;
      } else if (pkg->name != file.package_name) {
        // e.g. package main next to a `package documentation` file: keep the first package.
        tree.notes_.push_back(fmt::format("{}: package {} differs from {} in the same directory; skipped",
                                          p.string(), file.package_name, pkg->name));
        continue;
      }
      pkg->files.push_back(std::move(file));
    }
    if (pkg->files.empty()) continue;
    pkg->IndexDeclarations();
    pkg->import_path = ImportPathFor(dir.empty() ? fs::path(".") : fs::path(dir), go_mod_cache);
    tree.packages_.push_back(std::move(pkg));
  }
  return tree;
}

const GoPackage* SourceTree::PackageByDir(std::string_view dir) const {
  for (const auto& p : packages_)
    if (p->dir == dir) return p.get();
  return nullptr;
}

const GoPackage* SourceTree::PackageForImport(std::string_view import_path) const {
  for (const auto& p : packages_)
    if (!p->import_path.empty() && p->import_path == import_path) return p.get();
  const GoPackage* best = nullptr;
  size_t best_n = 0;
  bool tie = false;
  for (const auto& p : packages_) {
    // A package whose go.mod gives its import path is only ever matched exactly (above).
    if (!p->import_path.empty()) continue;
    size_t n = CommonPathSuffixElements(p->dir, import_path);
    if (n == 0) continue;
    if (n > best_n) {
      best = p.get();
      best_n = n;
      tie = false;
    } else if (n == best_n) {
      tie = true;
    }
  }
  return tie ? nullptr : best;
}

const GoFile* SourceTree::FileForProfilePath(std::string_view profile_path, const GoPackage** package) const {
  const GoFile* best = nullptr;
  const GoPackage* best_pkg = nullptr;
  size_t best_n = 0;
  bool tie = false;
  for (const auto& p : packages_) {
    for (const auto& f : p->files) {
      size_t n = CommonPathSuffixElements(f.path, profile_path);
      // With -trimpath, profiles name files by import path: compare that too.
      if (!p->import_path.empty()) {
        std::string module_path = p->import_path + "/" + fs::path(f.path).filename().string();
        n = std::max(n, CommonPathSuffixElements(module_path, profile_path));
      }
      if (n == 0) continue;
      if (n > best_n) {
        best = &f;
        best_pkg = p.get();
        best_n = n;
        tie = false;
      } else if (n == best_n) {
        tie = true;
      }
    }
  }
  if (tie || !best) return nullptr;
  if (package) *package = best_pkg;
  return best;
}

}  // namespace heapdoc::gosource
