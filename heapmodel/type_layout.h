// Memory layout of Go types as the gc compiler lays them out on 64-bit targets (amd64, arm64):
// size, alignment, pointer bytes (ptrdata), struct field offsets, and the field order that Go's
// fieldalignment analyzer calls optimal. Pure computation: FACTS.md "Go type layout".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace heapdoc {

inline constexpr uint64_t kGoWordBytes = 8;  // amd64 and arm64: word size and maximum alignment
// Larger types are treated as invalid (the compiler rejects them long before this).
inline constexpr uint64_t kMaxTypeBytes = uint64_t{1} << 48;

struct TypeLayout {
  uint64_t size_bytes = 0;
  uint64_t align_bytes = 1;
  uint64_t pointer_bytes = 0;  // ptrdata: the prefix of the object the GC must scan

  bool HasPointers() const { return pointer_bytes != 0; }
  bool operator==(const TypeLayout&) const = default;
};

// Layouts of the predeclared types by name: bool, int8..uint64, int, uint, uintptr, byte, rune,
// float32/64, complex64/128, string, error, any. nullopt for any other name.
std::optional<TypeLayout> PredeclaredTypeLayout(std::string_view name);
TypeLayout PointerLikeLayout();  // *T, map, chan, func, unsafe.Pointer: one pointer word
TypeLayout StringLayout();       // {ptr, len}
TypeLayout SliceLayout();        // {ptr, len, cap}
TypeLayout InterfaceLayout();    // {type/itab, data}: both words are pointers
// [length]elem; nullopt when the array would exceed kMaxTypeBytes.
std::optional<TypeLayout> ArrayLayout(const TypeLayout& elem, uint64_t length);

// The standard-library types of FACTS.md's table (e.g. ("time", "Time") -> 24/8, ptrdata 24),
// plus common interfaces (io.Reader, net.Conn, ...: 16/8) and named slices and maps (net.IP,
// http.Header), keyed by import path and name. nullopt for a type heapdoc has no layout for.
std::optional<TypeLayout> StandardLibraryTypeLayout(std::string_view import_path, std::string_view name);

struct StructLayout {
  TypeLayout layout;
  std::vector<uint64_t> field_offsets_bytes;  // one per field, in the order given
};

// Lays out fields in the order given: each at a multiple of its alignment, a trailing zero-size
// field in a non-empty struct takes one byte, and the size is rounded up to the largest alignment.
// nullopt when the struct would exceed kMaxTypeBytes.
std::optional<StructLayout> LayOutStruct(std::span<const TypeLayout> fields);

// fieldalignment's optimalOrder (golang.org/x/tools go/analysis/passes/fieldalignment): indexes of
// `fields` sorted by zero size first, then alignment descending, then pointerful before
// pointer-free, then (both pointerful) fewer trailing non-pointer bytes, then size descending.
// Ties keep declaration order (a stable sort; Go's sort.Slice only guarantees that up to 12
// fields, so beyond that the order of tied fields can differ from fieldalignment's, never the
// resulting size or pointer bytes).
std::vector<size_t> OptimalFieldOrder(std::span<const TypeLayout> fields);

struct FieldOrderAdvice {
  StructLayout current;
  StructLayout optimal;
  std::vector<size_t> optimal_order;  // indexes into the declared fields

  bool SizeShrinks() const { return optimal.layout.size_bytes < current.layout.size_bytes; }
  bool PointerBytesShrink() const { return optimal.layout.pointer_bytes < current.layout.pointer_bytes; }
};

// The current and optimal layout of a struct's fields; nullopt when too large.
std::optional<FieldOrderAdvice> AdviseFieldOrder(std::span<const TypeLayout> fields);

}  // namespace heapdoc
