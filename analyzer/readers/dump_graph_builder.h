// Feeds the records of a streamed heap dump into an ObjectGraphBuilder (heapmodel/object_graph.h):
// objects with the pointer words at their pointer fields, and the root records (data, bss,
// goroutine frames, finalizers, other roots), as runtime/heapdump.go writes them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapmodel/object_graph.h"

namespace heapdoc {

// Largest object whose contents are read for pointers; larger ones are counted unscanned.
inline constexpr uint64_t kMaxGraphObjectBytes = 64ull << 20;
// Object graph bounds (ids and edge offsets are 32-bit): 256 Mi objects (an 8 GiB heap of 32 B
// objects) and 1 Gi pointers (8 GiB while streaming); a dump beyond them is refused clearly.
inline constexpr uint64_t kMaxGraphObjects = 1ull << 28;
inline constexpr uint64_t kMaxGraphEdges = 1ull << 30;

class DumpGraphBuilder {
 public:
  DumpGraphBuilder(bool big_endian, uint64_t pointer_size)
      : builder_(kMaxGraphObjects, kMaxGraphEdges), big_endian_(big_endian), pointer_size_(pointer_size) {}
  void set_layout(bool big_endian, uint64_t pointer_size, uint64_t arena_start, uint64_t arena_end) {
    big_endian_ = big_endian;
    pointer_size_ = pointer_size;
    builder_.SetHeapArena(arena_start, arena_end);
  }

  // The spans objects are listed in (heap_dump_reader's SpanBuilder), and the reserved-tail
  // "objects" at a span's end, which are no objects.
  void StartSpan(uint64_t base_address, uint64_t slot_bytes) { builder_.StartSpan(base_address, slot_bytes); }
  void DropLastObjects(uint64_t n) { builder_.DropLastObjects(n); }
  // `contents` is empty when the object was too large to read.
  void Object(uint64_t address, uint64_t size, const std::string& contents, const std::vector<uint64_t>& pointer_offsets);
  void Segment(RootKind kind, uint64_t address, const std::string& contents, const std::vector<uint64_t>& pointer_offsets);
  void Frame(std::string function, const std::string& contents, const std::vector<uint64_t>& pointer_offsets);
  void Finalizer(uint64_t object);
  void OtherRoot(std::string description, uint64_t pointer);

  ObjectGraph Finish() && { return std::move(builder_).Finish(); }

 private:
  uint64_t Word(const std::string& bytes, uint64_t offset) const;

  ObjectGraphBuilder builder_;
  bool big_endian_;
  uint64_t pointer_size_;
  int32_t finalizer_source_ = -1;
};

}  // namespace heapdoc
