// A Go lexer (spec "Lexical elements"): enough of Go's tokens, comments and automatic semicolons
// to parse declarations and to scan single lines of function bodies for allocations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace heapdoc::gosource {

enum class TokenKind {
  kIdent,      // identifiers and keywords (keywords are identifiers whose text is a keyword)
  kInt,        // integer literal, text as written (0x1F, 1_000, 0o17, 017, 0b1)
  kFloat,      // floating-point or imaginary literal
  kString,     // interpreted or raw string literal, text as written (with quotes)
  kRune,       // rune literal, text as written
  kOperator,   // operators and punctuation: + - * & ( ) [ ] { } , ; . ... := <- ~ etc.
  kSemicolon,  // an automatic semicolon (newline or end of file); explicit ';' is kOperator ";"
  kEof,
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string text;
  int line = 0;    // 1-based line of the token's first character
  int column = 0;  // 1-based byte column
  // True for ';' whether written or automatic: the statement terminator of the grammar.
  bool IsSemicolon() const { return kind == TokenKind::kSemicolon || (kind == TokenKind::kOperator && text == ";"); }
  bool Is(std::string_view op) const { return (kind == TokenKind::kOperator || kind == TokenKind::kIdent) && text == op; }
};

struct LexResult {
  std::vector<Token> tokens;          // ends with one kEof token
  std::vector<std::string> comments;  // line comments starting with "//go:build" (build constraints)
  std::string error;                  // first lexical error ("x.go:3:7: unterminated string"); empty if none
};

// Lexes Go source. Never throws: an unterminated literal or an unknown byte ends the token stream
// at that point and sets `error`, so callers can still use the declarations before it.
LexResult LexGo(std::string_view source, std::string_view file_name);

bool IsGoKeyword(std::string_view word);

// The integer value of a Go integer literal (decimal, 0x, 0o, 0b, legacy octal, '_' separators);
// false when it is not one or overflows uint64.
bool ParseGoIntLiteral(std::string_view text, unsigned long long& value);

}  // namespace heapdoc::gosource
