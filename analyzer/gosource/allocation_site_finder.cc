#include "analyzer/gosource/allocation_site_finder.h"

#include <fmt/format.h>

namespace heapdoc::gosource {
namespace {

using Kind = GoTypeExpr::Kind;

// The tokens of one call argument starting at `k`, up to "," or ")" at depth 0.
std::vector<Token> Argument(const std::vector<Token>& t, size_t& k) {
  std::vector<Token> arg;
  int depth = 0;
  for (; k < t.size() && t[k].kind != TokenKind::kEof; ++k) {
    if (depth == 0 && (t[k].Is(",") || t[k].Is(")"))) break;
    if (t[k].Is("(") || t[k].Is("[") || t[k].Is("{")) ++depth;
    if (t[k].Is(")") || t[k].Is("]") || t[k].Is("}")) --depth;
    arg.push_back(t[k]);
  }
  return arg;
}

bool IsTypeLiteralStart(const GoTypeExpr& type) {
  return type.kind == Kind::kName || type.kind == Kind::kInstance || type.kind == Kind::kArray ||
         type.kind == Kind::kSlice || type.kind == Kind::kMap || type.kind == Kind::kStruct;
}

}  // namespace

std::string_view AllocationKindName(AllocationKind kind) {
  switch (kind) {
    case AllocationKind::kAddressOfComposite: return "&T{}";
    case AllocationKind::kNew: return "new";
    case AllocationKind::kMakeSlice: return "make slice";
    case AllocationKind::kMakeMap: return "map";
    case AllocationKind::kMakeChan: return "make chan";
    case AllocationKind::kSliceLiteral: return "slice literal";
    case AllocationKind::kCompositeLiteral: return "composite literal";
    case AllocationKind::kAppend: return "append";
  }
  return "?";
}

namespace {

class LineScanner {
 public:
  LineScanner(const GoPackage& pkg, const GoFile& file, TypeResolver& resolver)
      : pkg_(pkg), file_(file), t_(file.tokens), r_(resolver) {}

  std::vector<AllocationSite> Scan(int line) {
    std::vector<AllocationSite> out;
    for (size_t i = 0; i < t_.size(); ++i) {
      if (t_[i].line != line) continue;
      const Token& tok = t_[i];
      const Token* prev = i > 0 ? &t_[i - 1] : nullptr;
      if (tok.Is("&")) {
        size_t k = i + 1;
        auto type = ParseTypeAt(t_, k);
        if (type && IsTypeLiteralStart(*type) && k < t_.size() && t_[k].Is("{"))
          out.push_back(Object(AllocationKind::kAddressOfComposite, tok, *type));
      } else if (tok.Is("new") && i + 1 < t_.size() && t_[i + 1].Is("(") && !(prev && prev->Is("."))) {
        size_t k = i + 2;
        auto type = ParseTypeAt(t_, k);
        if (type && k < t_.size() && t_[k].Is(")")) out.push_back(Object(AllocationKind::kNew, tok, *type));
      } else if (tok.Is("make") && i + 1 < t_.size() && t_[i + 1].Is("(") && !(prev && prev->Is("."))) {
        size_t k = i + 2;
        auto type = ParseTypeAt(t_, k);
        if (type) Make(tok, *type, k, out);
      } else if (tok.Is("append") && i + 1 < t_.size() && t_[i + 1].Is("(") && !(prev && prev->Is("."))) {
        size_t k = i + 2;
        if (auto site = Append(tok, k)) out.push_back(*site);
      } else if (tok.Is("[") && i + 1 < t_.size() && t_[i + 1].Is("]") && !(prev && (prev->Is("&") || prev->Is("]")))) {
        size_t k = i;
        auto type = ParseTypeAt(t_, k);
        if (type && type->kind == Kind::kSlice && k < t_.size() && t_[k].Is("{"))
          out.push_back(Element(AllocationKind::kSliceLiteral, tok, *type, type->elems[0]));
      } else if (tok.Is("map") && i + 1 < t_.size() && t_[i + 1].Is("[") && !(prev && (prev->Is("&") || prev->Is("]")))) {
        size_t k = i;
        auto type = ParseTypeAt(t_, k);
        if (type && k < t_.size() && t_[k].Is("{")) out.push_back(MapSite(tok, *type));
      } else if (tok.kind == TokenKind::kIdent && !IsGoKeyword(tok.text) &&
                 !(prev && (prev->Is("&") || prev->Is("]") || prev->Is(".") || prev->Is("*")))) {
        if (auto site = Composite(i)) out.push_back(*site);
      }
    }
    return out;
  }

 private:
  AllocationSite Base(AllocationKind kind, const Token& at) const {
    AllocationSite s;
    s.kind = kind;
    s.file = file_.path;
    s.line = at.line;
    s.column = at.column;
    return s;
  }

  // `where` is the file the type is written in: its imports give the qualifiers meaning.
  void Describe(AllocationSite& s, const GoTypeExpr& type, const GoFile* where = nullptr) {
    const GoFile& ctx = where ? *where : file_;
    if (type.kind == Kind::kName) {
      if (auto ref = r_.LookupNamed(pkg_, ctx, type.qualifier, type.name)) s.named = ref;
    }
    LayoutResult l = r_.Resolve(pkg_, ctx, type);
    s.layout = l.layout;
    s.problem = l.problem;
  }

  AllocationSite Object(AllocationKind kind, const Token& at, const GoTypeExpr& type) {
    AllocationSite s = Base(kind, at);
    s.type_name = type.ToString();
    if (type.kind == Kind::kSlice) {  // &[]T{...}: the backing array is the big allocation
      s.element_type_name = type.elems[0].ToString();
      Describe(s, type.elems[0]);
      s.layout_is_element = true;
    } else if (type.kind == Kind::kMap) {
      s.problem = "map buckets are laid out by the runtime";
    } else {
      Describe(s, type);
      FollowNamedReferenceType(s);
    }
    return s;
  }

  // A named map or slice type (type Index map[string]*T; type Rows []Row): the literal
  // allocates buckets or a backing array, not the one-word header Describe laid out.
  void FollowNamedReferenceType(AllocationSite& s) {
    if (!s.named) return;
    auto under = r_.Underlying(*s.named);
    if (!under) return;
    const GoTypeExpr& t = under->decl->type;
    if (t.kind == Kind::kMap) {
      s.layout.reset();
      s.problem = "map buckets are laid out by the runtime";
    } else if (t.kind == Kind::kSlice) {
      s.element_type_name = t.elems[0].ToString();
      s.layout_is_element = true;
      s.named.reset();
      if (t.elems[0].kind == Kind::kName) s.named = r_.LookupNamed(*under->package, *under->file, t.elems[0].qualifier, t.elems[0].name);
      LayoutResult l = r_.Resolve(*under->package, *under->file, t.elems[0]);
      s.layout = l.layout;
      s.problem = l.problem;
    }
  }

  AllocationSite Element(AllocationKind kind, const Token& at, const GoTypeExpr& type, const GoTypeExpr& elem,
                         const GoFile* where = nullptr) {
    AllocationSite s = Base(kind, at);
    s.type_name = type.ToString();
    s.element_type_name = elem.ToString();
    s.layout_is_element = true;
    Describe(s, elem, where);
    return s;
  }

  AllocationSite MapSite(const Token& at, const GoTypeExpr& type) {
    AllocationSite s = Base(AllocationKind::kMakeMap, at);
    s.type_name = type.ToString();
    s.problem = "map buckets are laid out by the runtime";
    return s;
  }

  void Make(const Token& at, const GoTypeExpr& type, size_t k, std::vector<AllocationSite>& out) {
    if (type.kind == Kind::kMap) {
      out.push_back(MapSite(at, type));
      return;
    }
    if (type.kind != Kind::kSlice && type.kind != Kind::kChan) return;
    AllocationSite s = Element(type.kind == Kind::kSlice ? AllocationKind::kMakeSlice : AllocationKind::kMakeChan, at,
                               type, type.elems[0]);
    // make([]T, len[, cap]): the backing array holds cap elements.
    long long count = -1;  // the last argument decides; -1 while unknown
    while (k < t_.size() && t_[k].Is(",")) {
      ++k;
      auto arg = Argument(t_, k);
      auto v = r_.EvalConst(pkg_, file_, arg, 0);
      count = v ? *v : -1;
    }
    if (count >= 0) s.element_count = static_cast<uint64_t>(count);
    out.push_back(std::move(s));
  }

  std::optional<AllocationSite> Composite(size_t i) {
    // T{ or pkg.T{ or T[A]{ where T names a type heapdoc can find.
    size_t k = i;
    auto type = ParseTypeAt(t_, k);
    if (!type || type->kind != Kind::kName || k >= t_.size() || !t_[k].Is("{")) return std::nullopt;
    bool known = r_.LookupNamed(pkg_, file_, type->qualifier, type->name).has_value() ||
                 (!type->qualifier.empty() && r_.Resolve(pkg_, file_, *type).layout.has_value());
    if (!known) return std::nullopt;
    return Object(AllocationKind::kCompositeLiteral, t_[i], *type);
  }

  std::optional<AllocationSite> Append(const Token& at, size_t k) {
    auto arg = Argument(t_, k);
    // append(s, ...) or append(x.y.s, ...): a plain name or selector chain.
    if (arg.empty() || arg.size() % 2 == 0) return std::nullopt;
    for (size_t j = 0; j < arg.size(); ++j) {
      bool want_ident = j % 2 == 0;
      if (want_ident ? arg[j].kind != TokenKind::kIdent : !arg[j].Is(".")) return std::nullopt;
    }
    const GoFile* where = &file_;
    std::optional<GoTypeExpr> slice =
        arg.size() == 1 ? LocalSliceType(arg[0].text, at) : FieldSliceType(arg.back().text, where);
    if (!slice) return std::nullopt;
    return Element(AllocationKind::kAppend, at, *slice, slice->elems[0], where);
  }

  // The nearest declaration of `name` as a slice above `at` in the same function:
  // `name []T` (var or parameter), `name := make([]T`, `name := []T{`, `var name = ...`.
  std::optional<GoTypeExpr> LocalSliceType(const std::string& name, const Token& at) {
    size_t here = 0;
    while (here < t_.size() && (t_[here].line < at.line || (t_[here].line == at.line && t_[here].column < at.column))) ++here;
    for (size_t j = here; j-- > 0;) {
      const Token& tok = t_[j];
      if (tok.Is("func") && tok.column == 1) break;  // the start of the enclosing top-level function
      if (tok.kind != TokenKind::kIdent || tok.text != name) continue;
      if (j > 0 && t_[j - 1].Is(".")) continue;
      size_t k = j + 1;
      if (k < t_.size() && (t_[k].Is(":=") || t_[k].Is("="))) {
        ++k;
        if (k + 1 < t_.size() && t_[k].Is("make") && t_[k + 1].Is("(")) k += 2;
      }
      if (k + 1 < t_.size() && t_[k].Is("[") && t_[k + 1].Is("]")) {
        auto type = ParseTypeAt(t_, k);
        if (type && type->kind == Kind::kSlice) return type;
      }
    }
    return std::nullopt;
  }

  // Whether a non-slice-literal field type could still be a slice (a named slice type).
  bool MaybeSlice(const GoTypeExpr& type, const GoFile& where) const {
    if (type.kind != Kind::kName && type.kind != Kind::kInstance) return false;
    auto ref = r_.LookupNamed(pkg_, where, type.qualifier, type.name);
    if (!ref) return PredeclaredTypeLayout(type.name) == std::nullopt;  // unknown: could be anything
    auto under = r_.Underlying(*ref);
    return !under || under->decl->type.kind == Kind::kSlice || under->decl->type.kind == Kind::kName;
  }

  // A struct field `name` of slice type in the package; only when every such field agrees.
  // `where` is set to the file declaring it.
  std::optional<GoTypeExpr> FieldSliceType(const std::string& name, const GoFile*& where) {
    std::optional<GoTypeExpr> found;
    for (const auto& f : pkg_.files)
      for (const auto& decl : f.types) {
        if (decl.type.kind != Kind::kStruct) continue;
        for (const auto& field : decl.type.fields) {
          if (field.name != name) continue;
          if (field.type.kind != Kind::kSlice) {
            if (!MaybeSlice(field.type, f)) continue;  // append cannot take this field
            return std::nullopt;                       // a named slice type: not followed
          }
          if (found && (found->ToString() != field.type.ToString() || where != &f)) return std::nullopt;
          found = field.type;
          where = &f;
        }
      }
    return found;
  }

  const GoPackage& pkg_;
  const GoFile& file_;
  const std::vector<Token>& t_;
  TypeResolver& r_;
};

}  // namespace

std::vector<AllocationSite> AllocationSiteFinder::FindAll(std::string_view profile_path, int line) {
  const GoPackage* pkg = nullptr;
  const GoFile* file = tree_.FileForProfilePath(profile_path, &pkg);
  if (!file || !pkg || line <= 0) return {};
  return LineScanner(*pkg, *file, resolver_).Scan(line);
}

std::optional<AllocationSite> AllocationSiteFinder::Find(std::string_view profile_path, int line) {
  auto all = FindAll(profile_path, line);
  if (all.empty()) return std::nullopt;
  for (const auto& s : all)
    if (s.type_name != all[0].type_name || s.kind != all[0].kind) return std::nullopt;
  return all[0];
}

}  // namespace heapdoc::gosource
