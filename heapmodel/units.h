// Human units for reports: 1.5 MiB, 12,345, 42.0 %.
#pragma once

#include <cstdint>
#include <string>

namespace heapdoc {

std::string FormatBytes(int64_t bytes);    // "512 B", "1.5 KiB", "12.3 MiB", "-2.0 GiB"
std::string FormatCount(int64_t count);    // "1,234,567"
std::string FormatPercent(double ratio);   // 0.4213 -> "42.1 %"
std::string FormatRatio(double ratio);     // 12.5 -> "12.5x"
std::string FormatTimeNanos(int64_t unix_nanos);  // ISO 8601 UTC, "" for 0

}  // namespace heapdoc
