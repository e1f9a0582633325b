#include "analyzer/report/svg_chart.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "analyzer/report/span_map_chart.h"
#include "heapmodel/units.h"

namespace heapdoc {
namespace {

constexpr const char* kLiveColor = "#4e79a7";
constexpr const char* kFreeColor = "#e15759";
constexpr const char* kTailColor = "#bab0ac";
constexpr const char* kFont = "font-family=\"Helvetica, Arial, sans-serif\"";

std::string ClassLabel(const ClassModel& c) {
  if (c.class_id == 0) return "large";
  return fmt::format("{} \u00b7 {}", c.class_id, FormatBytes(static_cast<int64_t>(c.slot_bytes)));
}

std::string Header(int width, int height, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" "
      "aria-label=\"{2}\" {3} font-size=\"12\">\n<title>{2}</title>\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n",
      width, height, XmlEscape(title), kFont);
}

std::string LegendItem(int x, int y, const char* color, const std::string& label) {
  return fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>\n", x,
                     y - 10, color, x + 16, y, XmlEscape(label));
}

}  // namespace

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderSpanBytesChart(const AnalysisReport& report) {
  std::vector<const ClassModel*> rows;
  for (const ClassModel& c : report.model.classes)
    if (c.span_bytes > 0) rows.push_back(&c);
  if (rows.empty()) return "";
  // The classes that waste the most first (free slots, then span bytes), at most kClassesShown:
  // the few that matter are read at the top, not found among 60 rows in class order.
  constexpr size_t kClassesShown = 20;
  size_t classes_with_spans = rows.size();
  std::stable_sort(rows.begin(), rows.end(), [](const ClassModel* a, const ClassModel* b) {
    return a->free_slot_bytes != b->free_slot_bytes ? a->free_slot_bytes > b->free_slot_bytes : a->span_bytes > b->span_bytes;
  });
  if (rows.size() > kClassesShown) rows.resize(kClassesShown);
  uint64_t max_bytes = 0;
  for (const ClassModel* c : rows) max_bytes = std::max(max_bytes, c->span_bytes);
  bool free_known = report.model.basis != ModelBasis::kProfileOnly;
  constexpr int kWidth = 960, kLabel = 110, kValue = 150, kRow = 18, kTop = 64;
  const int bar_width = kWidth - kLabel - kValue - 20;
  int height = kTop + static_cast<int>(rows.size()) * kRow + 16;
  std::string title = fmt::format("Span bytes of the {} size classes with the most free-slot bytes: live, free slots, tail",
                                  rows.size() < classes_with_spans ? fmt::format("{} of {}", rows.size(), classes_with_spans)
                                                                   : std::to_string(rows.size()));
  std::string svg = Header(kWidth, height, title);
  svg += fmt::format("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">{}</text>\n", XmlEscape(title));
  std::string basis = report.model.basis == ModelBasis::kHeapDump   ? "exact, from the heap dump"
                      : report.model.basis == ModelBasis::kMemStats ? "inferred, reconciled to MemStats HeapInuse"
                                                                    : "no MemStats: free slots unknown, dense lower bound";
  svg += fmt::format("<text x=\"10\" y=\"36\" fill=\"#555555\">{}; total {} in {} classes. Bar length: span bytes on "
                     "a log scale; its parts: the shares of live slots, free slots and tails</text>\n",
                     XmlEscape(basis), XmlEscape(FormatBytes(static_cast<int64_t>(report.model.span_bytes))),
                     classes_with_spans);
  svg += LegendItem(10, 56, kLiveColor, "live slots");
  svg += LegendItem(110, 56, kFreeColor, free_known ? "free slots" : "free slots (unknown)");
  svg += LegendItem(260, 56, kTailColor, "span tails");
  for (size_t i = 0; i < rows.size(); ++i) {
    const ClassModel& c = *rows[i];
    int y = kTop + static_cast<int>(i) * kRow;
    // Log scale: one 24 MiB class beside many 16 KiB ones would leave those as hairlines. The bar
    // spans log2(span bytes / 4 KiB) of log2(max / 4 KiB), at least a few pixels; its segments split
    // it in proportion to the bytes, so each class's live/free/tail mix stays readable.
    constexpr double kFloorBytes = 4096;
    double top = std::log2(std::max(2.0, static_cast<double>(max_bytes) / kFloorBytes));
    double length = std::max(24.0, std::log2(std::max(1.0, static_cast<double>(c.span_bytes) / kFloorBytes)) / top * bar_width);
    auto width_of = [&](uint64_t bytes) {
      return static_cast<double>(bytes) / static_cast<double>(std::max<uint64_t>(1, c.span_bytes)) * length;
    };
    // Segments in order; live may exceed span bytes minus the rest on inferred rows, so clamp.
    uint64_t live = std::min(c.live_bytes, c.span_bytes);
    uint64_t free = std::min(c.free_slot_bytes, c.span_bytes - live);
    uint64_t tail = std::min(c.tail_bytes, c.span_bytes - live - free);
    double x = kLabel;
    svg += fmt::format("<g><title>{}: span bytes {}, live {}, free slots {}, tail {}</title>\n", XmlEscape(ClassLabel(c)),
                       XmlEscape(FormatBytes(static_cast<int64_t>(c.span_bytes))), XmlEscape(FormatBytes(static_cast<int64_t>(live))),
                       XmlEscape(FormatBytes(static_cast<int64_t>(free))), XmlEscape(FormatBytes(static_cast<int64_t>(tail))));
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", kLabel - 6, y + 12, XmlEscape(ClassLabel(c)));
    for (auto [bytes, color] : std::array<std::pair<uint64_t, const char*>, 3>{{{live, kLiveColor}, {free, kFreeColor}, {tail, kTailColor}}}) {
      double w = width_of(bytes);
      if (w > 0) svg += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>\n", x, y + 2, w, kRow - 4, color);
      x += w;
    }
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\">{}{}</text>\n</g>\n", x + 6, y + 12,
                       XmlEscape(FormatBytes(static_cast<int64_t>(c.span_bytes))),
                       free_known ? XmlEscape(fmt::format(" ({} free)", FormatPercent(static_cast<double>(free) /
                                                                                    std::max<uint64_t>(1, c.span_bytes))))
                                  : "");
  }
  svg += "</svg>\n";
  return svg;
}

std::string RenderOccupancyChart(const AnalysisReport& report) {
  std::array<uint64_t, 10> buckets{};
  bool any = false;
  for (const ClassModel& c : report.model.classes) {
    if (!c.has_occupancy_histogram) continue;
    any = true;
    for (size_t i = 0; i < buckets.size(); ++i) buckets[i] += c.occupancy_histogram[i];
  }
  if (!any) return "";
  uint64_t max_spans = std::max<uint64_t>(1, *std::max_element(buckets.begin(), buckets.end()));
  uint64_t total = 0;
  for (uint64_t b : buckets) total += b;
  constexpr int kWidth = 720, kHeight = 360, kLeft = 60, kTop = 60, kBottom = 50;
  const int plot_h = kHeight - kTop - kBottom, slot_w = (kWidth - kLeft - 20) / 10;
  std::string title = "Spans by occupancy (live slots / slots), heap dump";
  std::string svg = Header(kWidth, kHeight, title);
  svg += fmt::format("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">{}</text>\n", XmlEscape(title));
  svg += fmt::format("<text x=\"10\" y=\"38\" fill=\"#555555\">{} spans of small size classes; a span returns to the "
                     "heap only when it is empty, so low-occupancy spans are fragmentation</text>\n",
                     XmlEscape(FormatCount(static_cast<int64_t>(total))));
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#333333\"/>\n", kLeft, kTop + plot_h,
                     kWidth - 20);
  for (size_t i = 0; i < buckets.size(); ++i) {
    double h = static_cast<double>(buckets[i]) / static_cast<double>(max_spans) * plot_h;
    int x = kLeft + static_cast<int>(i) * slot_w;
    // Low occupancy in the fragmentation colour, fuller spans in the live colour.
    const char* color = i < 5 ? kFreeColor : kLiveColor;
    svg += fmt::format("<g><title>{}-{} % full: {} spans</title>\n", i * 10, i * 10 + 10, buckets[i]);
    svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\"/>\n", x + 4,
                       kTop + plot_h - h, slot_w - 8, h, color);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", x + slot_w / 2,
                       kTop + plot_h - h - 4, XmlEscape(FormatCount(static_cast<int64_t>(buckets[i]))));
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}-{}%</text>\n</g>\n", x + slot_w / 2,
                       kTop + plot_h + 16, i * 10, i * 10 + 10);
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555555\">occupancy of the span</text>\n",
                     kLeft + 5 * slot_w, kHeight - 12);
  svg += fmt::format("<text x=\"14\" y=\"{}\" transform=\"rotate(-90 14 {})\" text-anchor=\"middle\" "
                     "fill=\"#555555\">spans</text>\n",
                     kTop + plot_h / 2, kTop + plot_h / 2);
  svg += "</svg>\n";
  return svg;
}

std::vector<ChartImage> ChartImagesFor(const AnalysisReport& report, const std::string& report_path) {
  size_t slash = report_path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "" : report_path.substr(0, slash + 1);
  std::string name = slash == std::string::npos ? report_path : report_path.substr(slash + 1);
  size_t dot = name.find_last_of('.');
  std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
  std::vector<ChartImage> images;
  if (std::string svg = RenderSpanBytesChart(report); !svg.empty())
    images.push_back({"span-bytes", "Span bytes per size class: live, free slots and tail", stem + ".svg",
                      dir + stem + ".svg", std::move(svg)});
  if (std::string svg = RenderOccupancyChart(report); !svg.empty())
    images.push_back({"occupancy", "Spans by occupancy (heap dump)", stem + "-occupancy.svg",
                      dir + stem + "-occupancy.svg", std::move(svg)});
  if (std::string svg = RenderSpanMapChart(report); !svg.empty())
    images.push_back({"span-map", "Span map: spans coloured by occupancy (heap dump)", stem + "-spans.svg",
                      dir + stem + "-spans.svg", std::move(svg)});
  return images;
}

}  // namespace heapdoc
