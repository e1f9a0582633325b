// Object and byte counts of a heap profile record, with the arithmetic merging and diffing need.
#pragma once

#include <cstdint>

namespace heapdoc {

struct ObjectCounts {
  int64_t alloc_objects = 0;
  int64_t alloc_bytes = 0;
  int64_t live_objects = 0;
  int64_t live_bytes = 0;

  ObjectCounts& operator+=(const ObjectCounts& o) {
    alloc_objects += o.alloc_objects;
    alloc_bytes += o.alloc_bytes;
    live_objects += o.live_objects;
    live_bytes += o.live_bytes;
    return *this;
  }
  ObjectCounts& operator-=(const ObjectCounts& o) {
    alloc_objects -= o.alloc_objects;
    alloc_bytes -= o.alloc_bytes;
    live_objects -= o.live_objects;
    live_bytes -= o.live_bytes;
    return *this;
  }
  friend ObjectCounts operator+(ObjectCounts a, const ObjectCounts& b) { return a += b; }
  friend ObjectCounts operator-(ObjectCounts a, const ObjectCounts& b) { return a -= b; }
  bool operator==(const ObjectCounts&) const = default;
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
