#include "analyzer/gosource/type_resolver.h"

#include <array>
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>

namespace heapdoc::gosource {
namespace {

bool IsStandardLibraryPath(std::string_view path) {
  std::string_view first = path.substr(0, path.find('/'));
  return first.find('.') == std::string_view::npos;
}

// The package name an import path gets by default: its last element, without a /vN major
// version element, a .vN suffix (gopkg.in/yaml.v3) or a go- prefix (go-redis).
std::string DefaultPackageName(std::string_view path) {
  std::string_view last = path.substr(path.rfind('/') + 1);
  auto is_major = [](std::string_view e) {
    return e.size() >= 2 && e[0] == 'v' && e.find_first_not_of("0123456789", 1) == std::string_view::npos;
  };
  if (is_major(last) && path.rfind('/') != std::string_view::npos) {
    std::string_view rest = path.substr(0, path.rfind('/'));
    last = rest.substr(rest.rfind('/') + 1);
  }
  if (size_t dot = last.find(".v"); dot != std::string_view::npos) last = last.substr(0, dot);
  if (last.starts_with("go-")) last.remove_prefix(3);
  return std::string(last);
}

struct StdlibConst {
  std::string_view import_path, name;
  long long value;
};
// Lengths of standard-library string constants used as array lengths ([len(http.TimeFormat)]byte).
constexpr StdlibConst kStdlibStringLengths[] = {
    {"net/http", "TimeFormat", 29}, {"time", "RFC1123", 29},  {"time", "RFC3339", 25},
    {"time", "RFC3339Nano", 35},    {"time", "DateTime", 19}, {"time", "DateOnly", 10},
    {"time", "TimeOnly", 8},        {"time", "Kitchen", 6},   {"time", "RFC822", 19},
};

// Constants that commonly size arrays in structs.
constexpr std::array<StdlibConst, 8> kStdlibConsts = {{
    {"crypto/md5", "Size", 16},
    {"crypto/sha1", "Size", 20},
    {"crypto/sha256", "Size", 32},
    {"crypto/sha256", "BlockSize", 64},
    {"crypto/sha512", "Size", 64},
    {"crypto/sha512", "BlockSize", 128},
    {"net", "IPv4len", 4},
    {"net", "IPv6len", 16},
}};

bool IsIntegerTypeName(std::string_view n) {
  return n == "int" || n == "int8" || n == "int16" || n == "int32" || n == "int64" || n == "uint" || n == "uint8" ||
         n == "uint16" || n == "uint32" || n == "uint64" || n == "uintptr" || n == "byte" || n == "rune";
}

}  // namespace

std::string NamedTypeRef::QualifiedName() const {
  if (!decl || !package) return "";
  std::string prefix = !package->import_path.empty() ? package->import_path : package->name;
  return prefix + "." + decl->name;
}

// Nesting of one constant expression (parentheses, unary operators) before it is refused; named
// constants nest again (EvalConst, at most 64 deep).
constexpr int kMaxExpressionDepth = 64;

// Counts one level of recursion for as long as it lives.
class DepthGuard {
 public:
  explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
  ~DepthGuard() { --depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  bool too_deep() const { return depth_ > kMaxExpressionDepth; }

 private:
  int& depth_;
};

// Precedence climbing over a constant expression's tokens.
class ConstEvaluator {
 public:
  ConstEvaluator(TypeResolver& resolver, const GoPackage& package, const GoFile& file, const std::vector<Token>& t,
                 long long iota)
      : r_(resolver), pkg_(package), file_(file), t_(t), iota_(iota) {}

  std::optional<long long> Run() {
    auto v = Binary(4);
    if (!v || i_ != t_.size()) return std::nullopt;
    return v;
  }

  // The whole expression as a constant string: its length in bytes.
  std::optional<long long> RunStringLength() {
    auto v = StringLength();
    if (!v || i_ != t_.size()) return std::nullopt;
    return v;
  }

 private:
  static int Precedence(const Token& tok) {
    if (tok.kind != TokenKind::kOperator) return 0;
    const std::string& s = tok.text;
    if (s == "*" || s == "/" || s == "%" || s == "<<" || s == ">>" || s == "&" || s == "&^") return 5;
    if (s == "+" || s == "-" || s == "|" || s == "^") return 4;
    return 0;
  }

  std::optional<long long> Binary(int min_prec) {
    auto lhs = Unary();
    while (lhs && i_ < t_.size()) {
      int prec = Precedence(t_[i_]);
      if (prec < min_prec || prec == 0) break;
      std::string op = t_[i_++].text;
      auto rhs = prec == 5 ? Unary() : Binary(5);
      if (!rhs) return std::nullopt;
      long long a = *lhs, b = *rhs, out = 0;
      if (op == "+") {
        if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
      } else if (op == "-") {
        if (__builtin_sub_overflow(a, b, &out)) return std::nullopt;
      } else if (op == "*") {
        if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
      } else if (op == "/" || op == "%") {
        if (b == 0) return std::nullopt;
        out = op == "/" ? a / b : a % b;
      } else if (op == "<<") {
        if (b < 0 || b >= 63 || a < 0 || (a >> (62 - b)) != 0) return std::nullopt;
        out = a << b;
      } else if (op == ">>") {
        if (b < 0) return std::nullopt;
        out = b >= 63 ? (a < 0 ? -1 : 0) : a >> b;
      } else if (op == "&") {
        out = a & b;
      } else if (op == "|") {
        out = a | b;
      } else if (op == "^") {
        out = a ^ b;
      } else if (op == "&^") {
        out = a & ~b;
      }
      lhs = out;
    }
    return lhs;
  }

  std::optional<long long> Unary() {
    // Every recursion (unary operators, parentheses, binary operands) passes here.
    DepthGuard guard(depth_);
    if (i_ >= t_.size() || guard.too_deep()) return std::nullopt;
    const Token& tok = t_[i_];
    if (tok.kind == TokenKind::kOperator && (tok.text == "+" || tok.text == "-" || tok.text == "^")) {
      ++i_;
      auto v = Unary();
      if (!v) return std::nullopt;
      if (tok.text == "-") return *v == LLONG_MIN ? std::nullopt : std::optional<long long>(-*v);
      if (tok.text == "^") return ~*v;
      return v;
    }
    return Primary();
  }

  std::optional<long long> Primary() {
    const Token& tok = t_[i_];
    if (tok.kind == TokenKind::kInt) {
      ++i_;
      unsigned long long v = 0;
      if (!ParseGoIntLiteral(tok.text, v) || v > static_cast<unsigned long long>(LLONG_MAX)) return std::nullopt;
      return static_cast<long long>(v);
    }
    if (tok.Is("(")) {
      ++i_;
      auto v = Binary(4);
      if (!v || i_ >= t_.size() || !t_[i_].Is(")")) return std::nullopt;
      ++i_;
      return v;
    }
    if (tok.kind != TokenKind::kIdent) return std::nullopt;
    ++i_;
    if (tok.text == "iota") return iota_;
    if (tok.text == "len" && i_ < t_.size() && t_[i_].Is("(")) {  // len of a constant string
      ++i_;
      auto v = StringLength();
      if (!v || i_ >= t_.size() || !t_[i_].Is(")")) return std::nullopt;
      ++i_;
      return v;
    }
    if (i_ < t_.size() && t_[i_].Is("(") && IsIntegerTypeName(tok.text)) return Primary();  // int64(4)
    if (i_ + 1 < t_.size() && t_[i_].Is(".") && t_[i_ + 1].kind == TokenKind::kIdent) {
      std::string name = t_[i_ + 1].text;
      i_ += 2;
      return Qualified(tok.text, name);
    }
    const GoFile* f = nullptr;
    const GoConstSpec* spec = pkg_.FindConst(tok.text, &f);
    if (!spec) return std::nullopt;
    return r_.EvalConst(pkg_, *f, spec->expr, spec->iota);
  }

  // term { "+" term }: string literals, string constants (here or in an imported package).
  std::optional<long long> StringLength() {
    DepthGuard guard(depth_);  // nested parentheses
    if (guard.too_deep()) return std::nullopt;
    long long total = 0;
    for (;;) {
      if (i_ >= t_.size()) return std::nullopt;
      const Token& tok = t_[i_];
      std::optional<long long> term;
      if (tok.kind == TokenKind::kString) {
        ++i_;
        term = StringLiteralLength(tok.text);
      } else if (tok.Is("(")) {
        ++i_;
        term = StringLength();
        if (!term || i_ >= t_.size() || !t_[i_].Is(")")) return std::nullopt;
        ++i_;
      } else if (tok.kind == TokenKind::kIdent) {
        ++i_;
        if (i_ + 1 < t_.size() && t_[i_].Is(".") && t_[i_ + 1].kind == TokenKind::kIdent) {
          std::string name = t_[i_ + 1].text;
          i_ += 2;
          term = QualifiedStringLength(tok.text, name);
        } else {
          const GoFile* f = nullptr;
          const GoConstSpec* spec = pkg_.FindConst(tok.text, &f);
          if (spec) term = r_.EvalConstStringLength(pkg_, *f, spec->expr);
        }
      }
      if (!term) return std::nullopt;
      total += *term;
      if (i_ < t_.size() && t_[i_].Is("+")) {
        ++i_;
        continue;
      }
      return total;
    }
  }

  // Bytes of a Go string literal as written: raw (`...`, carriage returns dropped) or interpreted
  // (escapes decoded; a code point escape to its UTF-8 length).
  static std::optional<long long> StringLiteralLength(const std::string& text) {
    if (text.size() < 2) return std::nullopt;
    std::string_view body(text.data() + 1, text.size() - 2);
    if (text.front() == '`') return static_cast<long long>(body.size() - static_cast<size_t>(std::count(body.begin(), body.end(), '\r')));
    long long n = 0;
    for (size_t i = 0; i < body.size(); ++i, ++n) {
      if (body[i] != '\\' || i + 1 >= body.size()) continue;
      char e = body[++i];
      if (e == 'x') i += 2;
      else if (e >= '0' && e <= '7') i += 2;
      else if (e == 'u' || e == 'U') {
        size_t digits = e == 'u' ? 4 : 8;
        unsigned long cp = std::strtoul(std::string(body.substr(i + 1, digits)).c_str(), nullptr, 16);
        i += digits;
        n += cp < 0x80 ? 0 : cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
      }
    }
    return n;
  }

  std::optional<long long> QualifiedStringLength(const std::string& qualifier, const std::string& name) {
    for (const auto& imp : file_.imports) {
      std::string imp_name = imp.name.empty() ? DefaultPackageName(imp.path) : imp.name;
      if (imp_name != qualifier) continue;
      for (const auto& c : kStdlibStringLengths)
        if (c.import_path == imp.path && c.name == name) return c.value;
      const GoPackage* target = r_.tree().PackageForImport(imp.path);
      const GoFile* f = nullptr;
      const GoConstSpec* spec = target ? target->FindConst(name, &f) : nullptr;
      if (spec) return r_.EvalConstStringLength(*target, *f, spec->expr);
    }
    return std::nullopt;
  }

  std::optional<long long> Qualified(const std::string& qualifier, const std::string& name) {
    for (const auto& imp : file_.imports) {
      std::string imp_name = imp.name.empty() ? DefaultPackageName(imp.path) : imp.name;
      if (imp_name != qualifier) continue;
      for (const auto& c : kStdlibConsts)
        if (c.import_path == imp.path && c.name == name) return c.value;
    }
    for (const auto& imp : file_.imports) {
      const GoPackage* target = r_.tree().PackageForImport(imp.path);
      if (!target) continue;
      std::string imp_name = imp.name.empty() ? target->name : imp.name;
      if (imp_name != qualifier) continue;
      const GoFile* f = nullptr;
      const GoConstSpec* spec = target->FindConst(name, &f);
      if (spec) return r_.EvalConst(*target, *f, spec->expr, spec->iota);
    }
    return std::nullopt;
  }

  TypeResolver& r_;
  const GoPackage& pkg_;
  const GoFile& file_;
  const std::vector<Token>& t_;
  long long iota_;
  size_t i_ = 0;
  int depth_ = 0;
};

std::optional<long long> TypeResolver::EvalConstStringLength(const GoPackage& package, const GoFile& file,
                                                             const std::vector<Token>& expr) {
  if (expr.empty() || const_depth_ > 64) return std::nullopt;
  ++const_depth_;
  auto v = ConstEvaluator(*this, package, file, expr, 0).RunStringLength();
  --const_depth_;
  return v;
}

std::optional<long long> TypeResolver::EvalConst(const GoPackage& package, const GoFile& file,
                                                 const std::vector<Token>& expr, long long iota) {
  if (expr.empty() || const_depth_ > 64) return std::nullopt;  // depth: a cycle or absurd nesting
  ++const_depth_;
  auto v = ConstEvaluator(*this, package, file, expr, iota).Run();
  --const_depth_;
  return v;
}

std::optional<std::pair<std::string, const GoPackage*>> TypeResolver::ResolveQualifier(
    const GoFile& file, const std::string& qualifier) const {
  for (const auto& imp : file.imports) {
    if (imp.name == "_" || imp.name == ".") continue;
    const GoPackage* target = tree_.PackageForImport(imp.path);
    std::string name = !imp.name.empty() ? imp.name : target ? target->name : DefaultPackageName(imp.path);
    if (name == qualifier) return std::make_pair(imp.path, target);
  }
  return std::nullopt;
}

std::optional<NamedTypeRef> TypeResolver::LookupNamed(const GoPackage& package, const GoFile& file,
                                                      const std::string& qualifier, const std::string& name) const {
  const GoPackage* target = &package;
  if (!qualifier.empty()) {
    auto q = ResolveQualifier(file, qualifier);
    if (!q || !q->second) return std::nullopt;
    target = q->second;
  }
  NamedTypeRef ref;
  ref.package = target;
  ref.decl = target->FindType(name, &ref.file);
  if (!ref.decl) return std::nullopt;
  return ref;
}

std::optional<NamedTypeRef> TypeResolver::Underlying(NamedTypeRef ref) const {
  for (int hops = 0; hops < 64; ++hops) {
    const GoTypeExpr& t = ref.decl->type;
    if (t.kind != GoTypeExpr::Kind::kName) return ref;
    auto next = LookupNamed(*ref.package, *ref.file, t.qualifier, t.name);
    if (!next) return ref;
    ref = *next;
  }
  return std::nullopt;
}

LayoutResult TypeResolver::ResolveNamed(const NamedTypeRef& ref) {
  if (auto it = named_cache_.find(ref.decl); it != named_cache_.end()) return it->second;
  LayoutResult result;
  if (ref.decl->has_type_params) {
    result.problem = fmt::format("generic type {} (heapdoc does not lay out type parameters)", ref.decl->name);
  } else if (in_progress_.count(ref.decl)) {
    result.problem = fmt::format("invalid recursive type {}", ref.decl->name);
    return result;  // not cached: the outer resolution decides
  } else {
    in_progress_.insert(ref.decl);
    bool exceeded_before = std::exchange(depth_exceeded_, false);
    result = Resolve(*ref.package, *ref.file, ref.decl->type);
    in_progress_.erase(ref.decl);
    // A result cut by the depth limit depends on where resolution started: not cached.
    bool exceeded = depth_exceeded_;
    depth_exceeded_ = exceeded_before || exceeded;
    if (exceeded) return result;
  }
  named_cache_[ref.decl] = result;
  return result;
}

LayoutResult TypeResolver::Resolve(const GoPackage& package, const GoFile& file, const GoTypeExpr& type) {
  // Named types nest through each other (type A1 struct{ a A2 } ... A10000): bounded like the parser.
  if (depth_ >= kMaxTypeDepth) {
    depth_exceeded_ = true;
    return LayoutResult{std::nullopt, fmt::format("type nested too deeply (over {} levels)", kMaxTypeDepth)};
  }
  ++depth_;
  LayoutResult r = ResolveUnbounded(package, file, type);
  --depth_;
  return r;
}

LayoutResult TypeResolver::ResolveUnbounded(const GoPackage& package, const GoFile& file, const GoTypeExpr& type) {
  using Kind = GoTypeExpr::Kind;
  LayoutResult r;
  switch (type.kind) {
    case Kind::kName: {
      if (type.qualifier.empty()) {
        if (auto ref = LookupNamed(package, file, "", type.name)) return ResolveNamed(*ref);
        r.layout = PredeclaredTypeLayout(type.name);
        if (!r.layout) r.problem = fmt::format("unknown type {}", type.name);
        return r;
      }
      if (type.qualifier == "unsafe" && type.name == "Pointer") {
        r.layout = PointerLikeLayout();
        return r;
      }
      auto q = ResolveQualifier(file, type.qualifier);
      if (!q) {
        r.problem = fmt::format("unknown package {} in {}", type.qualifier, type.ToString());
        return r;
      }
      if (IsStandardLibraryPath(q->first)) {
        r.layout = StandardLibraryTypeLayout(q->first, type.name);
        if (r.layout) return r;
      }
      if (q->second) {
        if (auto ref = LookupNamed(package, file, type.qualifier, type.name)) return ResolveNamed(*ref);
        r.problem = fmt::format("unknown type {}.{}", q->first, type.name);
      } else if (IsStandardLibraryPath(q->first)) {
        r.problem = fmt::format("no layout for standard-library type {}.{}", q->first, type.name);
      } else {
        r.problem = fmt::format("type {}.{} is outside the source tree", q->first, type.name);
      }
      return r;
    }
    case Kind::kInstance:
      if (auto q = ResolveQualifier(file, type.qualifier); q && q->first == "sync/atomic" && type.name == "Pointer") {
        r.layout = PointerLikeLayout();  // atomic.Pointer[T]: {_ [0]*T; _ noCopy; v unsafe.Pointer}
        return r;
      }
      r.problem = fmt::format("generic type {} (heapdoc does not lay out type parameters)", type.ToString());
      return r;
    case Kind::kPointer:
    case Kind::kMap:
    case Kind::kChan:
    case Kind::kFunc:
      r.layout = PointerLikeLayout();
      return r;
    case Kind::kSlice:
      r.layout = SliceLayout();
      return r;
    case Kind::kInterface:
      r.layout = InterfaceLayout();
      return r;
    case Kind::kArray: {
      auto n = EvalConst(package, file, type.array_length, 0);
      if (!n || *n < 0) {
        r.problem = fmt::format("array length of {} is not a constant heapdoc can evaluate", type.ToString());
        return r;
      }
      LayoutResult elem = Resolve(package, file, type.elems.at(0));
      if (!elem.layout) return elem;
      r.layout = ArrayLayout(*elem.layout, static_cast<uint64_t>(*n));
      if (!r.layout) r.problem = fmt::format("{} is too large", type.ToString());
      return r;
    }
    case Kind::kStruct: {
      auto fields = ResolveFields(package, file, type, &r.problem);
      if (!fields) return r;
      std::vector<TypeLayout> layouts;
      for (const auto& f : *fields) layouts.push_back(f.layout);
      auto s = LayOutStruct(layouts);
      if (s) r.layout = s->layout;
      else r.problem = "struct is too large";
      return r;
    }
    case Kind::kInvalid:
      break;
  }
  r.problem = "unparsed type";
  return r;
}

std::optional<std::vector<ResolvedField>> TypeResolver::ResolveFields(const GoPackage& package, const GoFile& file,
                                                                      const GoTypeExpr& struct_type,
                                                                      std::string* problem) {
  std::vector<ResolvedField> out;
  for (const auto& f : struct_type.fields) {
    LayoutResult l = Resolve(package, file, f.type);
    if (!l.layout) {
      if (problem) *problem = fmt::format("field {}: {}", f.name, l.problem);
      return std::nullopt;
    }
    out.push_back(ResolvedField{f.name, f.embedded, f.line, f.type.ToString(), *l.layout});
  }
  return out;
}

}  // namespace heapdoc::gosource
