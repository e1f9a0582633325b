#include "analyzer/gosource/go_lexer.h"

#include <array>
#include <fmt/format.h>

namespace heapdoc::gosource {
namespace {

constexpr std::array<std::string_view, 25> kKeywords = {
    "break",  "case",   "chan",   "const", "continue", "default", "defer",  "else",   "fallthrough",
    "for",    "func",   "go",     "goto",  "if",       "import",  "interface", "map", "package",
    "range",  "return", "select", "struct", "switch",  "type",    "var"};

// Operators, longest first so that maximal munch is a first-match scan.
constexpr std::array<std::string_view, 48> kOperators = {
    "<<=", ">>=", "&^=", "...", "&&", "||", "<-", "++", "--", "==", "!=", "<=", ">=", ":=", "+=", "-=",
    "*=",  "/=",  "%=",  "&=",  "|=", "^=", "<<", ">>", "&^", "+",  "-",  "*",  "/",  "%",  "&",  "|",
    "^",   "<",   ">",   "=",   "!",  "(",  ")",  "[",  "]",  "{",  "}",  ",",  ";",  ".",  ":",  "~"};

bool IsLetter(unsigned char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Spec: a newline ends a statement after an identifier, a literal, one of the keywords
// break continue fallthrough return, or one of ++ -- ) ] }.
bool EndsStatement(const Token& t) {
  switch (t.kind) {
    case TokenKind::kIdent:
      return !IsGoKeyword(t.text) || t.text == "break" || t.text == "continue" || t.text == "fallthrough" ||
             t.text == "return";
    case TokenKind::kInt:
    case TokenKind::kFloat:
    case TokenKind::kString:
    case TokenKind::kRune:
      return true;
    case TokenKind::kOperator:
      return t.text == "++" || t.text == "--" || t.text == ")" || t.text == "]" || t.text == "}";
    default:
      return false;
  }
}

}  // namespace

bool IsGoKeyword(std::string_view word) {
  for (auto k : kKeywords)
    if (k == word) return true;
  return false;
}

bool ParseGoIntLiteral(std::string_view text, unsigned long long& value) {
  if (text.empty() || !IsDigit(static_cast<unsigned char>(text[0]))) return false;
  unsigned base = 10;
  size_t i = 0;
  if (text.size() > 1 && text[0] == '0') {
    char p = static_cast<char>(text[1] | 0x20);
    if (p == 'x') base = 16, i = 2;
    else if (p == 'o') base = 8, i = 2;
    else if (p == 'b') base = 2, i = 2;
    else base = 8, i = 1;
  }
  unsigned long long v = 0;
  bool any = base == 8 && i == 1;  // "0" followed by digits, or just "0"
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') continue;
    unsigned d;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') d = static_cast<unsigned>((c | 0x20) - 'a' + 10);
    else return false;
    if (d >= base) return false;
    if (v > (~0ULL - d) / base) return false;
    v = v * base + d;
    any = true;
  }
  if (!any) return false;
  value = v;
  return true;
}

LexResult LexGo(std::string_view src, std::string_view file_name) {
  LexResult out;
  int line = 1;
  size_t line_start = 0;
  size_t i = 0;
  auto push = [&](TokenKind kind, size_t begin, size_t end, int tok_line, size_t tok_line_start) {
    out.tokens.push_back(Token{kind, std::string(src.substr(begin, end - begin)), tok_line,
                               static_cast<int>(begin - tok_line_start) + 1});
  };
  auto newline_semicolon = [&](int at_line, int at_column) {
    if (!out.tokens.empty() && EndsStatement(out.tokens.back()))
      out.tokens.push_back(Token{TokenKind::kSemicolon, "\n", at_line, at_column});
  };
  auto fail = [&](const std::string& what) {
    out.error = fmt::format("{}:{}:{}: {}", file_name, line, i - line_start + 1, what);
  };

  while (i < src.size() && out.error.empty()) {
    unsigned char c = static_cast<unsigned char>(src[i]);
    if (c == '\n') {
      newline_semicolon(line, static_cast<int>(i - line_start) + 1);
      ++line;
      line_start = ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    if (c == '/' && i + 1 < src.size() && src[i + 1] == '/') {
      size_t end = src.find('\n', i);
      if (end == std::string_view::npos) end = src.size();
      std::string_view text = src.substr(i, end - i);
      if (text.starts_with("//go:build")) out.comments.emplace_back(text);
      i = end;  // the newline itself then inserts the semicolon
      continue;
    }
    if (c == '/' && i + 1 < src.size() && src[i + 1] == '*') {
      size_t end = src.find("*/", i + 2);
      if (end == std::string_view::npos) {
        fail("comment not terminated");
        break;
      }
      int start_line = line;
      int start_col = static_cast<int>(i - line_start) + 1;
      bool had_newline = false;
      for (size_t k = i; k < end; ++k)
        if (src[k] == '\n') {
          had_newline = true;
          ++line;
          line_start = k + 1;
        }
      // A general comment containing newlines acts like a newline.
      if (had_newline) newline_semicolon(start_line, start_col);
      i = end + 2;
      continue;
    }
    size_t begin = i;
    int tok_line = line;
    size_t tok_line_start = line_start;
    if (IsLetter(c)) {
      while (i < src.size() && (IsLetter(static_cast<unsigned char>(src[i])) || IsDigit(static_cast<unsigned char>(src[i])))) ++i;
      push(TokenKind::kIdent, begin, i, tok_line, tok_line_start);
      continue;
    }
    if (IsDigit(c) || (c == '.' && i + 1 < src.size() && IsDigit(static_cast<unsigned char>(src[i + 1])))) {
      bool is_float = c == '.';
      bool hex = c == '0' && i + 1 < src.size() && (src[i + 1] | 0x20) == 'x';
      if (hex) i += 2;
      while (i < src.size()) {
        char d = src[i];
        char lower = static_cast<char>(d | 0x20);
        if (IsDigit(static_cast<unsigned char>(d)) || d == '_' || (hex && lower >= 'a' && lower <= 'f') ||
            (!hex && (lower == 'o' || lower == 'b') && i == begin + 1)) {
          ++i;
        } else if (d == '.') {
          is_float = true;
          ++i;
        } else if ((!hex && lower == 'e') || (hex && lower == 'p')) {
          is_float = true;
          ++i;
          if (i < src.size() && (src[i] == '+' || src[i] == '-')) ++i;
        } else {
          break;
        }
      }
      if (i < src.size() && src[i] == 'i') {
        is_float = true;
        ++i;
      }
      push(is_float ? TokenKind::kFloat : TokenKind::kInt, begin, i, tok_line, tok_line_start);
      continue;
    }
    if (c == '"' || c == '\'') {
      ++i;
      bool closed = false;
      while (i < src.size() && src[i] != '\n') {
        if (src[i] == '\\') {
          i += 2;
          continue;
        }
        if (src[i] == static_cast<char>(c)) {
          closed = true;
          ++i;
          break;
        }
        ++i;
      }
      if (!closed) {
        i = begin;  // report where the literal starts
        fail(c == '"' ? "string literal not terminated" : "rune literal not terminated");
        break;
      }
      push(c == '"' ? TokenKind::kString : TokenKind::kRune, begin, i, tok_line, tok_line_start);
      continue;
    }
    if (c == '`') {
      size_t end = src.find('`', i + 1);
      if (end == std::string_view::npos) {
        fail("raw string literal not terminated");
        break;
      }
      for (size_t k = i; k < end; ++k)
        if (src[k] == '\n') {
          ++line;
          line_start = k + 1;
        }
      i = end + 1;
      push(TokenKind::kString, begin, i, tok_line, tok_line_start);
      continue;
    }
    bool matched = false;
    for (auto op : kOperators) {
      if (src.substr(i, op.size()) == op) {
        i += op.size();
        push(TokenKind::kOperator, begin, i, tok_line, tok_line_start);
        matched = true;
        break;
      }
    }
    if (!matched) fail(fmt::format("unexpected byte 0x{:02x}", c));
  }
  newline_semicolon(line, static_cast<int>(i - line_start) + 1);
  out.tokens.push_back(Token{TokenKind::kEof, "", line, static_cast<int>(i - line_start) + 1});
  return out;
}

}  // namespace heapdoc::gosource
