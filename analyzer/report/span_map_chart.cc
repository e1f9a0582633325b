#include "analyzer/report/span_map_chart.h"

#include <algorithm>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "analyzer/report/svg_chart.h"
#include "heapmodel/units.h"

namespace heapdoc {
namespace {

constexpr size_t kClassesShown = 6;
constexpr int kCell = 9, kGap = 1, kCellsPerLine = 96, kMaxLines = 6;
constexpr size_t kMaxCells = static_cast<size_t>(kCellsPerLine) * kMaxLines;

struct ClassSpans {
  uint64_t slot_bytes = 0;
  uint64_t free_slot_bytes = 0;
  std::vector<const DumpSpan*> spans;  // address order
};

// Occupancy 0 red, 0.5 yellow, 1 green (ColorBrewer RdYlGn ends): readable for most colour vision,
// and the tooltip of each cell says the numbers.
std::string OccupancyColor(double occupancy) {
  struct Rgb {
    double r, g, b;
  };
  constexpr Rgb kEmpty{215, 48, 39}, kHalf{254, 224, 139}, kFull{26, 152, 80};
  occupancy = std::clamp(occupancy, 0.0, 1.0);
  Rgb from = occupancy < 0.5 ? kEmpty : kHalf, to = occupancy < 0.5 ? kHalf : kFull;
  double t = occupancy < 0.5 ? occupancy * 2 : (occupancy - 0.5) * 2;
  auto mix = [t](double a, double b) { return static_cast<int>(a + (b - a) * t + 0.5); };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(from.r, to.r), mix(from.g, to.g), mix(from.b, to.b));
}

std::vector<ClassSpans> WorstClasses(const HeapDump& dump) {
  std::map<uint64_t, ClassSpans> by_slot;
  for (const DumpSpan& s : dump.spans) {
    if (s.large || s.slot_count == 0) continue;
    ClassSpans& c = by_slot[s.elem_size_bytes];
    c.slot_bytes = s.elem_size_bytes;
    c.free_slot_bytes += s.free_slot_bytes();
    c.spans.push_back(&s);
  }
  std::vector<ClassSpans> classes;
  for (auto& [slot, c] : by_slot)
    if (c.free_slot_bytes > 0) classes.push_back(std::move(c));
  std::stable_sort(classes.begin(), classes.end(),
                   [](const ClassSpans& a, const ClassSpans& b) { return a.free_slot_bytes > b.free_slot_bytes; });
  if (classes.size() > kClassesShown) classes.resize(kClassesShown);
  for (ClassSpans& c : classes)
    std::sort(c.spans.begin(), c.spans.end(),
              [](const DumpSpan* a, const DumpSpan* b) { return a->base_address < b->base_address; });
  return classes;
}

}  // namespace

std::string RenderSpanMapChart(const AnalysisReport& report) {
  const auto& dump = report.snapshot.heap_dump;
  if (!dump) return "";
  std::vector<ClassSpans> classes = WorstClasses(*dump);
  if (classes.empty()) return "";
  constexpr int kLeft = 10, kTop = 76, kWidth = kLeft + kCellsPerLine * (kCell + kGap) + 20;
  int height = kTop;
  for (const ClassSpans& c : classes) {
    size_t cells = std::min(c.spans.size(), kMaxCells);
    height += 22 + static_cast<int>((cells + kCellsPerLine - 1) / kCellsPerLine) * (kCell + kGap) + 10;
  }
  std::string title = "Span map: the spans of the classes with the most free-slot bytes";
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" "
      "aria-label=\"{2}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n<title>{2}</title>\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n",
      kWidth, height, XmlEscape(title));
  svg += fmt::format("<text x=\"{}\" y=\"20\" font-size=\"15\" font-weight=\"bold\">{}</text>\n", kLeft, XmlEscape(title));
  svg += fmt::format("<text x=\"{}\" y=\"38\" fill=\"#555555\">one cell per span in address order, coloured by live "
                     "slots / slots; a span returns to the heap only when it is empty, so red cells are spans a few "
                     "objects hold hostage</text>\n",
                     kLeft);
  int legend_x = kLeft;
  for (int pct : {0, 25, 50, 75, 100}) {
    svg += fmt::format("<rect x=\"{}\" y=\"48\" width=\"{}\" height=\"{}\" fill=\"{}\"/><text x=\"{}\" y=\"57\">{} % "
                       "live</text>\n",
                       legend_x, kCell, kCell, OccupancyColor(pct / 100.0), legend_x + kCell + 4, pct);
    legend_x += 80;
  }
  int y = kTop;
  for (const ClassSpans& c : classes) {
    size_t cells = std::min(c.spans.size(), kMaxCells);
    size_t hostage = std::count_if(c.spans.begin(), c.spans.end(), [](const DumpSpan* s) {
      return s->live_objects * 4 <= s->slot_count;  // at most a quarter of the slots live
    });
    std::string more = c.spans.size() > cells ? fmt::format(" (first {} shown)", FormatCount(static_cast<int64_t>(cells))) : "";
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{} slots: {} span{}{}, {} free-slot bytes, {} "
                       "at most 25 % live</text>\n",
                       kLeft, y + 14, XmlEscape(FormatBytes(static_cast<int64_t>(c.slot_bytes))),
                       XmlEscape(FormatCount(static_cast<int64_t>(c.spans.size()))), c.spans.size() == 1 ? "" : "s",
                       XmlEscape(more),
                       XmlEscape(FormatBytes(static_cast<int64_t>(c.free_slot_bytes))),
                       XmlEscape(FormatCount(static_cast<int64_t>(hostage))));
    y += 22;
    svg += fmt::format("<g class=\"span-map-class\" data-slot-bytes=\"{}\">\n", c.slot_bytes);
    for (size_t i = 0; i < cells; ++i) {
      const DumpSpan& s = *c.spans[i];
      int cx = kLeft + static_cast<int>(i % kCellsPerLine) * (kCell + kGap);
      int cy = y + static_cast<int>(i / kCellsPerLine) * (kCell + kGap);
      double occupancy = static_cast<double>(s.live_objects) / s.slot_count;
      svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>span 0x{:x}: {} of {} "
                         "slots live</title></rect>\n",
                         cx, cy, kCell, kCell, OccupancyColor(occupancy), s.base_address, s.live_objects, s.slot_count);
    }
    svg += "</g>\n";
    y += static_cast<int>((cells + kCellsPerLine - 1) / kCellsPerLine) * (kCell + kGap) + 10;
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace heapdoc
