#include "analyzer/readers/memstats_prometheus_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "analyzer/readers/memstats_fields.h"
#include "analyzer/readers/prometheus_reader.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

// 2^64 as a double: the first value that does not fit in uint64.
constexpr double kTwoTo64 = 18446744073709551616.0;

bool IsMemStatsMetric(const std::string& name) {
  if (name.starts_with("go_memstats_")) return true;
  return std::any_of(MemStatsFields().begin(), MemStatsFields().end(),
                     [&](const MemStatsField& f) { return f.metric && name == f.metric; });
}

// One series per metric: several (instances, jobs) would mix processes.
std::map<std::string, const PromSample*, std::less<>> OneSeriesPerMetric(const PromExposition& exposition,
                                                                         const std::string& source) {
  std::map<std::string, const PromSample*, std::less<>> series;
  for (const PromSample& s : exposition.samples) {
    if (!IsMemStatsMetric(s.name)) continue;
    auto [it, inserted] = series.emplace(s.name, &s);
    if (!inserted) {
      throw InputError(source, fmt::format(
          "line {}: a second {} series ({} and {} on line {}): the metrics of several processes; "
          "give heapdoc one process's /metrics",
          s.line, s.name, FormatPromLabels(s).empty() ? "no labels" : FormatPromLabels(s),
          FormatPromLabels(*it->second).empty() ? "no labels" : FormatPromLabels(*it->second),
          it->second->line));
    }
  }
  return series;
}

// A metric's value in the field's unit, checked for its type.
class MetricValue {
 public:
  MetricValue(const PromSample& sample, double scale, const std::string& source)
      : sample_(sample), value_(sample.value * scale), source_(source) {}

  void Set(uint64_t& out) const { out = U64(); }
  void Set(std::optional<uint64_t>& out) const { out = U64(); }
  void Set(std::optional<uint32_t>& out) const {
    uint64_t v = U64();
    if (v > std::numeric_limits<uint32_t>::max())
      throw InputError(source_, fmt::format("{} {} is larger than uint32", sample_.name, v));
    out = static_cast<uint32_t>(v);
  }
  void Set(std::optional<double>& out) const {
    if (!std::isfinite(value_)) throw InputError(source_, fmt::format("line {}: {} is {}", sample_.line, sample_.name, value_));
    out = value_;
  }
  void Set(std::optional<bool>& out) const { out = value_ != 0; }

 private:
  uint64_t U64() const {
    if (!std::isfinite(value_) || value_ < 0 || value_ >= kTwoTo64) {
      throw InputError(source_, fmt::format("line {}: {} is {}, expected a non-negative count below 2^64",
                                            sample_.line, sample_.name, value_));
    }
    return static_cast<uint64_t>(std::nearbyint(value_));
  }

  const PromSample& sample_;
  double value_;
  const std::string& source_;
};

}  // namespace

MemStats ParseMemStatsPrometheus(std::string_view text, const std::string& source) {
  PromExposition exposition = ParsePrometheusText(text, source);
  auto series = OneSeriesPerMetric(exposition, source);

  std::vector<std::string> missing;
  for (const MemStatsField& f : MemStatsFields())
    if (f.required && !series.contains(std::string_view(f.metric))) missing.push_back(f.metric);
  if (!missing.empty()) {
    bool any = std::any_of(series.begin(), series.end(),
                           [](const auto& kv) { return kv.first.starts_with("go_memstats_"); });
    throw InputError(source, fmt::format(
        "not runtime.MemStats: Prometheus metrics without {}{}", JoinFieldNames(missing),
        any ? "" : " (no go_memstats_* at all: not a Go service, or client_golang's Go collector is not "
                   "registered)"));
  }

  MemStats m;
  m.form = MemStatsForm::kPrometheus;
  m.origin = source;
  for (const MemStatsField& f : MemStatsFields()) {
    if (!f.metric) continue;
    auto it = series.find(std::string_view(f.metric));
    if (it == series.end()) continue;
    MetricValue value(*it->second, f.metric_scale, source);
    std::visit([&](auto slot) { value.Set(m.*slot); }, f.slot);
  }
  return m;
}

}  // namespace heapdoc
