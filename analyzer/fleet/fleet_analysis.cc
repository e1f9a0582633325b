#include "analyzer/fleet/fleet_analysis.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <new>
#include <thread>
#include <tuple>

#include "heapmodel/error.h"

namespace heapdoc {
namespace {

int Severity(const FleetProfileRow& row) {
  switch (row.verdict) {
    case Verdict::kDangerous: return 3;
    case Verdict::kWatch: return 2;
    case Verdict::kUnknown: return 1;
    case Verdict::kHealthy: return 0;
  }
  return 1;
}

std::optional<FleetWorstClass> WorstClass(const AnalysisReport& report) {
  std::optional<FleetWorstClass> worst;
  if (report.model.basis != ModelBasis::kProfileOnly) {
    for (const ClassModel& c : report.model.classes) {
      if (c.free_slot_bytes == 0 || (worst && worst->free_slot_bytes >= c.free_slot_bytes)) continue;
      worst = FleetWorstClass{c.class_id, c.slot_bytes, true, c.free_slot_bytes, static_cast<int64_t>(c.live_bytes)};
    }
    if (worst) return worst;
  }
  for (const ClassRow& c : report.breakdown.classes) {
    if (c.counts.live_bytes <= 0 || (worst && worst->live_bytes >= c.counts.live_bytes)) continue;
    worst = FleetWorstClass{c.class_id, c.slot_bytes, false, 0, c.counts.live_bytes};
  }
  return worst;
}

// Analyzes one input; a result or an error, never an exception.
struct Outcome {
  std::optional<FleetProfileRow> row;
  std::optional<FleetError> error;
  bool skipped = false;
  std::vector<std::string> saved_files;
};

Outcome AnalyzeOne(const FleetInput& input, const FleetOptions& options) {
  Outcome out;
  const std::string shown = RedactUrl(input.name);  // a URL's password is never shown
  try {
    if (input.from_directory && PlainlyNotAProfile(input.name)) {
      out.skipped = true;
      return out;
    }
    LoadedInput loaded = LoadHeapInput({.input = input.name, .memstats_beside = true}, options.load);
    out.saved_files = std::move(loaded.saved_files);
    AnalysisReport report = Analyze(std::move(loaded.snapshot), options.analysis);
    out.row = SummarizeForFleet(report);
    out.row->source = shown;
  } catch (const Error& e) {
    std::string message = e.what();
    std::string prefix = shown + ": ";
    if (message.starts_with(prefix)) message.erase(0, prefix.size());
    out.error = FleetError{shown, message};
  } catch (const std::bad_alloc&) {
    out.error = FleetError{shown, "out of memory"};
  } catch (const std::exception& e) {
    out.error = FleetError{shown, std::string("internal error (a bug in heapdoc): ") + e.what()};
  }
  return out;
}

void FindRecurring(FleetReport& fleet) {
  std::map<uint64_t, RecurringClass> classes;  // by slot size: class ids differ between Go releases
  std::map<std::string, RecurringSite> sites;  // by function: lines move between builds
  for (const FleetProfileRow& row : fleet.rows) {
    if (row.worst_class) {
      RecurringClass& c = classes[row.worst_class->slot_bytes];
      c.class_id = row.worst_class->class_id;
      c.slot_bytes = row.worst_class->slot_bytes;
      c.profiles++;
      c.live_bytes += row.worst_class->live_bytes;
      c.free_slot_bytes += row.worst_class->free_slot_bytes;
    }
    if (row.worst_site) {
      RecurringSite& s = sites[row.worst_site->function];
      if (s.profiles == 0) {
        s.function = row.worst_site->function;
        s.file = row.worst_site->file;
        s.line = row.worst_site->line;
      }
      s.profiles++;
      s.live_bytes += row.worst_site->live_bytes;
    }
  }
  for (auto& [key, c] : classes)
    if (c.profiles >= 2) fleet.recurring_classes.push_back(c);
  for (auto& [key, s] : sites)
    if (s.profiles >= 2) fleet.recurring_sites.push_back(s);
  std::stable_sort(fleet.recurring_classes.begin(), fleet.recurring_classes.end(), [](const auto& a, const auto& b) {
    return std::tie(a.profiles, a.free_slot_bytes, a.live_bytes) > std::tie(b.profiles, b.free_slot_bytes, b.live_bytes);
  });
  std::stable_sort(fleet.recurring_sites.begin(), fleet.recurring_sites.end(), [](const auto& a, const auto& b) {
    return std::tie(a.profiles, a.live_bytes) > std::tie(b.profiles, b.live_bytes);
  });
}

}  // namespace

FleetProfileRow SummarizeForFleet(const AnalysisReport& report) {
  FleetProfileRow row;
  const ProfileInfo& p = report.snapshot.profile;
  row.source = report.snapshot.source;
  row.format = p.format == InputFormat::kPprofProto ? "pprof" : p.format == InputFormat::kLegacyText ? "text" : "heapdump";
  row.go_version = report.go_version.version.ToString();
  const Diagnosis& d = report.diagnosis;
  row.verdict = d.verdict;
  row.has_memstats = d.has_memstats;
  if (d.has_memstats) {
    row.fragmentation_ratio = d.fragmentation_ratio;
    row.heap_inuse_bytes = d.heap_inuse_bytes;
  }
  row.live_bytes = report.breakdown.totals.live_bytes;
  row.live_objects = report.breakdown.totals.live_objects;
  row.alloc_bytes = report.breakdown.totals.alloc_bytes;
  for (const ClassRow& c : report.breakdown.classes) row.min_span_bytes += c.min_span_bytes;
  row.span_bytes = report.model.span_bytes;
  if (report.model.basis != ModelBasis::kProfileOnly) row.free_slot_bytes = report.model.free_slot_bytes;
  row.worst_class = WorstClass(report);
  if (!report.breakdown.sites.empty()) {
    const SiteRow& s = report.breakdown.sites.front();  // the analysis' own ranking
    row.worst_site = FleetWorstSite{s.function, s.file, s.line, s.slot_bytes, s.counts.live_bytes, s.counts.alloc_bytes,
                                    s.cost_bytes};
  }
  return row;
}

void RankFleetRows(std::vector<FleetProfileRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const FleetProfileRow& a, const FleetProfileRow& b) {
    auto key = [](const FleetProfileRow& r) {
      return std::make_tuple(Severity(r), r.has_memstats ? r.fragmentation_ratio : 0.0, r.heap_inuse_bytes,
                             r.free_slot_bytes.value_or(0), r.live_bytes);
    };
    if (key(a) != key(b)) return key(a) > key(b);
    return a.source < b.source;
  });
}

FleetReport AnalyzeFleet(const FleetInputs& inputs, const FleetOptions& options) {
  auto start = std::chrono::steady_clock::now();
  const std::vector<FleetInput>& work = inputs.inputs;
  std::vector<Outcome> outcomes(work.size());
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(work.size(), 1)));

  std::atomic<size_t> next{0};
  size_t done = 0;
  std::mutex progress_mutex;
  auto worker = [&] {
    for (size_t i = next++; i < work.size(); i = next++) {
      outcomes[i] = AnalyzeOne(work[i], options);
      if (options.progress) {
        std::lock_guard lock(progress_mutex);
        options.progress(++done, work.size());
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();  // the calling thread works too
  for (auto& t : pool) t.join();

  FleetReport fleet;
  fleet.threads = threads;
  fleet.errors = inputs.errors;
  for (Outcome& o : outcomes) {
    if (o.skipped) {
      fleet.skipped.push_back(work[&o - outcomes.data()].name);
      continue;
    }
    fleet.inputs++;
    for (auto& f : o.saved_files) fleet.saved_files.push_back(std::move(f));
    if (o.row) fleet.rows.push_back(std::move(*o.row));
    if (o.error) fleet.errors.push_back(std::move(*o.error));
  }
  RankFleetRows(fleet.rows);
  FindRecurring(fleet);
  fleet.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return fleet;
}

}  // namespace heapdoc
