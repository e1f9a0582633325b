#include "heapmodel/go_package.h"

#include <algorithm>
#include <iterator>
#include <cctype>

namespace heapdoc {
namespace {

// The first path elements of Go's standard library (`go list std`, Go 1.26, plus cmd). A list,
// not Go's "no dot in the first element" convention: the Go module reference allows a dot-less
// path for a module that is never fetched as a dependency, which is exactly a service's own
// module (`module myservice`; this repository's test programs are `heapdoc/testdata/gen/...`).
// A root added by a later Go release is taken for user code until listed here: the report then
// names a standard frame as the user's, which is visible and harmless.
constexpr std::string_view kStandardRoots[] = {
    "archive", "arena",   "bufio",   "builtin", "bytes",    "cmd",     "cmp",     "compress", "container",
    "context", "crypto",  "database", "debug",  "embed",    "encoding", "errors", "expvar",   "flag",
    "fmt",     "go",      "hash",    "html",    "image",    "index",   "internal", "io",      "iter",
    "log",     "maps",    "math",    "mime",    "net",      "os",      "path",    "plugin",   "reflect",
    "regexp",  "runtime", "simd",    "slices",  "sort",     "strconv", "strings", "structs",  "sync",
    "syscall", "testing", "text",    "time",    "unicode",  "unique",  "unsafe",  "vendor",   "weak",
};

bool IsHexDigit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

bool IsUnsymbolizedAddress(std::string_view function) {
  return function.size() > 2 && function.starts_with("0x") && std::all_of(function.begin() + 2, function.end(), IsHexDigit);
}

// Functions the compiler or linker writes (type equality and hash functions, generic shapes):
// no package's source holds them.
bool IsCompilerGenerated(std::string_view function) {
  return function.starts_with("type:") || function.starts_with("type.") || function.starts_with("go:") ||
         function.starts_with("go.shape.");
}

// Symbol names escape a package path's last element ('.' as %2e: "gopkg.in/yaml%2ev3").
std::string UnescapePath(std::string_view escaped) {
  std::string out;
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '%' && i + 2 < escaped.size() && IsHexDigit(escaped[i + 1]) && IsHexDigit(escaped[i + 2])) {
      out += static_cast<char>(std::stoi(std::string(escaped.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += escaped[i];
    }
  }
  return out;
}

}  // namespace

std::string GoPackagePath(std::string_view function) {
  if (IsUnsymbolizedAddress(function) || IsCompilerGenerated(function)) return "";
  // Type arguments ("main.Map[go.shape.string,github.com/a/b.T].Get") hold slashes and dots of
  // other packages; the package path ends before them.
  std::string_view head = function.substr(0, function.find('['));
  size_t last_slash = head.rfind('/');
  size_t dot = head.find('.', last_slash == std::string_view::npos ? 0 : last_slash + 1);
  if (dot == std::string_view::npos || dot == 0 || dot == last_slash + 1) return "";
  return UnescapePath(head.substr(0, dot));
}

bool IsGoStandardLibrary(std::string_view package_path) {
  std::string_view root = package_path.substr(0, package_path.find('/'));
  return std::find(std::begin(kStandardRoots), std::end(kStandardRoots), root) != std::end(kStandardRoots);
}

CodeOrigin FunctionOrigin(std::string_view function) {
  std::string package_path = GoPackagePath(function);
  if (package_path.empty()) return CodeOrigin::kUnknown;
  // golang.org/x is the Go team's extension of the standard library (std vendors parts of it):
  // a user changes how they call it, not it.
  if (IsGoStandardLibrary(package_path) || package_path.starts_with("golang.org/x/")) return CodeOrigin::kLibrary;
  return CodeOrigin::kUser;
}

}  // namespace heapdoc
