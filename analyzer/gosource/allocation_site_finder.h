// Finds the allocation a heap profile's (file, line) points at in a SourceTree: &T{...}, new(T),
// make(...), []T{...}, map literals, T{...} composite literals (which allocate only if they
// escape) and append(s, ...). Line-level heuristics: a site whose type cannot be read with
// confidence is left out rather than guessed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/gosource/source_tree.h"
#include "analyzer/gosource/type_resolver.h"
#include "heapmodel/type_layout.h"

namespace heapdoc::gosource {

enum class AllocationKind {
  kAddressOfComposite,  // &T{...}
  kNew,                 // new(T)
  kMakeSlice,           // make([]T, n[, c]): a backing array of T
  kMakeMap,             // make(map[K]V[, n]) or map[K]V{...}: runtime map buckets
  kMakeChan,            // make(chan T[, n])
  kSliceLiteral,        // []T{...}
  kCompositeLiteral,    // T{...}: a heap allocation only when it escapes
  kAppend,              // append(s, ...): growth of s's backing array
};

std::string_view AllocationKindName(AllocationKind kind);  // "&T{}", "new", "make slice", ...

struct AllocationSite {
  AllocationKind kind = AllocationKind::kNew;
  std::string file;  // the source file's path in the tree
  int line = 0;
  int column = 0;
  // The object's type as written ("*"-free): "Order", "model.Item", "[]Item", "map[string]int".
  std::string type_name;
  // For slices (make, literal, append) and chans: the element type as written; else empty.
  std::string element_type_name;
  // The named type (the object's, or the element's for slices) when declared in the tree.
  std::optional<NamedTypeRef> named;
  // Layout of the object type (&T{}, new, T{}) or of one element (slices, chans); empty for maps
  // and unknown types (then `problem` says why).
  std::optional<TypeLayout> layout;
  bool layout_is_element = false;
  std::optional<uint64_t> element_count;  // make([]T, n, c) with a constant cap (or len)
  std::string problem;
};

class AllocationSiteFinder {
 public:
  AllocationSiteFinder(const SourceTree& tree, TypeResolver& resolver) : tree_(tree), resolver_(resolver) {}

  // Every allocation expression on `line` of the file the profile path names (longest path
  // suffix match), in source order; empty when the file is unknown or the line has none.
  std::vector<AllocationSite> FindAll(std::string_view profile_path, int line);
  // The allocation on the line when there is exactly one kind of object allocated there (all
  // candidates agree on the type); nullopt otherwise. Callers that know the profile's object
  // size can pick among FindAll's candidates instead.
  std::optional<AllocationSite> Find(std::string_view profile_path, int line);

 private:
  const SourceTree& tree_;
  TypeResolver& resolver_;
};

}  // namespace heapdoc::gosource
