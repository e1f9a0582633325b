#include "analyzer/report/table.h"

#include <algorithm>
#include <cctype>

#include "analyzer/report/text_wrap.h"

namespace heapdoc {
namespace {

size_t Width(const std::string& s) { return DisplayWidth(s); }

// "1.38 KiB" -> "1.38\u00a0KiB", "12.5 %" -> "12.5\u00a0%": the space between a figure and its unit.
std::string JoinFiguresToUnits(const std::string& text) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "%", "pts", "points"};
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ' && i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1]))) {
      bool unit = false;
      for (const char* u : kUnits) {
        std::string_view uv(u);
        size_t end = i + 1 + uv.size();
        if (text.compare(i + 1, uv.size(), uv) == 0 &&
            (end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end])))) {
          unit = true;
          break;
        }
      }
      if (unit) {
        out += "\u00a0";
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

size_t Table::FirstLeftAlignedColumn() const {
  for (size_t c = 0; c < columns_.size(); ++c)
    if (columns_[c].align == Align::kLeft) return c;
  return 0;
}

std::string Table::RenderText(const std::string& indent, size_t max_width) const {
  std::vector<size_t> width(columns_.size());
  for (size_t c = 0; c < columns_.size(); ++c) width[c] = Width(columns_[c].title);
  for (const auto& row : rows_)
    for (size_t c = 0; c < columns_.size() && c < row.cells.size(); ++c) width[c] = std::max(width[c], Width(row.cells[c]));
  std::vector<bool> shown(columns_.size(), true);
  auto total = [&] {
    size_t sum = Width(indent), n = 0;
    for (size_t c = 0; c < columns_.size(); ++c)
      if (shown[c]) sum += width[c] + (n++ ? 2 : 0);
    return sum;
  };
  std::vector<std::string> dropped;
  size_t last = columns_.size() - 1;
  // A last column of prose (left-aligned, "what it means") wraps under itself instead of being cut.
  bool wrap_last = max_width > 0 && !columns_.empty() && columns_[last].align == Align::kLeft && columns_.size() > 1;
  if (wrap_last) {
    size_t others = total() - width[last];
    if (others + kMinProseWidth <= max_width) width[last] = std::min(width[last], max_width - others);
    else width[last] = std::min(width[last], kMinProseWidth);
  }
  // Shortens left-aligned names (the widest first) down to `floor` columns while the table is too wide.
  auto shorten_names = [&](size_t floor) {
    while (total() > max_width) {
      size_t widest = columns_.size();
      for (size_t c = 0; c < columns_.size(); ++c)
        if (shown[c] && columns_[c].align == Align::kLeft && !(wrap_last && c == last) && width[c] > floor &&
            (widest == columns_.size() || width[c] > width[widest]))
          widest = c;
      if (widest == columns_.size()) return;
      width[widest] = std::max(floor, width[widest] - std::min(width[widest] - floor, total() - max_width));
    }
  };
  if (max_width > 0) {
    // Names stay readable (kReadableNameWidth) before any column goes; then columns go, least
    // important first; only then are names cut further.
    shorten_names(kReadableNameWidth);
    while (total() > max_width) {
      size_t drop = columns_.size();
      for (size_t c = 0; c < columns_.size(); ++c)
        if (shown[c] && columns_[c].drop_order > 0 && (drop == columns_.size() || columns_[c].drop_order > columns_[drop].drop_order))
          drop = c;
      if (drop == columns_.size()) break;
      shown[drop] = false;
      dropped.push_back(columns_[drop].title);
    }
    shorten_names(kMinNameWidth);
  }
  size_t last_shown = 0;
  for (size_t c = 0; c < columns_.size(); ++c)
    if (shown[c]) last_shown = c;
  std::string out;
  size_t prose_offset = Width(indent);  // where the wrapped last column starts
  for (size_t c = 0; c + 1 < columns_.size(); ++c)
    if (shown[c]) prose_offset += width[c] + 2;
  auto emit = [&](const std::vector<std::string>& cells) {
    std::string line = indent;
    std::string continuation;  // the wrapped rest of a prose cell
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (!shown[c]) continue;
      std::string cell = c < cells.size() ? cells[c] : "";
      if (wrap_last && c == last && Width(cell) > width[c]) {
        std::string wrapped = WrapParagraph(cell, width[c], "", "");
        size_t eol = wrapped.find('\n');
        cell = wrapped.substr(0, eol);
        std::string pad(prose_offset, ' ');
        for (size_t at = eol + 1; at < wrapped.size();) {
          size_t next = wrapped.find('\n', at);
          continuation += pad + wrapped.substr(at, next - at) + "\n";
          at = next + 1;
        }
      }
      cell = TruncateMiddle(cell, width[c]);
      std::string pad(width[c] - Width(cell), ' ');
      bool last = c == last_shown;
      if (columns_[c].align == Align::kRight) line += pad + cell;
      else line += cell + (last ? "" : pad);
      if (!last) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n" + continuation;
  };
  std::vector<std::string> titles;
  for (const auto& col : columns_) titles.push_back(col.title);
  bool has_titles = std::any_of(titles.begin(), titles.end(), [](const std::string& t) { return !t.empty(); });
  if (has_titles) emit(titles);
  size_t line_under_offset = 0;  // where the first left-aligned column starts
  for (size_t c = 0; c < FirstLeftAlignedColumn(); ++c)
    if (shown[c]) line_under_offset += width[c] + 2;
  std::string under_indent = indent + std::string(line_under_offset, ' ');
  for (const auto& row : rows_) {
    emit(row.cells);
    if (row.line_under.empty()) continue;
    if (max_width == 0) out += under_indent + row.line_under + "\n";
    else out += WrapParagraph(row.line_under, max_width, under_indent, under_indent + "  ");
  }
  if (!dropped.empty()) {
    std::string list;
    for (const std::string& title : dropped) list += (list.empty() ? "" : ", ") + title;
    out += WrapParagraph("(left out at this width: " + list + "; a wider COLUMNS or --format json shows them)",
                         max_width, indent, indent + " ");
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
    for (size_t c = 0; c < columns_.size(); ++c)
      out += " " + JoinFiguresToUnits(MarkdownCell(c < cells.size() ? cells[c] : "")) + " |";
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
