#include "analyzer/fleet/progress_meter.h"

#include <unistd.h>

#include <string>

#include <fmt/format.h>

namespace heapdoc {

namespace {
constexpr auto kQuietFor = std::chrono::milliseconds(500);
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr int kBarWidth = 30;
}  // namespace

ProgressMeter::ProgressMeter(std::FILE* out)
    : out_(out), enabled_(isatty(fileno(out)) != 0), start_(std::chrono::steady_clock::now()) {}

void ProgressMeter::Update(size_t done, size_t total) {
  if (!enabled_ || total == 0) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < kQuietFor) return;
  if (drawn_ && now - last_draw_ < kRedrawEvery && done < total) return;
  last_draw_ = now;
  drawn_ = true;
  int filled = static_cast<int>(kBarWidth * done / total);
  double seconds = std::chrono::duration<double>(now - start_).count();
  fmt::print(out_, "\r[{}{}] {}/{} profiles, {:.1f} s", std::string(filled, '#'), std::string(kBarWidth - filled, ' '),
             done, total, seconds);
  std::fflush(out_);
}

void ProgressMeter::Finish() {
  if (!drawn_) return;
  fmt::print(out_, "\r\033[K");
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace heapdoc
