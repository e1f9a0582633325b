#include "analyzer/gosource/go_type_parser.h"

#include <fmt/format.h>

namespace heapdoc::gosource {
namespace {

struct SyntaxError {
  std::string message;
  bool too_deep = false;  // the type nests past kMaxTypeDepth: skip it, not the rest of the file
};

class Parser {
 public:
  explicit Parser(const std::vector<Token>& tokens, size_t pos = 0) : t_(tokens), pos_(pos) {}

  size_t pos() const { return pos_; }

  void ParseFile(GoFile& file) {
    SkipSemicolons();
    Expect("package");
    file.package_name = ExpectIdent();
    SkipSemicolons();
    while (!AtEof()) {
      const Token& tok = Peek();
      if (tok.kind == TokenKind::kIdent && tok.text == "import") {
        Next();
        Group([&] { ParseImportSpec(file); });
      } else if (tok.kind == TokenKind::kIdent && tok.text == "type") {
        Next();
        Group([&] { ParseTypeSpec(file); });
      } else if (tok.kind == TokenKind::kIdent && tok.text == "const") {
        Next();
        const_iota_ = 0;
        previous_const_expr_.clear();
        Group([&] { ParseConstSpec(file); });
      } else {
        SkipStatement();  // func, var, or anything we do not need
      }
      SkipSemicolons();
    }
  }

  GoTypeExpr ParseType() {
    // Recursive descent: a hostile `struct{ a struct{ ...` or `((((T))))` would overflow the stack.
    if (++depth_ > kMaxTypeDepth) {
      --depth_;
      throw SyntaxError{fmt::format("{}:{}: type nested too deeply (over {} levels)", Peek().line, Peek().column,
                                    kMaxTypeDepth),
                        true};
    }
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{depth_};
    const Token& tok = Peek();
    GoTypeExpr type;
    type.line = tok.line;
    if (tok.kind == TokenKind::kIdent && !IsGoKeyword(tok.text)) {
      type.kind = GoTypeExpr::Kind::kName;
      type.name = Next().text;
      if (Peek().Is(".") && PeekAt(1).kind == TokenKind::kIdent) {
        Next();
        type.qualifier = type.name;
        type.name = Next().text;
      }
      if (Peek().Is("[") && !PeekAt(1).Is("]")) {  // T[int]: an instantiation
        Next();
        type.kind = GoTypeExpr::Kind::kInstance;
        while (true) {
          type.elems.push_back(ParseType());
          if (Peek().Is(",")) {
            Next();
            if (Peek().Is("]")) break;
            continue;
          }
          break;
        }
        Expect("]");
      }
      return type;
    }
    if (tok.Is("*")) {
      Next();
      type.kind = GoTypeExpr::Kind::kPointer;
      type.elems.push_back(ParseType());
      return type;
    }
    if (tok.Is("(")) {
      Next();
      GoTypeExpr inner = ParseType();
      Expect(")");
      return inner;
    }
    if (tok.Is("[")) {
      Next();
      if (Peek().Is("]")) {
        Next();
        type.kind = GoTypeExpr::Kind::kSlice;
      } else {
        type.kind = GoTypeExpr::Kind::kArray;
        if (Peek().Is("...")) {
          Next();
        } else {
          int depth = 0;
          while (!AtEof() && !(depth == 0 && Peek().Is("]"))) {
            if (Peek().Is("[") || Peek().Is("(")) ++depth;
            if (Peek().Is(")")) --depth;
            if (Peek().Is("]")) --depth;
            type.array_length.push_back(Next());
          }
        }
        Expect("]");
      }
      type.elems.push_back(ParseType());
      return type;
    }
    if (tok.Is("map")) {
      Next();
      type.kind = GoTypeExpr::Kind::kMap;
      Expect("[");
      type.elems.push_back(ParseType());
      Expect("]");
      type.elems.push_back(ParseType());
      return type;
    }
    if (tok.Is("chan") || tok.Is("<-")) {
      if (tok.Is("<-")) Next();
      Expect("chan");
      if (Peek().Is("<-")) Next();
      type.kind = GoTypeExpr::Kind::kChan;
      type.elems.push_back(ParseType());
      return type;
    }
    if (tok.Is("func")) {
      Next();
      type.kind = GoTypeExpr::Kind::kFunc;
      SkipBalanced("(", ")");
      // Result: a parenthesized list, a single type, or nothing.
      if (Peek().Is("(")) {
        SkipBalanced("(", ")");
      } else if (StartsType(Peek())) {
        ParseType();
      }
      return type;
    }
    if (tok.Is("interface")) {
      Next();
      type.kind = GoTypeExpr::Kind::kInterface;
      SkipBalanced("{", "}");
      return type;
    }
    if (tok.Is("struct")) {
      Next();
      type.kind = GoTypeExpr::Kind::kStruct;
      ParseStructBody(type);
      return type;
    }
    Fail(fmt::format("expected a type, found '{}'", tok.text));
  }

 private:
  static bool StartsType(const Token& tok) {
    if (tok.kind == TokenKind::kIdent)
      return !IsGoKeyword(tok.text) || tok.text == "map" || tok.text == "chan" || tok.text == "func" ||
             tok.text == "struct" || tok.text == "interface";
    return tok.Is("*") || tok.Is("[") || tok.Is("(") || tok.Is("<-");
  }

  void ParseStructBody(GoTypeExpr& type) {
    Expect("{");
    SkipSemicolons();
    while (!Peek().Is("}")) {
      if (AtEof()) Fail("unterminated struct type");
      ParseFieldDecl(type.fields);
      if (Peek().kind == TokenKind::kString) Next();  // tag
      if (Peek().IsSemicolon()) {
        SkipSemicolons();
      } else if (!Peek().Is("}")) {
        Fail(fmt::format("unexpected '{}' in struct type", Peek().text));
      }
    }
    Next();
  }

  // Embedded fields are named after their type: T for *pkg.T.
  static GoField Embedded(GoTypeExpr type) {
    GoField f;
    f.embedded = true;
    f.line = type.line;
    const GoTypeExpr* base = &type;
    if (base->kind == GoTypeExpr::Kind::kPointer) base = &base->elems[0];
    f.name = base->name;
    f.type = std::move(type);
    return f;
  }

  void ParseFieldDecl(std::vector<GoField>& fields) {
    const Token& tok = Peek();
    if (tok.Is("*") || tok.Is("(")) {
      fields.push_back(Embedded(ParseType()));
      return;
    }
    if (tok.kind != TokenKind::kIdent || IsGoKeyword(tok.text)) Fail(fmt::format("unexpected '{}' in struct type", tok.text));
    const Token& next = PeekAt(1);
    bool embedded = next.Is(".") || next.IsSemicolon() || next.Is("}") || next.kind == TokenKind::kString;
    if (next.Is("[")) {
      // T[A] (embedded instance) or a [N]T (a field): look past the matching ']'.
      size_t k = pos_ + 1;
      int depth = 0;
      for (; k < t_.size(); ++k) {
        if (t_[k].Is("[")) ++depth;
        if (t_[k].Is("]") && --depth == 0) break;
      }
      const Token& after = k + 1 < t_.size() ? t_[k + 1] : t_.back();
      embedded = after.IsSemicolon() || after.Is("}") || after.kind == TokenKind::kString;
    }
    if (embedded) {
      fields.push_back(Embedded(ParseType()));
      return;
    }
    std::vector<std::pair<std::string, int>> names;
    names.emplace_back(Next().text, tok.line);
    while (Peek().Is(",")) {
      Next();
      const Token& n = Peek();
      names.emplace_back(ExpectIdent(), n.line);
    }
    GoTypeExpr type = ParseType();
    for (auto& [name, line] : names) {
      GoField f;
      f.name = name;
      f.line = line;
      f.type = type;
      fields.push_back(std::move(f));
    }
  }

  void ParseImportSpec(GoFile& file) {
    GoImport imp;
    if (Peek().kind == TokenKind::kIdent || Peek().Is(".")) imp.name = Next().text;
    if (Peek().kind != TokenKind::kString) Fail("expected an import path");
    std::string text = Next().text;
    imp.path = text.size() >= 2 ? text.substr(1, text.size() - 2) : text;
    file.imports.push_back(std::move(imp));
  }

  // After `type Name [`: a type parameter list rather than an array length?
  bool TypeParamsFollow() const {
    const Token& a = PeekAt(1);
    const Token& b = PeekAt(2);
    if (a.kind != TokenKind::kIdent || IsGoKeyword(a.text)) return false;
    if (b.Is("]") || b.Is(".") || b.Is("+") || b.Is("-") || b.Is("*") || b.Is("/") || b.Is("%") ||
        b.Is("<<") || b.Is(">>") || b.Is("&") || b.Is("|") || b.Is("^") || b.Is("&^") || b.Is("("))
      return false;
    return true;  // [T any], [K comparable, V any], [T interface{...}], [T ~int]
  }

  void ParseTypeSpec(GoFile& file) {
    GoTypeDecl decl;
    const Token& name = Peek();
    decl.line = name.line;
    decl.column = name.column;
    decl.name = ExpectIdent();
    if (Peek().Is("[") && TypeParamsFollow()) {
      decl.has_type_params = true;
      SkipBalanced("[", "]");
    }
    if (Peek().Is("=")) {
      Next();
      decl.is_alias = true;
    }
    size_t type_start = pos_;
    try {
      decl.type = ParseType();
    } catch (const SyntaxError& e) {
      if (!e.too_deep) throw;
      file.notes.push_back(fmt::format("{}:{}:{}: type {} nested too deeply (over {} levels); skipped", file.path,
                                       decl.line, decl.column, decl.name, kMaxTypeDepth));
      pos_ = type_start;  // skipped whole, brackets balanced from its start
      SkipTypeSpec();
      return;
    }
    file.types.push_back(std::move(decl));
  }

  // Past the rest of a type spec: to its ';' or to the ')' closing its declaration group.
  void SkipTypeSpec() {
    int depth = 0;
    while (!AtEof()) {
      const Token& tok = Peek();
      if (depth == 0 && (tok.IsSemicolon() || tok.Is(")"))) return;
      if (tok.Is("(") || tok.Is("[") || tok.Is("{")) ++depth;
      if (tok.Is(")") || tok.Is("]") || tok.Is("}")) --depth;
      Next();
    }
  }

  void ParseConstSpec(GoFile& file) {
    std::vector<std::pair<std::string, int>> names;
    names.emplace_back(ExpectIdent(), t_[pos_ - 1].line);
    while (Peek().Is(",")) {
      Next();
      names.emplace_back(ExpectIdent(), t_[pos_ - 1].line);
    }
    // Optional type, then optional "= expr, expr".
    std::vector<std::vector<Token>> exprs;
    int depth = 0;
    bool after_equals = false;
    std::vector<Token> current;
    while (!AtEof() && !(depth == 0 && (Peek().IsSemicolon() || Peek().Is(")")))) {
      const Token& tok = Next();
      if (tok.Is("(") || tok.Is("[") || tok.Is("{")) ++depth;
      if (tok.Is(")") || tok.Is("]") || tok.Is("}")) --depth;
      if (!after_equals) {
        if (depth == 0 && tok.Is("=")) after_equals = true;
        continue;
      }
      if (depth == 0 && tok.Is(",")) {
        exprs.push_back(std::move(current));
        current.clear();
        continue;
      }
      current.push_back(tok);
    }
    if (after_equals) {
      exprs.push_back(std::move(current));
      previous_const_expr_ = exprs;
    } else {
      exprs = previous_const_expr_;  // implicit repetition of the previous list
    }
    for (size_t i = 0; i < names.size(); ++i) {
      GoConstSpec spec;
      spec.name = names[i].first;
      spec.line = names[i].second;
      spec.iota = const_iota_;
      if (i < exprs.size()) spec.expr = exprs[i];
      file.consts.push_back(std::move(spec));
    }
    ++const_iota_;
  }

  template <typename F>
  void Group(F spec) {
    if (Peek().Is("(")) {
      Next();
      SkipSemicolons();
      while (!Peek().Is(")")) {
        if (AtEof()) Fail("unterminated declaration group");
        spec();
        if (Peek().IsSemicolon()) SkipSemicolons();
        else if (!Peek().Is(")")) Fail(fmt::format("unexpected '{}' in declaration", Peek().text));
      }
      Next();
    } else {
      spec();
    }
  }

  void SkipStatement() {
    int depth = 0;
    while (!AtEof()) {
      const Token& tok = Peek();
      if (depth == 0 && tok.IsSemicolon()) return;
      if (tok.Is("(") || tok.Is("[") || tok.Is("{")) ++depth;
      if (tok.Is(")") || tok.Is("]") || tok.Is("}")) --depth;
      Next();
    }
  }

  void SkipBalanced(std::string_view open, std::string_view close) {
    Expect(open);
    int depth = 1;
    while (depth > 0) {
      if (AtEof()) Fail(fmt::format("missing '{}'", close));
      const Token& tok = Next();
      if (tok.Is(open)) ++depth;
      if (tok.Is(close)) --depth;
    }
  }

  void SkipSemicolons() {
    while (Peek().IsSemicolon()) Next();
  }

  const Token& Peek() const { return PeekAt(0); }
  const Token& PeekAt(size_t k) const { return pos_ + k < t_.size() ? t_[pos_ + k] : t_.back(); }
  const Token& Next() {
    const Token& tok = Peek();
    if (pos_ < t_.size() - 1) ++pos_;
    return tok;
  }
  bool AtEof() const { return Peek().kind == TokenKind::kEof; }

  void Expect(std::string_view text) {
    if (!Peek().Is(text)) Fail(fmt::format("expected '{}', found '{}'", text, Peek().text));
    Next();
  }
  std::string ExpectIdent() {
    if (Peek().kind != TokenKind::kIdent) Fail(fmt::format("expected a name, found '{}'", Peek().text));
    return Next().text;
  }
  [[noreturn]] void Fail(const std::string& message) const {
    throw SyntaxError{fmt::format("{}:{}: {}", Peek().line, Peek().column, message)};
  }

  const std::vector<Token>& t_;
  size_t pos_;
  int depth_ = 0;  // of ParseType calls
  long long const_iota_ = 0;
  std::vector<std::vector<Token>> previous_const_expr_;
};

}  // namespace

std::string GoTypeExpr::ToString() const {
  auto elem = [&](size_t i) { return i < elems.size() ? elems[i].ToString() : std::string("?"); };
  switch (kind) {
    case Kind::kName:
      return qualifier.empty() ? name : qualifier + "." + name;
    case Kind::kInstance: {
      std::string s = (qualifier.empty() ? name : qualifier + "." + name) + "[";
      for (size_t i = 0; i < elems.size(); ++i) s += (i ? ", " : "") + elems[i].ToString();
      return s + "]";
    }
    case Kind::kPointer:
      return "*" + elem(0);
    case Kind::kSlice:
      return "[]" + elem(0);
    case Kind::kArray: {
      std::string n;
      for (const auto& t : array_length) n += t.text;
      return "[" + (array_length.empty() ? std::string("...") : n) + "]" + elem(0);
    }
    case Kind::kMap:
      return "map[" + elem(0) + "]" + elem(1);
    case Kind::kChan:
      return "chan " + elem(0);
    case Kind::kFunc:
      return "func(...)";
    case Kind::kInterface:
      return "interface{...}";
    case Kind::kStruct:
      return "struct{...}";
    case Kind::kInvalid:
      break;
  }
  return "?";
}

GoFile ParseGoFile(std::string_view source, std::string path) {
  GoFile file;
  file.path = std::move(path);
  LexResult lex = LexGo(source, file.path);
  file.tokens = std::move(lex.tokens);
  file.build_constraints = std::move(lex.comments);
  if (!lex.error.empty()) file.error = lex.error;
  try {
    Parser(file.tokens).ParseFile(file);
  } catch (const SyntaxError& e) {
    if (file.error.empty()) file.error = file.path + ":" + e.message;
  }
  return file;
}

std::optional<GoTypeExpr> ParseTypeAt(const std::vector<Token>& tokens, size_t& pos) {
  if (tokens.empty() || pos >= tokens.size()) return std::nullopt;
  if (tokens.back().kind != TokenKind::kEof) {  // the parser relies on a final kEof
    std::vector<Token> terminated = tokens;
    terminated.push_back(Token{});
    return ParseTypeAt(terminated, pos);
  }
  try {
    Parser p(tokens, pos);
    GoTypeExpr type = p.ParseType();
    pos = p.pos();
    return type;
  } catch (const SyntaxError&) {
    return std::nullopt;
  }
}

}  // namespace heapdoc::gosource
