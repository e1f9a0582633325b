// Resolves Go type expressions of a SourceTree to gc layouts (heapmodel/type_layout): names are
// looked up in their package, imports in the tree (or the standard-library table), array lengths
// evaluated from constants. A type it cannot lay out comes back with the reason, never a guess.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/gosource/source_tree.h"
#include "heapmodel/type_layout.h"

namespace heapdoc::gosource {

struct LayoutResult {
  std::optional<TypeLayout> layout;
  std::string problem;  // when layout is empty: "generic type List", "unknown type github.com/x/y.T"
};

struct ResolvedField {
  std::string name;
  bool embedded = false;
  int line = 0;
  std::string type_text;  // as written: "*pkg.T", "[4]int64"
  TypeLayout layout;
};

// A named type found in the tree, with where it is declared.
struct NamedTypeRef {
  const GoPackage* package = nullptr;
  const GoFile* file = nullptr;
  const GoTypeDecl* decl = nullptr;
  std::string QualifiedName() const;  // "example.com/shop.Cart", or "shop.Cart" without a go.mod
};

class TypeResolver {
 public:
  explicit TypeResolver(const SourceTree& tree) : tree_(tree) {}
  const SourceTree& tree() const { return tree_; }

  // The layout of `type` as written in `file` of `package` (the file's imports give qualifiers).
  LayoutResult Resolve(const GoPackage& package, const GoFile& file, const GoTypeExpr& type);
  // The layout of a named type declared in the tree.
  LayoutResult ResolveNamed(const NamedTypeRef& ref);
  // The fields of a struct type expression with their layouts; nullopt (with `problem` set) when
  // a field cannot be laid out.
  std::optional<std::vector<ResolvedField>> ResolveFields(const GoPackage& package, const GoFile& file,
                                                          const GoTypeExpr& struct_type, std::string* problem);
  // The declaration `qualifier.name` (or `name` when qualifier is empty) refers to from `file`.
  std::optional<NamedTypeRef> LookupNamed(const GoPackage& package, const GoFile& file, const std::string& qualifier,
                                          const std::string& name) const;
  // Follows aliases and defined types (type A B, type A = pkg.B) to the underlying type
  // expression; the returned ref is where that expression is written.
  std::optional<NamedTypeRef> Underlying(NamedTypeRef ref) const;
  // The value of an integer constant expression (literals, iota, named constants of the package
  // or an imported one, + - * / % << >> & | ^ &^, parentheses, conversions like int64(4)).
  std::optional<long long> EvalConst(const GoPackage& package, const GoFile& file, const std::vector<Token>& expr,
                                     long long iota);
  // The length in bytes of a constant string expression (literals, string constants, `+`), for
  // `len(TimeFormat)` in an array length; nullopt when it is not one.
  std::optional<long long> EvalConstStringLength(const GoPackage& package, const GoFile& file,
                                                 const std::vector<Token>& expr);

 private:
  // Resolves "pkg.Name" in file to (import path, package in the tree or null).
  std::optional<std::pair<std::string, const GoPackage*>> ResolveQualifier(const GoFile& file,
                                                                           const std::string& qualifier) const;

  LayoutResult ResolveUnbounded(const GoPackage& package, const GoFile& file, const GoTypeExpr& type);

  const SourceTree& tree_;
  int depth_ = 0;                 // of Resolve calls (kMaxTypeDepth)
  bool depth_exceeded_ = false;   // the limit was hit inside the current named type
  std::map<const GoTypeDecl*, LayoutResult> named_cache_;
  std::set<const GoTypeDecl*> in_progress_;
  int const_depth_ = 0;
};

}  // namespace heapdoc::gosource
