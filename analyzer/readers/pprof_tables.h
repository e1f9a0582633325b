// The tables a pprof profile is resolved through, stored compactly: its string table, and the
// index from pprof ids (functions, mappings, locations) to positions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace heapdoc {

// The string table, stored compactly: one buffer and an end offset per string (a std::string per
// entry cost 32 bytes even for an empty one: 4x10^7 one-byte strings, 117 KB gzipped, took 2 GB).
class StringTable {
 public:
  // A Go heap profile names a few hundred thousand functions and files at the most.
  static constexpr size_t kMaxStrings = size_t{1} << 22;
  static constexpr size_t kMaxBytes = size_t{64} << 20;

  // false when a limit would be passed.
  bool Add(std::string_view s) {
    if (ends_.size() >= kMaxStrings || bytes_.size() + s.size() > kMaxBytes) return false;
    bytes_.append(s);
    ends_.push_back(static_cast<uint32_t>(bytes_.size()));
    return true;
  }
  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](size_t i) const {
    uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }

 private:
  std::string bytes_;
  std::vector<uint32_t> ends_;
};

// Maps pprof ids (arbitrary uint64) to dense indices; dense 1..N ids take the fast path.
class IdIndex {
 public:
  void Reserve(size_t n) { sparse_.reserve(n); }
  // Returns false on a duplicate id.
  bool Add(uint64_t id, uint32_t index) {
    if (id == index + 1 && !use_sparse_) return true;  // dense so far
    if (!use_sparse_) {
      use_sparse_ = true;
      for (uint32_t i = 0; i < index; ++i) sparse_.emplace(i + 1, i);
    }
    return sparse_.emplace(id, index).second;
  }
  void Finish(size_t count) { count_ = count; }
  // -1 when the id is unknown.
  int64_t Find(uint64_t id) const {
    if (!use_sparse_) return (id >= 1 && id <= count_) ? static_cast<int64_t>(id - 1) : -1;
    auto it = sparse_.find(id);
    if (it == sparse_.end()) return -1;  // (not `?:`, which would make -1 an unsigned 2^32-1)
    return it->second;
  }

 private:
  bool use_sparse_ = false;
  size_t count_ = 0;
  std::unordered_map<uint64_t, uint32_t> sparse_;
};

}  // namespace heapdoc
