// runtime.MemStats field by field, written once: each field's Go name (the JSON key and the name
// in a ?debug=1 profile's trailer), client_golang's metric for it, and where it goes in MemStats.
// The JSON, trailer and Prometheus readers all map through this table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "heapmodel/memstats.h"

namespace heapdoc {

// Where a field's value goes; its type says how it is parsed.
using MemStatsSlot = std::variant<uint64_t MemStats::*, std::optional<uint64_t> MemStats::*,
                                  std::optional<uint32_t> MemStats::*, std::optional<double> MemStats::*,
                                  std::optional<bool> MemStats::*>;

struct MemStatsField {
  const char* go_name;           // "HeapAlloc"
  const char* metric;            // "go_memstats_heap_alloc_bytes"; nullptr when Prometheus has none
  double metric_scale;           // the metric's unit to the field's (seconds -> nanoseconds: 1e9)
  bool required;                 // every form has it; without it there is nothing to analyse
  MemStatsSlot slot;
};

// The scalar fields (the arrays PauseNs, PauseEnd and BySize are read by each form apart).
const std::vector<MemStatsField>& MemStatsFields();

// The field named `go_name`, or nullptr.
const MemStatsField* FindMemStatsField(std::string_view go_name);

// Messages shared by the forms.
std::string JoinFieldNames(const std::vector<std::string>& names);
std::string MissingFieldsProblem(const std::vector<std::string>& missing);  // "not runtime.MemStats: no X field"
std::string Excerpt(std::string_view text, size_t max = 40);

}  // namespace heapdoc
