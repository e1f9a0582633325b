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
  };
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back({std::move(cells), {}}); }
  // A line under the last row, outside the columns (they keep their widths): it starts at the
  // first left-aligned column, in Markdown as a row of its own with only that cell.
  void AddLineUnderRow(std::string line) {
    if (!rows_.empty()) rows_.back().line_under = std::move(line);
  }
  bool empty() const { return rows_.empty(); }

  std::string RenderText(const std::string& indent = "  ") const;
  std::string RenderMarkdown() const;

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
