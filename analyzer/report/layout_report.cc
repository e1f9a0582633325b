#include "analyzer/report/layout_report.h"

#include <fmt/format.h>

#include "analyzer/report/json_report.h"
#include <nlohmann/json.hpp>

#include "heapmodel/size_classes.h"

namespace heapdoc::gosource {
namespace {

std::string ClassText(uint64_t class_bytes) {
  if (class_bytes == 0) return "no heap slot";
  if (class_bytes > kMaxSmallSizeBytes) return fmt::format("large object, {} B of pages", class_bytes);
  return fmt::format("size class {}", class_bytes);
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

std::vector<std::string> AllNotes(const StructLayoutScan& scan, const std::string& go_version_note) {
  std::vector<std::string> notes;
  if (!go_version_note.empty()) notes.push_back(go_version_note);
  notes.insert(notes.end(), scan.notes.begin(), scan.notes.end());
  return notes;
}

}  // namespace

std::string RenderLayoutText(const StructLayoutScan& scan) {
  std::string out;
  for (const auto& s : scan.structs) {
    out += fmt::format("{}:{}: struct {}: {} B ({}) could be {} B ({}) by reordering fields: {}\n", s.file, s.line,
                       s.type_name, s.current_size_bytes, ClassText(s.current_class_bytes), s.optimal_size_bytes,
                       ClassText(s.optimal_class_bytes), Join(s.optimal_order));
  }
  return out;
}

std::string RenderLayoutNotes(const StructLayoutScan& scan, const std::string& go_version_note) {
  std::string out;
  for (const auto& n : AllNotes(scan, go_version_note)) out += "note: " + n + "\n";
  out += fmt::format("note: checked {} struct{}; {} would move to a smaller size class by reordering fields\n",
                     scan.structs_checked, scan.structs_checked == 1 ? "" : "s", scan.structs.size());
  return out;
}

std::string RenderLayoutJson(const StructLayoutScan& scan, const std::string& go_version_note) {
  nlohmann::ordered_json structs = nlohmann::ordered_json::array();
  for (const auto& s : scan.structs) {
    structs.push_back({
        {"file", s.file},
        {"line", s.line},
        {"type", s.type_name},
        {"qualified_type", s.qualified_name},
        {"current_size", s.current_size_bytes},
        {"optimal_size", s.optimal_size_bytes},
        {"current_class_size", s.current_class_bytes},
        {"optimal_class_size", s.optimal_class_bytes},
        {"current_order", s.current_order},
        {"optimal_order", s.optimal_order},
        {"pointer_bytes", s.pointer_bytes},
        {"optimal_pointer_bytes", s.optimal_pointer_bytes},
    });
  }
  nlohmann::ordered_json doc;
  doc["structs"] = std::move(structs);
  doc["structs_checked"] = scan.structs_checked;
  doc["notes"] = AllNotes(scan, go_version_note);
  // Go identifiers and paths read from source need not be UTF-8: invalid bytes become U+FFFD.
  return JsonText(doc);
}

}  // namespace heapdoc::gosource
