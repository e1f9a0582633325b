// Heap-dump records into the object graph: pointer words read from object and root contents.
#include "analyzer/readers/dump_graph_builder.h"

namespace heapdoc {

uint64_t DumpGraphBuilder::Word(const std::string& bytes, uint64_t offset) const {
  uint64_t v = 0;
  for (uint64_t i = 0; i < pointer_size_; ++i) {
    uint64_t b = static_cast<uint8_t>(bytes[static_cast<size_t>(offset + i)]);
    v |= big_endian_ ? b << (8 * (pointer_size_ - 1 - i)) : b << (8 * i);
  }
  return v;
}

void DumpGraphBuilder::Object(uint64_t address, uint64_t size, const std::string& contents,
                              const std::vector<uint64_t>& pointer_offsets) {
  builder_.AddObject(address, size);
  if (contents.empty() && !pointer_offsets.empty()) {
    builder_.CountUnscannedObject();
    return;
  }
  for (uint64_t k : pointer_offsets) {
    if (k + pointer_size_ > contents.size()) continue;
    uint64_t p = Word(contents, k);
    if (p != 0) builder_.AddPointer(p);
  }
}

void DumpGraphBuilder::Segment(RootKind kind, uint64_t address, const std::string& contents,
                               const std::vector<uint64_t>& pointer_offsets) {
  for (uint64_t k : pointer_offsets) {
    if (k + pointer_size_ > contents.size()) continue;
    uint64_t p = Word(contents, k);
    if (p == 0) continue;
    uint32_t source = builder_.AddRootSource({kind, address + k, k, ""});
    builder_.AddRoot(source, p);
  }
}

void DumpGraphBuilder::Frame(std::string function, const std::string& contents,
                             const std::vector<uint64_t>& pointer_offsets) {
  int64_t source = -1;
  for (uint64_t k : pointer_offsets) {
    if (k + pointer_size_ > contents.size()) continue;
    uint64_t p = Word(contents, k);
    if (p == 0) continue;
    if (source < 0) source = builder_.AddRootSource({RootKind::kStackFrame, 0, 0, function});
    builder_.AddRoot(static_cast<uint32_t>(source), p);
  }
}

void DumpGraphBuilder::Finalizer(uint64_t object) {
  if (finalizer_source_ < 0)
    finalizer_source_ = static_cast<int32_t>(builder_.AddRootSource({RootKind::kFinalizer, 0, 0, "finalizer"}));
  builder_.AddRoot(static_cast<uint32_t>(finalizer_source_), object);
}

void DumpGraphBuilder::OtherRoot(std::string description, uint64_t pointer) {
  if (pointer == 0) return;
  builder_.AddRoot(builder_.AddRootSource({RootKind::kOther, 0, 0, std::move(description)}), pointer);
}

}  // namespace heapdoc
