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

}  // namespace heapdoc
