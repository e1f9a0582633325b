// Strict parsing of the figures a user writes in check thresholds: byte sizes ("64MiB", "1.5GB",
// "512KiB", "1048576") and ratios ("0.35", "35%"). Anything else is an Error naming the option.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace heapdoc {

// Decimal (KB, MB, GB, TB: powers of 1000) and binary (KiB, MiB, GiB, TiB: powers of 1024) units,
// case-insensitive, optional space before the unit, "B" or no unit for bytes. A fraction must give
// a whole number of bytes ("1.5KiB" = 1536; "1.5" or "0.3B" is refused). `what` names the option.
uint64_t ParseByteSize(std::string_view text, const std::string& what);

// "0.35", "35%" or "35 %"; must lie in [0, max_ratio].
double ParseRatio(std::string_view text, const std::string& what, double max_ratio);

}  // namespace heapdoc
