// The heap-dump reader's cursor: uvarints, strings, ranges and field lists read through one fixed
// buffer from a ByteStream, each accessor throwing InputError (naming the record) on truncation or
// absurd lengths. Used by heap_dump_reader.cc only.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "analyzer/readers/byte_stream.h"
#include "heapmodel/error.h"

namespace heapdoc::dump {

inline constexpr size_t kBufferBytes = 1 << 20;
// The largest memory range the runtime could write (a 48-bit address space).
inline constexpr uint64_t kMaxRangeBytes = 1ull << 48;
// Pointer fields of one object kept by FieldList (the rest are read and dropped).
inline constexpr size_t kMaxScannedPointers = 8192;

inline const char* RecordName(uint64_t tag) {
  static constexpr const char* kNames[] = {
      "end",         "object",           "other root",   "type",        "goroutine",
      "stack frame", "params",           "finalizer",    "itab",        "OS thread",
      "memstats",    "queued finalizer", "data segment", "bss segment", "defer",
      "panic",       "memprof bucket",   "alloc sample"};
  return tag < std::size(kNames) ? kNames[tag] : "unknown";
}

// Reads the dump through one buffer; every accessor throws InputError on truncation.
class DumpCursor {
 public:
  explicit DumpCursor(ByteStream& stream) : stream_(stream), buffer_(kBufferBytes) {
    pos_ = end_ = begin();
  }

  const std::string& source() const { return stream_.source(); }
  uint64_t offset() const { return consumed_ + static_cast<uint64_t>(pos_ - begin()); }
  void set_record(uint64_t tag, uint64_t offset) {
    record_tag_ = tag;
    record_offset_ = offset;
  }

  [[noreturn]] void Fail(const std::string& problem) const {
    throw InputError(source(), fmt::format("{} (in the {} record at byte {}; bad heap dump)",
                                           problem, RecordName(record_tag_), record_offset_));
  }
  [[noreturn]] void Truncated() const {
    throw InputError(
        source(), fmt::format("truncated heap dump: the data ends at byte {} inside the {} record "
                              "that starts at byte {}",
                              offset(), RecordName(record_tag_), record_offset_));
  }

  // Fills the buffer with up to `want` bytes; returns how many are available (fewer only at EOF).
  size_t Fill(size_t want) {
    size_t avail = static_cast<size_t>(end_ - pos_);
    if (avail >= want || eof_) return avail;
    // Keep the unread tail, move it to the front.
    consumed_ += static_cast<uint64_t>(pos_ - begin());
    std::memmove(begin(), pos_, avail);
    pos_ = begin();
    end_ = begin() + avail;
    while (static_cast<size_t>(end_ - pos_) < want) {
      // pos_ is at the buffer's start, so `avail` bytes of it are in use.
      size_t n = stream_.Read(reinterpret_cast<char*>(end_), buffer_.size() - avail);
      if (n == 0) {
        eof_ = true;
        break;
      }
      end_ += n;
      avail += n;
    }
    return avail;
  }

  bool AtEnd() { return Fill(1) == 0; }

  uint64_t Uvarint() {
    if (end_ - pos_ >= 10) [[likely]] {
      uint8_t* p = pos_;
      uint64_t b = *p++;
      if (b < 0x80) {
        pos_ = p;
        return b;
      }
      uint64_t v = b & 0x7f;
      for (int shift = 7; shift < 70; shift += 7) {
        b = *p++;
        if (b < 0x80) {
          if (shift == 63 && b > 1) Fail("a varint overflows 64 bits");
          pos_ = p;
          return v | (b << shift);
        }
        v |= (b & 0x7f) << shift;
      }
      Fail("a varint is longer than 10 bytes");
    }
    return SlowUvarint();
  }

  bool Bool() {
    uint64_t v = Uvarint();
    if (v > 1) Fail(fmt::format("a boolean field holds {}", v));
    return v != 0;
  }

  // Skips a length-prefixed range (object contents, frames, segments); returns its length.
  uint64_t SkipRange() {
    uint64_t n = Uvarint();
    if (n > kMaxRangeBytes) Fail(fmt::format("a memory range claims {} bytes", n));
    Skip(n);
    return n;
  }

  // Reads a length-prefixed range into `out` when it is at most `max_keep` bytes (else skips it and
  // leaves `out` empty); returns its length.
  uint64_t RangeInto(std::string& out, uint64_t max_keep) {
    uint64_t n = Uvarint();
    if (n > kMaxRangeBytes) Fail(fmt::format("a memory range claims {} bytes", n));
    out.clear();
    if (n > max_keep) {
      Skip(n);
      return n;
    }
    out.resize(static_cast<size_t>(n));
    if (!ReadExact(out.data(), static_cast<size_t>(n))) Truncated();
    return n;
  }

  std::string String(uint64_t max_bytes) {
    uint64_t n = Uvarint();
    if (n > max_bytes)
      Fail(fmt::format("a string claims {} bytes, over the {} byte limit", n, max_bytes));
    std::string out;
    out.reserve(std::min<uint64_t>(n, kBufferBytes));
    while (n > 0) {
      size_t avail = Fill(1);
      if (avail == 0) Truncated();
      size_t take = static_cast<size_t>(std::min<uint64_t>(n, avail));
      out.append(reinterpret_cast<const char*>(pos_), take);
      pos_ += take;
      n -= take;
    }
    return out;
  }

  // Reads a field list ((kind, offset) pairs ended by kind 0); true when it names any field.
  // Offsets of plain pointers (kind 1) go to `pointer_offsets` when given.
  bool FieldList(std::vector<uint64_t>* pointer_offsets = nullptr, size_t max_pointers = kMaxScannedPointers) {
    bool any = false;
    for (;;) {
      uint64_t kind = Uvarint();
      if (kind == 0) return any;
      if (kind > 3) Fail(fmt::format("a field list has kind {} (only 1..3 exist)", kind));
      uint64_t offset = Uvarint();
      if (pointer_offsets && kind == 1 && pointer_offsets->size() < max_pointers) pointer_offsets->push_back(offset);
      any = true;
    }
  }

  void Skip(uint64_t n) {
    size_t avail = static_cast<size_t>(end_ - pos_);
    if (n <= avail) {
      pos_ += n;
      return;
    }
    n -= avail;
    pos_ = end_;
    while (n > 0) {
      // Discard whole buffers without keeping anything.
      consumed_ += static_cast<uint64_t>(end_ - begin());
      pos_ = end_ = begin();
      if (eof_) Truncated();
      size_t got = stream_.Read(reinterpret_cast<char*>(begin()), buffer_.size());
      if (got == 0) {
        eof_ = true;
        Truncated();
      }
      end_ = begin() + got;
      size_t take = static_cast<size_t>(std::min<uint64_t>(n, got));
      pos_ += take;
      n -= take;
    }
  }

  // Reads exactly `n` bytes into `out`; false if the data ends first.
  bool ReadExact(char* out, size_t n) {
    // Ranges larger than the buffer (big objects, when the object graph is built) pass through it
    // one buffer at a time.
    while (n > 0) {
      size_t avail = Fill(std::min(n, buffer_.size()));
      if (avail == 0) return false;
      size_t take = std::min(n, avail);
      std::memcpy(out, pos_, take);
      pos_ += take;
      out += take;
      n -= take;
    }
    return true;
  }

 private:
  uint8_t* begin() { return reinterpret_cast<uint8_t*>(buffer_.data()); }
  const uint8_t* begin() const { return reinterpret_cast<const uint8_t*>(buffer_.data()); }

  uint64_t SlowUvarint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos_ == end_ && Fill(1) == 0) Truncated();
      uint64_t b = *pos_++;
      if (b < 0x80) {
        if (shift == 63 && b > 1) Fail("a varint overflows 64 bits");
        return v | (b << shift);
      }
      v |= (b & 0x7f) << shift;
    }
    Fail("a varint is longer than 10 bytes");
  }

  ByteStream& stream_;
  std::vector<char> buffer_;
  uint8_t* pos_ = nullptr;
  uint8_t* end_ = nullptr;
  uint64_t consumed_ = 0;  // bytes before begin()
  bool eof_ = false;
  uint64_t record_tag_ = 0;
  uint64_t record_offset_ = 0;
};


}  // namespace heapdoc::dump
