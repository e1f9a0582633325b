// The thresholds `heapdoc check` enforces, from flags and from a `.heapdoc.toml` file. Flags win
// over the file key by key. The file holds the same names as the flags, without the dashes:
//   max-fragmentation = "35%"      # or 0.35
//   max-external-waste = "64MiB"   # or a number of bytes
//   max-class-waste = "16MiB"
//   max-site-cost = "8MiB"
//   max-growth = "10%"             # with --baseline
//   min-growth = "1MiB"
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace heapdoc {

struct CheckThresholds {
  std::optional<double> max_fragmentation_ratio;   // (HeapInuse - HeapAlloc) / HeapInuse
  std::optional<uint64_t> max_external_waste_bytes;
  std::optional<uint64_t> max_class_waste_bytes;   // free-slot bytes of any one size class
  std::optional<uint64_t> max_site_cost_bytes;     // SiteRow::cost_bytes of any one site
  std::optional<double> max_growth_ratio;          // baseline mode: allowed relative growth
  std::optional<uint64_t> min_growth_bytes;        // baseline mode: growth below this is noise

  bool any_absolute() const {
    return max_fragmentation_ratio || max_external_waste_bytes || max_class_waste_bytes || max_site_cost_bytes;
  }
  // Fills every threshold this one lacks from `fallback`.
  void FillFrom(const CheckThresholds& fallback);
};

inline constexpr double kDefaultMaxGrowthRatio = 0.10;
inline constexpr uint64_t kDefaultMinGrowthBytes = 1ull << 20;
inline constexpr const char* kConfigFileName = ".heapdoc.toml";

// Parses TOML text (toml++); `source` names the file in errors. Unknown keys, wrong types and bad
// values are Errors (a CI gate must not silently ignore a misspelt limit). A `[check]` table may hold
// the keys instead of the top level.
CheckThresholds ParseCheckConfig(const std::string& toml_text, const std::string& source);

// Reads and parses a config file; throws Error when it cannot be read.
CheckThresholds ReadCheckConfigFile(const std::string& path);

}  // namespace heapdoc
