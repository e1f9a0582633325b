// Object and byte counts of a heap profile record, with the arithmetic merging and diffing need.
#pragma once

#include <cstdint>

namespace heapdoc {

// No Go heap holds more bytes or objects than this (64 PiB; a long-lived process's allocation
// totals stay below too). Readers refuse larger figures, which would only overflow arithmetic.
inline constexpr int kMaxPlausibleCountLog2 = 56;
inline constexpr int64_t kMaxPlausibleCount = int64_t{1} << kMaxPlausibleCountLog2;

struct ObjectCounts {
  int64_t alloc_objects = 0;
  int64_t alloc_bytes = 0;
  int64_t live_objects = 0;
  int64_t live_bytes = 0;

  // Saturating: a hostile profile's values near 2^63 must not overflow (undefined behaviour).
  ObjectCounts& operator+=(const ObjectCounts& o) {
    Add(alloc_objects, o.alloc_objects);
    Add(alloc_bytes, o.alloc_bytes);
    Add(live_objects, o.live_objects);
    Add(live_bytes, o.live_bytes);
    return *this;
  }
  ObjectCounts& operator-=(const ObjectCounts& o) {
    Subtract(alloc_objects, o.alloc_objects);
    Subtract(alloc_bytes, o.alloc_bytes);
    Subtract(live_objects, o.live_objects);
    Subtract(live_bytes, o.live_bytes);
    return *this;
  }
  friend ObjectCounts operator+(ObjectCounts a, const ObjectCounts& b) { return a += b; }
  friend ObjectCounts operator-(ObjectCounts a, const ObjectCounts& b) { return a -= b; }
  bool operator==(const ObjectCounts&) const = default;

 private:
  static void Add(int64_t& a, int64_t b) {
    if (__builtin_add_overflow(a, b, &a)) a = b > 0 ? INT64_MAX : INT64_MIN;
  }
  static void Subtract(int64_t& a, int64_t b) {
    if (__builtin_sub_overflow(a, b, &a)) a = b < 0 ? INT64_MAX : INT64_MIN;
  }
};

// The order sites and their samples are ranked in: live bytes, then allocated bytes.
inline bool HeavierByLiveThenAllocBytes(const ObjectCounts& a, const ObjectCounts& b) {
  if (a.live_bytes != b.live_bytes) return a.live_bytes > b.live_bytes;
  return a.alloc_bytes > b.alloc_bytes;
}

// A count that may be negative in a delta profile, as an unsigned quantity (negative -> 0).
inline uint64_t Positive(int64_t v) { return v > 0 ? static_cast<uint64_t>(v) : 0; }

inline uint64_t CeilDiv(uint64_t a, uint64_t b) { return b ? (a + b - 1) / b : 0; }

}  // namespace heapdoc
