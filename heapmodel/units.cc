#include "heapmodel/units.h"

#include <cmath>
#include <ctime>

#include <fmt/format.h>

namespace heapdoc {

std::string FormatBytes(int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = std::fabs(static_cast<double>(bytes));
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  const char* sign = bytes < 0 ? "-" : "";
  if (u == 0) return fmt::format("{}{} B", sign, static_cast<int64_t>(v));
  return fmt::format("{}{:.{}f} {}", sign, v, v < 10 ? 2 : 1, units[u]);
}

std::string FormatCount(int64_t count) {
  std::string digits = std::to_string(count < 0 ? -count : count);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return count < 0 ? "-" + out : out;
}

std::string FormatPercent(double ratio) { return fmt::format("{:.1f} %", ratio * 100); }

std::string FormatRatio(double ratio) {
  if (ratio >= 100) return FormatCount(static_cast<int64_t>(std::llround(ratio))) + "x";
  return fmt::format("{:.1f}x", ratio);
}

std::string FormatTimeNanos(int64_t unix_nanos) {
  if (unix_nanos <= 0) return "";
  std::time_t secs = static_cast<std::time_t>(unix_nanos / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace heapdoc
