// Helpers over the objects of a streamed heap dump: the span holding an address, and the words
// of an object's contents.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "heapmodel/heap_dump.h"

namespace heapdoc::dump {

// Finds the span holding an address (spans are listed in mheap order, not by address).
class SpanIndex {
 public:
  explicit SpanIndex(const HeapDump& dump) : dump_(dump), by_base_(dump.spans.size()) {
    for (uint32_t i = 0; i < by_base_.size(); ++i) by_base_[i] = i;
    std::sort(by_base_.begin(), by_base_.end(),
              [&](uint32_t a, uint32_t b) { return dump.spans[a].base_address < dump.spans[b].base_address; });
  }
  // The index in dump.spans of the span whose bytes hold `address`; kNone when none does.
  uint32_t Holding(uint64_t address) const {
    auto it = std::upper_bound(by_base_.begin(), by_base_.end(), address,
                               [&](uint64_t addr, uint32_t s) { return addr < dump_.spans[s].base_address; });
    if (it == by_base_.begin()) return DumpAllocSample::kNone;
    const DumpSpan& span = dump_.spans[*(it - 1)];
    return address < span.base_address + span.span_bytes ? *(it - 1) : DumpAllocSample::kNone;
  }

 private:
  const HeapDump& dump_;
  std::vector<uint32_t> by_base_;
};

// The 8-byte word at `offset` of `bytes`; the caller checks offset + 8 <= bytes.size().
inline uint64_t LoadWord(const std::string& bytes, uint64_t offset, bool big_endian) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) {
    uint64_t b = static_cast<uint8_t>(bytes[static_cast<size_t>(offset) + static_cast<size_t>(i)]);
    v |= big_endian ? b << (8 * (7 - i)) : b << (8 * i);
  }
  return v;
}

}  // namespace heapdoc::dump
