// A growable array of plain values in one malloc'd block that grows and shrinks with realloc. For
// the object graph's per-object and per-edge arrays (hundreds of MB for a large dump): glibc serves
// blocks that large with mmap and resizes them with mremap, moving page mappings instead of
// copying, so growing never holds the old and the new block at once (std::vector does, briefly:
// 3x the data at a doubling) and shrink_to_fit after an in-place compaction costs nothing.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

namespace heapdoc {

template <class T>
class CompactArray {
  static_assert(std::is_trivially_copyable_v<T>, "CompactArray holds plain values");

 public:
  CompactArray() = default;
  CompactArray(const CompactArray&) = delete;
  CompactArray& operator=(const CompactArray&) = delete;
  CompactArray(CompactArray&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)), capacity_(std::exchange(o.capacity_, 0)) {}
  CompactArray& operator=(CompactArray&& o) noexcept {
    if (this != &o) {
      std::free(data_);
      data_ = std::exchange(o.data_, nullptr);
      size_ = std::exchange(o.size_, 0);
      capacity_ = std::exchange(o.capacity_, 0);
    }
    return *this;
  }
  ~CompactArray() { std::free(data_); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  void push_back(T v) {
    if (size_ == capacity_) Reallocate(capacity_ < 1024 ? 1024 : capacity_ + capacity_ / 2);
    data_[size_++] = v;
  }
  // Keeps the first n values (n <= size()).
  void truncate(size_t n) { size_ = n < size_ ? n : size_; }
  // Grows to n values, the new ones `fill`.
  void resize(size_t n, T fill) {
    if (n > capacity_) Reallocate(n);
    for (size_t i = size_; i < n; ++i) data_[i] = fill;
    size_ = n;
  }
  void shrink_to_fit() {
    if (size_ < capacity_) Reallocate(size_);
  }
  void clear_and_free() {
    std::free(data_);
    data_ = nullptr;
    size_ = capacity_ = 0;
  }

 private:
  void Reallocate(size_t capacity) {
    if (capacity == 0) {
      clear_and_free();
      return;
    }
    void* p = std::realloc(data_, capacity * sizeof(T));
    if (!p) throw std::bad_alloc();
    data_ = static_cast<T*>(p);
    capacity_ = capacity;
  }

  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace heapdoc
