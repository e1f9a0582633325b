// Go's size-class table (runtime/sizeclasses.go; internal/runtime/gc/sizeclasses.go from Go 1.24)
// as data, with the per-version span layout: how many slots a span of a class really has.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "heapmodel/go_version.h"

namespace heapdoc {

inline constexpr uint64_t kPageBytes = 8192;
inline constexpr uint64_t kMaxSmallSizeBytes = 32768;
inline constexpr uint64_t kTinyBlockBytes = 16;

enum class SpanKind { kNoScan, kScan };  // pointer-free or pointerful objects

struct SizeClass {
  int class_id = 0;            // 1..67 (1..66 before Go 1.16); 0 is "large"
  uint64_t slot_bytes = 0;     // bytes/obj
  uint64_t span_bytes = 0;     // bytes/span (pages x 8192)
  uint64_t objects_per_span = 0;  // span_bytes / slot_bytes, with nothing reserved in the span
  uint64_t tail_bytes = 0;     // span_bytes - objects_per_span * slot_bytes
};

class SizeClassTable {
 public:
  // The table for a Go release: 1.16+ has the 24 B class; 1.13-1.15 do not.
  static const SizeClassTable& For(GoVersion version);

  GoVersion version() const { return version_; }
  SpanLayoutFeatures features() const { return features_; }
  std::span<const SizeClass> classes() const { return {classes_, count_}; }

  // The class whose slot is exactly `slot_bytes` (a profile's `bytes` label); nullopt when no
  // class has that slot size (a large object, or a size another Go version would have).
  const SizeClass* ClassForSlot(uint64_t slot_bytes) const;
  // The class a request of `size_bytes` lands in (smallest slot >= size); nullptr when large.
  const SizeClass* ClassForRequest(uint64_t size_bytes) const;
  const SizeClass* ClassById(int class_id) const;

  // Slots per span for this class and span kind, after what the Go version reserves in the span
  // (1.22+: a pointer bitmap in scan spans <= 512 B; 1.26 Green Tea: inline mark bits 16..512 B).
  uint64_t SlotsPerSpan(const SizeClass& c, SpanKind kind) const;
  uint64_t ReservedBytesPerSpan(const SizeClass& c, SpanKind kind) const;

 private:
  SizeClassTable(GoVersion version, const SizeClass* classes, size_t count);
  GoVersion version_;
  SpanLayoutFeatures features_;
  const SizeClass* classes_;
  size_t count_;
};

// Bytes a large object (> 32 KiB) of `slot_bytes` occupies: its own span, rounded up to pages.
inline uint64_t LargeObjectSpanBytes(uint64_t size_bytes) {
  return (size_bytes + kPageBytes - 1) / kPageBytes * kPageBytes;
}

// Slot size for an object of `size_bytes` as Go allocates it, including the 8 B malloc header
// that Go 1.22+ adds to pointerful objects > 512 B (and <= 32760 B).
uint64_t SlotBytesForObject(const SizeClassTable& table, uint64_t size_bytes, bool has_pointers);

}  // namespace heapdoc
