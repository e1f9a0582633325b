// Renders a struct layout scan (heapdoc layout) as go-vet-style text or as JSON.
#pragma once

#include <string>

#include "analyzer/gosource/struct_layout_advisor.h"

namespace heapdoc::gosource {

// One line per struct: "file:line: struct T: 40 B (size class 48) could be 32 B (size class 32)
// by reordering fields: a, c, b". Notes are not included (see RenderLayoutNotes).
std::string RenderLayoutText(const StructLayoutScan& scan);
// The notes and a one-line summary, each line prefixed "note: ".
std::string RenderLayoutNotes(const StructLayoutScan& scan, const std::string& go_version_note);
// {"structs":[{file, line, type, current_size, optimal_size, current_class_size, optimal_class_size,
//   current_order, optimal_order, pointer_bytes, optimal_pointer_bytes}], "notes":[...]}
std::string RenderLayoutJson(const StructLayoutScan& scan, const std::string& go_version_note);

}  // namespace heapdoc::gosource
