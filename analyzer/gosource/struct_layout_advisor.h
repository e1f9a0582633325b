// Field-order advice for the structs of a SourceTree: which structs would land in a smaller Go
// size class if their fields were ordered as fieldalignment suggests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/gosource/source_tree.h"
#include "analyzer/gosource/type_resolver.h"
#include "heapmodel/size_classes.h"

namespace heapdoc::gosource {

struct StructLayoutFinding {
  std::string file;
  int line = 0;
  int column = 0;
  std::string type_name;       // as declared: "Order"
  std::string qualified_name;  // "example.com/shop.Order"
  uint64_t current_size_bytes = 0;
  uint64_t optimal_size_bytes = 0;
  uint64_t current_class_bytes = 0;  // the slot a heap object of the struct takes (0 for size 0)
  uint64_t optimal_class_bytes = 0;
  uint64_t pointer_bytes = 0;
  uint64_t optimal_pointer_bytes = 0;
  std::vector<std::string> current_order;  // field names; embedded fields by type name
  std::vector<std::string> optimal_order;

  bool ClassShrinks() const { return optimal_class_bytes < current_class_bytes; }
};

struct StructLayoutScan {
  std::vector<StructLayoutFinding> structs;  // only those whose size class shrinks, by file and line
  std::vector<std::string> notes;            // skipped structs and why, parse problems
  size_t structs_checked = 0;                // structs laid out
  size_t same_class_reorders = 0;            // could shrink in bytes but stay in their class
};

// Heap slot bytes of an object of `layout`: its size class (with the malloc header where the
// table's Go version adds one), pages for large objects, 0 for zero-size objects.
uint64_t HeapSlotBytes(const TypeLayout& layout, const SizeClassTable& table);

// Advice for one named struct type; nullopt (with `problem`) when it is not a struct or a field's
// layout is unknown. Returned whether or not reordering helps.
std::optional<StructLayoutFinding> AdviseStruct(TypeResolver& resolver, const NamedTypeRef& type,
                                                const SizeClassTable& table, std::string* problem = nullptr);

// Checks every top-level, non-generic struct type of the tree.
StructLayoutScan ScanStructLayouts(const SourceTree& tree, TypeResolver& resolver, const SizeClassTable& table);

}  // namespace heapdoc::gosource
