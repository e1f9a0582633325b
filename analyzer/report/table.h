// A table of strings rendered either as aligned terminal text or as a Markdown table, so the
// text and Markdown reports share their layout code.
#pragma once

#include <string>
#include <vector>

namespace heapdoc {

enum class Align { kLeft, kRight };

class Table {
 public:
  struct Column {
    std::string title;
    Align align = Align::kRight;
    // Text narrower than the table: columns with the highest drop_order go first (0: always shown).
    int drop_order = 0;
  };
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back({std::move(cells), {}}); }
  // A line under the last row, outside the columns (they keep their widths): it starts at the
  // first left-aligned column, in Markdown as a row of its own with only that cell.
  void AddLineUnderRow(std::string line) {
    if (!rows_.empty()) rows_.back().line_under = std::move(line);
  }
  bool empty() const { return rows_.empty(); }

  // Aligned text. With max_width > 0 no line is wider: a last column of prose wraps under itself;
  // names and paths (left-aligned) are shortened in the middle to kReadableNameWidth, then droppable
  // columns are left out (a line says which), then names shortened to kMinNameWidth; the line under
  // a row is wrapped.
  std::string RenderText(const std::string& indent = "  ", size_t max_width = 0) const;
  // GitHub's Markdown: a number and its unit joined by a non-breaking space, so a narrow column
  // never shows "1.38" over "KiB".
  std::string RenderMarkdown() const;

  static constexpr size_t kMinNameWidth = 16;
  static constexpr size_t kReadableNameWidth = 28;
  static constexpr size_t kMinProseWidth = 30;

 private:
  struct Row {
    std::vector<std::string> cells;
    std::string line_under;  // empty: none
  };
  size_t FirstLeftAlignedColumn() const;

  std::vector<Column> columns_;
  std::vector<Row> rows_;
};

// Escapes text for a Markdown table cell (pipes, backticks stay readable).
std::string MarkdownCell(const std::string& text);

}  // namespace heapdoc
