// Fitting text to a terminal: display width of UTF-8 text, paragraphs wrapped at word boundaries
// with a hanging indent, and long names shortened in the middle (the package and the method stay
// readable: "github.com/acme/…/store.(*Cache).Put").
#pragma once

#include <string>

namespace heapdoc {

// Terminal columns a report fits when nothing says otherwise (not a terminal, no COLUMNS).
inline constexpr size_t kDefaultTextWidth = 100;

size_t DisplayWidth(const std::string& text);  // code points, not bytes

// `text` as lines of at most `width` columns: the first starts with `first_indent`, the others with
// `next_indent`; each ends with '\n'. A word longer than a line is cut (paths, URLs). width 0: no wrap.
std::string WrapParagraph(const std::string& text, size_t width, const std::string& first_indent,
                          const std::string& next_indent);

// `text` if it fits `width` columns, else its start and end joined by "…" in exactly `width` columns.
std::string TruncateMiddle(const std::string& text, size_t width);

}  // namespace heapdoc
