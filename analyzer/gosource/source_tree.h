// A tree of Go source: walks directories, parses each package's files, maps import paths to
// package directories (go.mod, else path suffix) and profile file paths to files (path suffix).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/gosource/go_type_parser.h"

namespace heapdoc::gosource {

struct SourceTreeOptions {
  bool include_vendor = false;    // walk vendor/ directories
  bool include_testdata = false;  // walk testdata/ directories below a root
  bool recursive = true;          // false: only the .go files directly in each root directory
};

struct GoPackage {
  std::string dir;          // the directory as walked ("testdata/gosrc/shop")
  std::string name;         // the package clause of its files
  std::string import_path;  // from the enclosing go.mod; empty when there is none
  std::vector<GoFile> files;

  const GoTypeDecl* FindType(std::string_view type_name, const GoFile** file = nullptr) const;
  const GoConstSpec* FindConst(std::string_view const_name, const GoFile** file = nullptr) const;
  // Indexes the declarations of `files` by name (SourceTree::Load does it once the package is
  // read): the finds above are then constant time instead of a scan of every declaration, which
  // made laying out a package of n structs O(n^2). Without it (or after files change) they scan.
  void IndexDeclarations();

 private:
  template <typename Decl>
  struct Declared {
    const GoFile* file;
    const Decl* decl;
  };
  size_t indexed_files_ = 0;  // files.size() when indexed; 0 = not indexed
  std::unordered_map<std::string_view, Declared<GoTypeDecl>> types_by_name_;
  std::unordered_map<std::string_view, Declared<GoConstSpec>> consts_by_name_;
};

class SourceTree {
 public:
  // Walks each root (a directory, or a single .go file). Skips _test.go files, files whose build
  // constraint says `ignore`, hidden and `_` directories, and vendor/ and testdata/ unless asked.
  // Throws heapdoc::Error when a root does not exist or is not a directory or .go file.
  static SourceTree Load(const std::vector<std::string>& roots, const SourceTreeOptions& options = {});

  const std::vector<std::unique_ptr<GoPackage>>& packages() const { return packages_; }
  // Problems worth telling the user: files that did not parse, ambiguous packages, ...
  const std::vector<std::string>& notes() const { return notes_; }

  const GoPackage* PackageByDir(std::string_view dir) const;
  // The package an import path names: exactly through the go.mod module path of packages that
  // have one; among packages outside any module, the directory whose path ends with the longest
  // run of the import path's trailing elements. nullptr when nothing matches or two tie.
  const GoPackage* PackageForImport(std::string_view import_path) const;
  // The file a profile's path names (absolute build paths like /home/u/proj/pkg/x.go, or
  // module paths with -trimpath): the file sharing the longest run of trailing path elements.
  // nullptr when no file has the same name, or two match equally well.
  const GoFile* FileForProfilePath(std::string_view profile_path, const GoPackage** package = nullptr) const;

 private:
  std::vector<std::unique_ptr<GoPackage>> packages_;
  std::vector<std::string> notes_;
};

// How many trailing '/'-separated elements two paths share ("a/b/c.go" vs "x/b/c.go" -> 2).
// Backslashes count as separators; "." elements and empty elements are ignored.
size_t CommonPathSuffixElements(std::string_view a, std::string_view b);

}  // namespace heapdoc::gosource
