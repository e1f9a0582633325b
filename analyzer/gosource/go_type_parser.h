// Parses the top-level declarations of a Go file that decide memory layout: package clause,
// imports, type declarations (with their struct, array, map... type expressions) and constants.
// Function and variable declarations are skipped; their tokens stay available for line scans.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/gosource/go_lexer.h"

namespace heapdoc::gosource {

struct GoField;

// How deeply type expressions may nest (struct in struct, [N] in [N], parentheses): real code
// stays far below; deeper types are skipped with a note instead of overflowing the stack.
inline constexpr int kMaxTypeDepth = 200;

// A type as written in source, not yet resolved to a layout.
struct GoTypeExpr {
  enum class Kind {
    kName,       // T, pkg.T, int, string ... (also unsafe.Pointer)
    kInstance,   // a generic instantiation T[A, B] (elems are the type arguments)
    kPointer,    // *T
    kSlice,      // []T
    kArray,      // [N]T (array_length holds N's tokens; empty for [...]T)
    kMap,        // map[K]V (elems: key, value)
    kChan,       // chan T, <-chan T, chan<- T
    kFunc,       // func(...) ...
    kInterface,  // interface{...}
    kStruct,     // struct{...}
    kInvalid,
  };
  Kind kind = Kind::kInvalid;
  std::string qualifier;            // kName/kInstance: "time" in time.Time; empty for a local or builtin name
  std::string name;                 // kName/kInstance: "Time"
  std::vector<Token> array_length;  // kArray
  std::vector<GoTypeExpr> elems;    // pointer/slice/array/chan: {elem}; map: {key, value}
  std::vector<GoField> fields;      // kStruct, in declaration order, one entry per name
  int line = 0;

  // Go syntax, with struct and interface bodies elided: "map[string]*pkg.T", "[4]struct{...}".
  std::string ToString() const;
};

struct GoField {
  std::string name;  // for an embedded field, the type's name: T for T, *T, pkg.T and *pkg.T
  bool embedded = false;
  GoTypeExpr type;
  int line = 0;
};

struct GoTypeDecl {
  std::string name;
  int line = 0;
  int column = 0;
  bool is_alias = false;         // type A = B
  bool has_type_params = false;  // generic: heapdoc does not lay these out
  GoTypeExpr type;
};

struct GoConstSpec {
  std::string name;
  std::vector<Token> expr;  // the value expression (repeated from the previous spec when implicit)
  long long iota = 0;
  int line = 0;
};

struct GoImport {
  std::string name;  // explicit package name ("", "_", "." or an alias)
  std::string path;  // import path without quotes
};

struct GoFile {
  std::string path;
  std::string package_name;
  std::vector<GoImport> imports;
  std::vector<GoTypeDecl> types;
  std::vector<GoConstSpec> consts;
  std::vector<Token> tokens;                // the whole file, for line-level scans
  std::vector<std::string> build_constraints;  // "//go:build ..." lines
  std::string error;                        // a lexical or syntax problem; declarations before it are kept
  std::vector<std::string> notes;           // declarations skipped without stopping the parse
};

// Parses Go source. Never throws; a syntax error stops parsing and sets `error`.
GoFile ParseGoFile(std::string_view source, std::string path);

// Parses one type expression starting at tokens[pos]; on success advances pos past it.
// Used by the allocation finder on tokens from function bodies.
std::optional<GoTypeExpr> ParseTypeAt(const std::vector<Token>& tokens, size_t& pos);

}  // namespace heapdoc::gosource
