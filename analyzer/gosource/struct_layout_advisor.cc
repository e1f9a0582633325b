#include "analyzer/gosource/struct_layout_advisor.h"

#include <algorithm>

#include <fmt/format.h>

namespace heapdoc::gosource {

uint64_t HeapSlotBytes(const TypeLayout& layout, const SizeClassTable& table) {
  if (layout.size_bytes == 0) return 0;  // zero-size objects all share runtime.zerobase
  return SlotBytesForObject(table, layout.size_bytes, layout.HasPointers());
}

std::optional<StructLayoutFinding> AdviseStruct(TypeResolver& resolver, const NamedTypeRef& type,
                                                const SizeClassTable& table, std::string* problem) {
  const GoTypeDecl& decl = *type.decl;
  if (decl.has_type_params) {
    if (problem) *problem = "generic type (type parameters are not laid out)";
    return std::nullopt;
  }
  if (decl.type.kind != GoTypeExpr::Kind::kStruct) {
    if (problem) *problem = "not a struct type";
    return std::nullopt;
  }
  auto fields = resolver.ResolveFields(*type.package, *type.file, decl.type, problem);
  if (!fields) return std::nullopt;
  std::vector<TypeLayout> layouts;
  for (const auto& f : *fields) layouts.push_back(f.layout);
  auto advice = AdviseFieldOrder(layouts);
  if (!advice) {
    if (problem) *problem = "struct is too large";
    return std::nullopt;
  }
  StructLayoutFinding f;
  f.file = type.file->path;
  f.line = decl.line;
  f.column = decl.column;
  f.type_name = decl.name;
  f.qualified_name = type.QualifiedName();
  f.current_size_bytes = advice->current.layout.size_bytes;
  f.optimal_size_bytes = advice->optimal.layout.size_bytes;
  f.current_class_bytes = HeapSlotBytes(advice->current.layout, table);
  f.optimal_class_bytes = HeapSlotBytes(advice->optimal.layout, table);
  f.pointer_bytes = advice->current.layout.pointer_bytes;
  f.optimal_pointer_bytes = advice->optimal.layout.pointer_bytes;
  for (const auto& field : *fields) f.current_order.push_back(field.name);
  for (size_t i : advice->optimal_order) f.optimal_order.push_back((*fields)[i].name);
  return f;
}

StructLayoutScan ScanStructLayouts(const SourceTree& tree, TypeResolver& resolver, const SizeClassTable& table) {
  StructLayoutScan scan;
  std::vector<std::string> skipped;
  std::vector<std::string> generic;
  for (const auto& pkg : tree.packages()) {
    for (const auto& file : pkg->files) {
      for (const auto& decl : file.types) {
        if (decl.type.kind != GoTypeExpr::Kind::kStruct || decl.is_alias) continue;
        if (decl.has_type_params) {
          generic.push_back(fmt::format("{}:{}: {}", file.path, decl.line, decl.name));
          continue;
        }
        NamedTypeRef ref{pkg.get(), &file, &decl};
        std::string problem;
        auto finding = AdviseStruct(resolver, ref, table, &problem);
        if (!finding) {
          skipped.push_back(fmt::format("{}:{}: struct {}: {}", file.path, decl.line, decl.name, problem));
          continue;
        }
        ++scan.structs_checked;
        if (finding->ClassShrinks()) {
          scan.structs.push_back(std::move(*finding));
        } else if (finding->optimal_size_bytes < finding->current_size_bytes) {
          ++scan.same_class_reorders;
        }
      }
    }
  }
  std::stable_sort(scan.structs.begin(), scan.structs.end(), [](const auto& a, const auto& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  constexpr size_t kListed = 10;
  for (size_t i = 0; i < tree.notes().size() && i < kListed; ++i) scan.notes.push_back(tree.notes()[i]);
  if (tree.notes().size() > kListed)
    scan.notes.push_back(fmt::format("{} more problems reading files", tree.notes().size() - kListed));
  for (size_t i = 0; i < skipped.size() && i < kListed; ++i)
    scan.notes.push_back("skipped (layout unknown): " + skipped[i]);
  if (skipped.size() > kListed)
    scan.notes.push_back(fmt::format("skipped {} more structs whose layout is unknown", skipped.size() - kListed));
  if (!generic.empty()) {
    std::string list;
    for (size_t i = 0; i < generic.size() && i < kListed; ++i) list += (i ? ", " : "") + generic[i];
    if (generic.size() > kListed) list += fmt::format(" and {} more", generic.size() - kListed);
    scan.notes.push_back(fmt::format("skipped {} generic struct type{} (type parameters are not laid out): {}",
                                     generic.size(), generic.size() == 1 ? "" : "s", list));
  }
  if (scan.same_class_reorders > 0)
    scan.notes.push_back(fmt::format("{} more struct{} could shrink by reordering but would stay in the same size class",
                                     scan.same_class_reorders, scan.same_class_reorders == 1 ? "" : "s"));
  return scan;
}

}  // namespace heapdoc::gosource
