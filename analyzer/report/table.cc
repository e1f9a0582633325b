#include "analyzer/report/table.h"

#include <algorithm>

namespace heapdoc {
namespace {

// Display width of UTF-8 text: count code points, not bytes.
size_t Width(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

}  // namespace

size_t Table::FirstLeftAlignedColumn() const {
  for (size_t c = 0; c < columns_.size(); ++c)
    if (columns_[c].align == Align::kLeft) return c;
  return 0;
}

std::string Table::RenderText(const std::string& indent) const {
  std::vector<size_t> width(columns_.size());
  for (size_t c = 0; c < columns_.size(); ++c) width[c] = Width(columns_[c].title);
  for (const auto& row : rows_)
    for (size_t c = 0; c < columns_.size() && c < row.cells.size(); ++c) width[c] = std::max(width[c], Width(row.cells[c]));
  std::string out;
  auto emit = [&](const std::vector<std::string>& cells) {
    std::string line = indent;
    for (size_t c = 0; c < columns_.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      std::string pad(width[c] - Width(cell), ' ');
      bool last = c + 1 == columns_.size();
      if (columns_[c].align == Align::kRight) line += pad + cell;
      else line += cell + (last ? "" : pad);
      if (!last) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  std::vector<std::string> titles;
  for (const auto& col : columns_) titles.push_back(col.title);
  bool has_titles = std::any_of(titles.begin(), titles.end(), [](const std::string& t) { return !t.empty(); });
  if (has_titles) emit(titles);
  size_t line_under_offset = 0;  // where the first left-aligned column starts
  for (size_t c = 0; c < FirstLeftAlignedColumn(); ++c) line_under_offset += width[c] + 2;
  for (const auto& row : rows_) {
    emit(row.cells);
    if (!row.line_under.empty()) out += indent + std::string(line_under_offset, ' ') + row.line_under + "\n";
  }
  return out;
}

std::string MarkdownCell(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|') out += "\\|";
    else if (ch == '\n') out += ' ';
    else out += ch;
  }
  return out;
}

std::string Table::RenderMarkdown() const {
  std::string out = "|";
  for (const auto& col : columns_) out += " " + MarkdownCell(col.title) + " |";
  out += "\n|";
  for (const auto& col : columns_) out += col.align == Align::kRight ? " ---: |" : " :--- |";
  out += "\n";
  auto emit = [&](const std::vector<std::string>& cells) {
    out += "|";
    for (size_t c = 0; c < columns_.size(); ++c) out += " " + MarkdownCell(c < cells.size() ? cells[c] : "") + " |";
    out += "\n";
  };
  for (const auto& row : rows_) {
    emit(row.cells);
    if (row.line_under.empty()) continue;
    std::vector<std::string> under(columns_.size());
    if (!under.empty()) under[FirstLeftAlignedColumn()] = row.line_under;
    emit(under);
  }
  return out;
}

}  // namespace heapdoc
