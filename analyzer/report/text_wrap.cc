#include "analyzer/report/text_wrap.h"

#include <cctype>
#include <vector>

namespace heapdoc {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Byte offset of the code point `n` columns into `text` (its size when shorter).
size_t ByteOffsetOfColumn(const std::string& text, size_t n) {
  size_t columns = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuation(static_cast<unsigned char>(text[i]))) continue;
    if (columns == n) return i;
    ++columns;
  }
  return text.size();
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  // A figure keeps its unit on its line: "24.3 MiB", "97.4 %", "3.5x" never split.
  std::vector<std::string> joined;
  for (std::string& w : words) {
    bool unit = w == "B" || w == "KiB" || w == "MiB" || w == "GiB" || w == "TiB" || w == "%" || w == "%)" ||
                w == "%," || w == "%;" || w == "B," || w == "B;" || w == "B)" || w.rfind("KiB", 0) == 0 ||
                w.rfind("MiB", 0) == 0 || w.rfind("GiB", 0) == 0 || w == "pts" || w == "s";
    if (unit && !joined.empty() && !joined.back().empty() && std::isdigit(static_cast<unsigned char>(joined.back().back())))
      joined.back() += " " + w;
    else
      joined.push_back(std::move(w));
  }
  return joined;
}

}  // namespace

size_t DisplayWidth(const std::string& text) {
  size_t w = 0;
  for (unsigned char c : text) w += !IsContinuation(c);
  return w;
}

std::string WrapParagraph(const std::string& text, size_t width, const std::string& first_indent,
                          const std::string& next_indent) {
  std::string out;
  std::string line = first_indent;
  size_t line_width = DisplayWidth(first_indent);
  bool line_has_word = false;
  auto finish_line = [&] {
    out += line + "\n";
    line = next_indent;
    line_width = DisplayWidth(next_indent);
    line_has_word = false;
  };
  for (std::string word : Words(text)) {
    size_t w = DisplayWidth(word);
    if (width > 0 && line_has_word && line_width + 1 + w > width) finish_line();
    // A word no line holds (a long path): cut it where the line ends.
    while (width > 0 && line_width + (line_has_word ? 1 : 0) + w > width && width > line_width + 8) {
      if (line_has_word) {
        line += ' ';
        ++line_width;
      }
      size_t room = width - line_width;
      size_t cut = ByteOffsetOfColumn(word, room);
      line += word.substr(0, cut);
      word.erase(0, cut);
      w = DisplayWidth(word);
      line_width = width;
      line_has_word = true;
      finish_line();
    }
    if (word.empty()) continue;
    if (line_has_word) {
      line += ' ';
      ++line_width;
    }
    line += word;
    line_width += w;
    line_has_word = true;
  }
  if (line_has_word || out.empty()) finish_line();
  return out;
}

std::string TruncateMiddle(const std::string& text, size_t width) {
  size_t w = DisplayWidth(text);
  if (w <= width) return text;
  if (width == 0) return "";
  size_t keep = width - 1;  // columns of text around the "…"
  size_t head = (keep + 1) / 2;
  size_t tail = keep - head;
  return text.substr(0, ByteOffsetOfColumn(text, head)) + "…" + text.substr(ByteOffsetOfColumn(text, w - tail));
}

}  // namespace heapdoc
