// A one-line progress bar on a terminal for long fleet runs: silent when the stream is not a
// terminal, and until the work has taken half a second (short runs never flicker).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>

namespace heapdoc {

class ProgressMeter {
 public:
  explicit ProgressMeter(std::FILE* out);
  ~ProgressMeter() { Finish(); }
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  void Update(size_t done, size_t total);  // not thread-safe: callers serialize
  void Finish();                           // erases the bar if one was drawn

 private:
  std::FILE* out_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace heapdoc
