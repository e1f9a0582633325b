#include "analyzer/diff/report_comparison.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "analyzer/check/threshold_check.h"

namespace heapdoc {
namespace {

std::optional<double> Bytes(uint64_t v) { return static_cast<double>(v); }
std::optional<double> Signed(int64_t v) { return static_cast<double>(v); }

FigureDiff Figure(std::string name, std::string key, DiffUnit unit, std::optional<double> base, std::optional<double> now) {
  return {std::move(name), std::move(key), unit, base, now};
}

bool HasWaste(const AnalysisReport& r) { return r.model.basis != ModelBasis::kProfileOnly; }

std::vector<FigureDiff> SummaryFigures(const AnalysisReport& b, const AnalysisReport& n) {
  auto memstat = [](const AnalysisReport& r, uint64_t Diagnosis::*field) -> std::optional<double> {
    if (!r.diagnosis.has_memstats) return std::nullopt;
    return static_cast<double>(r.diagnosis.*field);
  };
  auto frag = [](const AnalysisReport& r) -> std::optional<double> {
    if (!r.diagnosis.has_memstats) return std::nullopt;
    return r.diagnosis.fragmentation_ratio;
  };
  auto waste = [](const AnalysisReport& r) -> std::optional<double> {
    if (!HasWaste(r)) return std::nullopt;
    return static_cast<double>(r.model.free_slot_bytes);
  };
  const ObjectCounts& bt = b.breakdown.totals;
  const ObjectCounts& nt = n.breakdown.totals;
  return {
      Figure("live bytes (profile)", "live_bytes", DiffUnit::kBytes, Signed(bt.live_bytes), Signed(nt.live_bytes)),
      Figure("live objects (profile)", "live_objects", DiffUnit::kCount, Signed(bt.live_objects), Signed(nt.live_objects)),
      Figure("alloc bytes (profile)", "alloc_bytes", DiffUnit::kBytes, Signed(bt.alloc_bytes), Signed(nt.alloc_bytes)),
      Figure("alloc objects (profile)", "alloc_objects", DiffUnit::kCount, Signed(bt.alloc_objects), Signed(nt.alloc_objects)),
      Figure("HeapAlloc", "heap_alloc_bytes", DiffUnit::kBytes, memstat(b, &Diagnosis::heap_alloc_bytes),
             memstat(n, &Diagnosis::heap_alloc_bytes)),
      Figure("HeapInuse", "heap_inuse_bytes", DiffUnit::kBytes, memstat(b, &Diagnosis::heap_inuse_bytes),
             memstat(n, &Diagnosis::heap_inuse_bytes)),
      Figure("HeapIdle", "heap_idle_bytes", DiffUnit::kBytes, memstat(b, &Diagnosis::heap_idle_bytes),
             memstat(n, &Diagnosis::heap_idle_bytes)),
      Figure("HeapReleased", "heap_released_bytes", DiffUnit::kBytes, memstat(b, &Diagnosis::heap_released_bytes),
             memstat(n, &Diagnosis::heap_released_bytes)),
      Figure("OS-held heap (HeapSys - HeapReleased)", "os_held_bytes", DiffUnit::kBytes, memstat(b, &Diagnosis::os_held_bytes),
             memstat(n, &Diagnosis::os_held_bytes)),
      Figure("fragmentation", "fragmentation_ratio", DiffUnit::kRatio, frag(b), frag(n)),
      Figure("span bytes (model)", "span_bytes", DiffUnit::kBytes, Bytes(b.model.span_bytes), Bytes(n.model.span_bytes)),
      Figure("external waste (free slots)", "external_waste_bytes", DiffUnit::kBytes, waste(b), waste(n)),
      Figure("span tails", "tail_waste_bytes", DiffUnit::kBytes, Bytes(b.model.tail_bytes), Bytes(n.model.tail_bytes)),
      Figure("internal waste (rounding, midpoint)", "internal_waste_bytes", DiffUnit::kBytes,
             Bytes(b.model.internal_waste_bytes), Bytes(n.model.internal_waste_bytes)),
  };
}

}  // namespace

ReportDiff DiffReports(const AnalysisReport& base, const AnalysisReport& now) {
  ReportDiff diff;
  diff.base_source = base.snapshot.source;
  diff.new_source = now.snapshot.source;
  diff.waste_known = HasWaste(base) && HasWaste(now);
  diff.summary = SummaryFigures(base, now);

  // Classes: the model's rows, matched by class id. A class absent on one side has zeros there.
  std::map<int, std::pair<const ClassModel*, const ClassModel*>> classes;
  auto order = [](int id) { return id == 0 ? 1000 : id; };
  for (const ClassModel& c : base.model.classes) classes[order(c.class_id)].first = &c;
  for (const ClassModel& c : now.model.classes) classes[order(c.class_id)].second = &c;
  for (const auto& [k, pair] : classes) {
    const auto& [b, n] = pair;
    const ClassModel zero{};
    const ClassModel& bb = b ? *b : zero;
    const ClassModel& nn = n ? *n : zero;
    ClassDiff c;
    c.class_id = b ? b->class_id : n->class_id;
    c.slot_bytes = b ? b->slot_bytes : n->slot_bytes;
    c.live_bytes = Figure("live bytes", "live_bytes", DiffUnit::kBytes, Bytes(bb.live_bytes), Bytes(nn.live_bytes));
    c.spans = Figure("spans", "spans", DiffUnit::kCount, Bytes(bb.spans), Bytes(nn.spans));
    c.span_bytes = Figure("span bytes", "span_bytes", DiffUnit::kBytes, Bytes(bb.span_bytes), Bytes(nn.span_bytes));
    c.free_slot_bytes = diff.waste_known
                            ? Figure("free slots", "free_slot_bytes", DiffUnit::kBytes, Bytes(bb.free_slot_bytes), Bytes(nn.free_slot_bytes))
                            : Figure("free slots", "free_slot_bytes", DiffUnit::kBytes, std::nullopt, std::nullopt);
    c.sort_key = std::max(std::fabs(c.span_bytes.delta()), std::fabs(c.live_bytes.delta()));
    bool changed = c.live_bytes.delta() != 0 || c.spans.delta() != 0 || c.span_bytes.delta() != 0 ||
                   c.free_slot_bytes.delta() != 0;
    if (changed) diff.classes.push_back(std::move(c));
    else ++diff.unchanged_classes;
  }
  std::stable_sort(diff.classes.begin(), diff.classes.end(),
                   [](const ClassDiff& a, const ClassDiff& b) { return a.sort_key > b.sort_key; });

  // Sites: matched by leaf function, file:line and slot size (SiteKey), as check's baseline does.
  std::map<std::string, std::pair<const SiteRow*, const SiteRow*>> sites;
  for (const SiteRow& s : base.breakdown.sites) sites[SiteIdentity(s)].first = &s;
  for (const SiteRow& s : now.breakdown.sites) sites[SiteIdentity(s)].second = &s;
  for (const auto& [key, pair] : sites) {
    const auto& [b, n] = pair;
    const SiteRow& any = b ? *b : *n;
    SiteDiff s;
    s.function = any.function;
    s.file = any.file;
    s.line = any.line;
    s.slot_bytes = any.slot_bytes;
    s.in_base = b != nullptr;
    s.in_new = n != nullptr;
    auto live = [](const SiteRow* r) { return r ? static_cast<double>(r->counts.live_bytes) : 0.0; };
    auto alloc = [](const SiteRow* r) { return r ? static_cast<double>(r->counts.alloc_bytes) : 0.0; };
    auto cost = [](const SiteRow* r) { return r ? static_cast<double>(r->cost_bytes) : 0.0; };
    s.live_bytes = Figure("live bytes", "live_bytes", DiffUnit::kBytes, live(b), live(n));
    s.alloc_bytes = Figure("alloc bytes", "alloc_bytes", DiffUnit::kBytes, alloc(b), alloc(n));
    s.cost_bytes = Figure("cost", "cost_bytes", DiffUnit::kBytes, cost(b), cost(n));
    s.sort_key = std::fabs(s.live_bytes.delta());
    if (s.live_bytes.delta() == 0 && s.alloc_bytes.delta() == 0 && s.cost_bytes.delta() == 0) {
      ++diff.unchanged_sites;
      continue;
    }
    diff.sites.push_back(std::move(s));
  }
  std::stable_sort(diff.sites.begin(), diff.sites.end(), [](const SiteDiff& a, const SiteDiff& b) {
    auto key = [](const SiteDiff& s) {
      return std::tuple(std::fabs(s.live_bytes.delta()), std::fabs(s.cost_bytes.delta()), std::fabs(s.alloc_bytes.delta()));
    };
    return key(a) > key(b);
  });
  return diff;
}

}  // namespace heapdoc
