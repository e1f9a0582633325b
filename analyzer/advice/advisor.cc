#include "analyzer/advice/advisor.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "analyzer/advice/map_rebuild_advice.h"
#include "analyzer/gosource/allocation_site_finder.h"
#include "analyzer/gosource/struct_layout_advisor.h"
#include "analyzer/gosource/type_resolver.h"
#include "heapmodel/units.h"

namespace heapdoc {
namespace {


std::string Where(const SiteRow& s) { return fmt::format("{} ({}:{})", s.function, s.file, s.line); }

Advice SiteAdvice(AdviceKind kind, const SiteRow& s) {
  Advice a;
  a.kind = kind;
  a.function = s.function;
  a.file = s.file;
  a.line = s.line;
  return a;
}

// Bytes a class's dense packing of `live` objects takes: spans x span size.
uint64_t DenseSpanBytes(const SizeClassTable& table, uint64_t slot_bytes, uint64_t live) {
  const SizeClass* c = table.ClassForSlot(slot_bytes);
  if (!c) return live * LargeObjectSpanBytes(slot_bytes);
  uint64_t per_span = table.SlotsPerSpan(*c, SpanKind::kNoScan);
  return (live + per_span - 1) / per_span * c->span_bytes;
}

// ---- types from source ------------------------------------------------------------------------

struct TypedSite {
  gosource::AllocationSite site;
  uint64_t object_bytes = 0;
};

// The type allocated on `line` of the site's file whose slot is the site's slot size.
std::optional<TypedSite> FindSiteTypeAt(gosource::AllocationSiteFinder& finder, const SizeClassTable& table,
                                        const SiteRow& s, int64_t line) {
  if (s.file.empty() || line <= 0) return std::nullopt;
  for (auto& cand : finder.FindAll(s.file, static_cast<int>(line))) {
    if (!cand.layout) continue;
    uint64_t bytes = cand.layout->size_bytes;
    if (cand.layout_is_element) {
      if (!cand.element_count) continue;
      bytes *= *cand.element_count;
    }
    uint64_t slot = SlotBytesForObject(table, bytes, cand.layout->HasPointers());
    if (slot == s.slot_bytes) return TypedSite{std::move(cand), bytes};
  }
  return std::nullopt;
}

std::optional<TypedSite> FindSiteType(gosource::AllocationSiteFinder& finder, const SizeClassTable& table,
                                      const SiteRow& s) {
  return FindSiteTypeAt(finder, table, s, s.line);
}

std::string SuggestedStruct(gosource::TypeResolver& resolver, const gosource::NamedTypeRef& ref,
                            const std::vector<std::string>& order) {
  std::string problem;
  auto fields = resolver.ResolveFields(*ref.package, *ref.file, ref.decl->type, &problem);
  if (!fields) return "";
  std::map<std::string, const gosource::ResolvedField*> by_name;
  for (const auto& f : *fields) by_name[f.name] = &f;
  std::string out = fmt::format("type {} struct {{\n", ref.decl->name);
  for (const auto& name : order) {
    auto it = by_name.find(name);
    if (it == by_name.end()) return "";
    out += it->second->embedded ? fmt::format("\t{}\n", it->second->type_text)
                                : fmt::format("\t{} {}\n", name, it->second->type_text);
  }
  return out + "}";
}

void AddFieldAlignmentAdvice(const AdvisorInput& in, gosource::TypeResolver& resolver, const SiteRow& s,
                             const TypedSite& typed, std::vector<Advice>& out) {
  const auto& site = typed.site;
  if (!site.named || site.layout_is_element) return;
  auto finding = gosource::AdviseStruct(resolver, *site.named, in.table);
  if (!finding || !finding->ClassShrinks()) return;  // silent when the class does not change
  uint64_t live = Positive(s.counts.live_objects);
  uint64_t before = DenseSpanBytes(in.table, finding->current_class_bytes, live);
  uint64_t after = DenseSpanBytes(in.table, finding->optimal_class_bytes, live);
  Advice a = SiteAdvice(AdviceKind::kFieldAlignment, s);
  a.type = finding->qualified_name;
  a.source_file = typed.site.file;
  a.saving_bytes = before > after ? before - after : 0;
  a.confidence = Confidence::kHigh;
  a.current_size = finding->current_size_bytes;
  a.optimal_size = finding->optimal_size_bytes;
  a.current_class_size = finding->current_class_bytes;
  a.optimal_class_size = finding->optimal_class_bytes;
  a.current_order = finding->current_order;
  a.optimal_order = finding->optimal_order;
  a.message = fmt::format(
      "struct {} is {} B and takes a {} B slot; ordered {} it is {} B and fits the {} B size class. With {} live "
      "objects that frees about {} ({} per object plus the spans it no longer needs).",
      finding->type_name, finding->current_size_bytes, finding->current_class_bytes,
      fmt::join(finding->optimal_order, ", "), finding->optimal_size_bytes, finding->optimal_class_bytes,
      FormatCount(static_cast<int64_t>(live)), FormatBytes(static_cast<int64_t>(a.saving_bytes)),
      FormatBytes(static_cast<int64_t>(finding->current_class_bytes - finding->optimal_class_bytes)));
  a.evidence = {fmt::format("{} live objects at {}", FormatCount(static_cast<int64_t>(live)), Where(s)),
                fmt::format("declared at {}:{}", finding->file, finding->line)};
  a.suggested_code = SuggestedStruct(resolver, *site.named, finding->optimal_order);
  out.push_back(std::move(a));
}

void AddPointerFreeAdvice(const AdvisorInput& in, const SiteRow& s, const TypedSite& typed, std::vector<Advice>& out) {
  const auto& layout = *typed.site.layout;
  uint64_t live = Positive(s.counts.live_objects);
  if (!layout.HasPointers() || s.survival() < 0.5 || live < 10000) return;
  uint64_t scanned = layout.pointer_bytes * (typed.site.layout_is_element ? typed.site.element_count.value_or(1) : 1) * live;
  if (scanned < HeapBytes(in) / 20) return;
  Advice a = SiteAdvice(AdviceKind::kPointerFree, s);
  a.type = typed.site.type_name;
  a.source_file = typed.site.file;
  a.saving_bytes = 0;  // it saves GC scan work per cycle, not memory: no bytes are claimed
  a.confidence = Confidence::kLow;
  a.message = fmt::format(
      "{} long-lived {} objects hold pointers ({} B of each the GC must scan, {} in all). If they could refer to "
      "each other by index (IDs into a slice) or keep plain values (strings as offsets into one []byte, "
      "maps of non-pointer keys and values), they would land in pointer-free (noscan) spans that the GC never "
      "scans: less GC work per cycle, no memory saved.",
      FormatCount(static_cast<int64_t>(live)), typed.site.type_name, layout.pointer_bytes,
      FormatBytes(static_cast<int64_t>(scanned)));
  a.evidence = {fmt::format("survival {:.0f} % at {}", s.survival() * 100, Where(s))};
  out.push_back(std::move(a));
}

void AddLargeObjectAdvice(const AdvisorInput& in, const SiteRow& s, const TypedSite& typed, std::vector<Advice>& out) {
  if (s.class_id != 0 || typed.object_bytes == 0) return;
  uint64_t live = Positive(s.counts.live_objects);
  uint64_t waste_each = s.slot_bytes > typed.object_bytes ? s.slot_bytes - typed.object_bytes : 0;
  uint64_t waste = waste_each * live;
  if (waste_each * 8 < s.slot_bytes || waste < HeapBytes(in) / 100) return;
  Advice a = SiteAdvice(AdviceKind::kLargeObject, s);
  a.type = typed.site.type_name;
  a.source_file = typed.site.file;
  a.saving_bytes = waste;
  a.confidence = Confidence::kHigh;
  a.message = fmt::format(
      "each {} is {} but large objects take whole 8 KiB pages: {} of every {} span is waste ({} over {} live "
      "objects). Size them to a multiple of 8192 B, or allocate one big buffer and slice it.",
      typed.site.type_name, FormatBytes(static_cast<int64_t>(typed.object_bytes)), FormatBytes(static_cast<int64_t>(waste_each)),
      FormatBytes(static_cast<int64_t>(s.slot_bytes)), FormatBytes(static_cast<int64_t>(waste)), FormatCount(static_cast<int64_t>(live)));
  out.push_back(std::move(a));
}

// ---- advice from the profile and model alone -----------------------------------------------------

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// What else the survivors hold: the other classes a lifetime fix frees too.
std::string KeptAliveSentence(const SiteRow& s) {
  if (s.kept_sites.empty()) return "";
  std::set<uint64_t> slots;
  std::set<std::pair<std::string, int64_t>> lines;
  for (const KeptSite& k : s.kept_sites) {
    if (k.function.empty()) continue;  // objects no sample ties to a line
    slots.insert(k.slot_bytes);
    lines.insert({k.file, k.line});
  }
  if (lines.empty())
    return fmt::format(" Counted from the heap dump's pointers (the survivors and what only they keep alive, packed), "
                       "that is {} more than their samples show.",
                       FormatBytes(static_cast<int64_t>(s.kept_pinned_bytes)));
  return fmt::format(
      " The survivors also keep alive what they point to, allocated elsewhere ({} {} in {} slot {}, pinning {} "
      "more){}; the saving counts every class, since isolating the survivors frees those spans too.",
      lines.size(), lines.size() == 1 ? "line" : "lines", slots.size(), slots.size() == 1 ? "size" : "sizes",
      FormatBytes(static_cast<int64_t>(s.kept_pinned_bytes)),
      s.kept_evidence == KeptEvidence::kSameFunction
          ? " (inferred: allocated in the same function, or the one that called it, and surviving at the same rate; a heap dump would show it)"
          : "");
}

// A figure resting on few samples says so and lowers the advice's confidence.
void NoteFewSamples(uint64_t live_samples, Advice& a) {
  constexpr uint64_t kFewSamples = 10;
  uint64_t n = live_samples;
  if (n >= kFewSamples) return;
  a.confidence = Confidence::kLow;
  a.evidence.push_back(fmt::format("rests on {} sample{}: a rough figure", n, n == 1 ? "" : "s"));
}

// One allocation line's rows (one per slot size), for the pool rule: a line that allocates buffers
// of 5-20 KiB is one kind of object to pool, though it fills several size classes.
struct PoolCandidate {
  const SiteRow* costliest = nullptr;
  std::vector<const SiteRow*> rows;
  ObjectCounts counts;
  uint64_t garbage_bytes = 0, live_samples = 0, min_slot = UINT64_MAX, max_slot = 0;
  bool pooled = false;  // the stack goes through sync.Pool already
};

// Steady size: the line's slots span at most this factor (a pooled object keeps its capacity, so
// a pool of objects of wildly different sizes holds the largest for all).
constexpr uint64_t kSteadySizeFactor = 4;
// A line making at least this share of the allocation volume is what the heap's garbage between
// collections is made of: pooling it shrinks the heap, not only the GC's work.
constexpr double kDominantChurnShare = 0.5;
// A line holding at least this share of the heap's garbage now is what fills the heap between
// collections: pooling it gives its garbage back.
constexpr double kMostOfTheGarbage = 0.9;
// GC CPU share (MemStats GCCPUFraction) from which GC work alone is worth an advice.
constexpr double kBusyGcCpuFraction = 0.05;

// A profile's live count of a line whose objects die young is mostly garbage: the profile is as of
// the last collection and lags one behind, so the buffers of the last cycle still show as in use.
// Where BySize counts the line's classes exactly (a profile with MemStats, no dump), what the
// class holds beyond the other lines' sampled live objects is this line's garbage, shared by what
// each line freed in the class; unless its live objects pin free slots (survivors, which are live).
uint64_t UnsweptGarbageOfLine(const AdvisorInput& in, const PoolCandidate& c) {
  if (in.heap_dump) return 0;  // a dump tells garbage from live exactly
  double garbage = 0;
  for (const SiteRow* row : c.rows) {
    auto cls = std::find_if(in.model.classes.begin(), in.model.classes.end(),
                            [&](const ClassModel& m) { return m.class_id == row->class_id; });
    if (row->class_id == 0 || cls == in.model.classes.end() || cls->live_source != LiveCountSource::kBySize) continue;
    // Survivors that pin free slots (a lifetime culprit's) are live, not last cycle's buffers.
    if (row->pinned_bytes > Positive(row->counts.live_bytes) / 10) continue;
    double others_live = 0, freed_total = 0;
    for (const SiteRow& s : in.breakdown.sites) {
      if (s.class_id != row->class_id) continue;
      freed_total += static_cast<double>(Positive(s.counts.alloc_bytes - s.counts.live_bytes));
      if (std::find(c.rows.begin(), c.rows.end(), &s) == c.rows.end())
        others_live += static_cast<double>(Positive(s.sampled_live_objects)) * static_cast<double>(cls->slot_bytes);
    }
    double freed = static_cast<double>(Positive(row->counts.alloc_bytes - row->counts.live_bytes));
    if (freed_total > 0)
      garbage += std::max(0.0, static_cast<double>(cls->live_bytes) - others_live) * freed / freed_total;
  }
  return static_cast<uint64_t>(garbage);
}

void AddPoolAdvice(const AdvisorInput& in, std::vector<Advice>& out) {
  std::vector<PoolCandidate> lines;
  std::map<std::string, size_t> index;
  for (const SiteRow& s : in.breakdown.sites) {  // ranked: the first row of a line is its costliest
    auto [it, fresh] = index.try_emplace(fmt::format("{}:{}:{}", s.function, s.file, s.line), lines.size());
    if (fresh) lines.emplace_back().costliest = &s;
    PoolCandidate& c = lines[it->second];
    c.rows.push_back(&s);
    c.counts += s.counts;
    c.garbage_bytes += s.garbage_bytes;
    c.live_samples += s.live_samples;
    c.min_slot = std::min(c.min_slot, s.slot_bytes);
    c.max_slot = std::max(c.max_slot, s.slot_bytes);
    // Already pooled: its New func allocates only when the pool is empty.
    c.pooled |= std::any_of(s.caller_path.begin(), s.caller_path.end(),
                            [](const Frame& f) { return f.function.starts_with("sync.(*Pool)."); });
  }
  uint64_t total_alloc = Positive(in.breakdown.totals.alloc_bytes);
  uint64_t heap = HeapBytes(in);
  uint64_t all_garbage = 0;  // the garbage the heap holds now, by site
  for (const SiteRow& s : in.breakdown.sites) all_garbage += s.garbage_bytes;
  for (const PoolCandidate& c : lines) {
    const SiteRow& s = *c.costliest;
    uint64_t volume = Positive(c.counts.alloc_bytes - c.counts.live_bytes);
    double churn = c.counts.live_objects > 0 ? static_cast<double>(c.counts.alloc_objects) / static_cast<double>(c.counts.live_objects)
                                             : INFINITY;
    if (churn < 10 || volume < (1u << 20) || volume * 20 < total_alloc) continue;
    if (c.max_slot > kSteadySizeFactor * c.min_slot || c.pooled) continue;
    uint64_t garbage = std::max(c.garbage_bytes, std::min(volume, UnsweptGarbageOfLine(in, c)));
    double share = std::min(1.0, static_cast<double>(volume) / static_cast<double>(std::max<uint64_t>(total_alloc, 1)));
    // A snapshot just after a collection holds little of anyone's garbage (BySize says how much of
    // this line's class is in use): the saving is then GC work, worth saying for the line that
    // makes most of the allocation volume of a program whose GC takes a noticeable share of the
    // CPU, and no heap bytes are claimed.
    bool gc_work_only = garbage < heap / 100;
    bool gc_busy = in.memstats && in.memstats->gc_cpu_fraction.value_or(0) >= kBusyGcCpuFraction;
    if (gc_work_only && (share < kDominantChurnShare || !gc_busy)) continue;
    Advice a = SiteAdvice(AdviceKind::kPool, s);
    a.saving_bytes = gc_work_only ? 0 : garbage;
    a.confidence = gc_work_only ? Confidence::kLow : c.min_slot >= 1024 ? Confidence::kHigh : Confidence::kMedium;
    std::string sizes = c.min_slot == c.max_slot ? FormatBytes(static_cast<int64_t>(c.min_slot))
                                                 : fmt::format("{} to {}", FormatBytes(static_cast<int64_t>(c.min_slot)),
                                                               FormatBytes(static_cast<int64_t>(c.max_slot)));
    a.message = fmt::format(
        "allocates {} objects of {} ({} since start) and keeps {}: reuse them with a sync.Pool (Get at the top, "
        "Put when done). That removes about {} of allocation volume and the {} of garbage it keeps in the heap "
        "between collections; fewer GC cycles follow.",
        FormatCount(c.counts.alloc_objects), sizes, FormatBytes(c.counts.alloc_bytes), FormatCount(c.counts.live_objects),
        FormatBytes(static_cast<int64_t>(volume)), FormatBytes(static_cast<int64_t>(garbage)));
    if (gc_work_only)
      a.message = fmt::format(
          "allocates {} objects of {} ({} since start) and keeps {}: reuse them with a sync.Pool (Get at the top, "
          "Put when done). The heap holds {} of its garbage now (the snapshot follows a collection), so no heap "
          "bytes are claimed: the gain is GC work ({:.1f} % of the CPU), as it makes {:.0f} % of the allocation "
          "volume that starts each collection.",
          FormatCount(c.counts.alloc_objects), sizes, FormatBytes(c.counts.alloc_bytes), FormatCount(c.counts.live_objects),
          FormatBytes(static_cast<int64_t>(garbage)), 100 * in.memstats->gc_cpu_fraction.value_or(0), 100 * share);
    else
      NoteFewSamples(c.live_samples, a);
    std::vector<std::string> evidence = {
        c.counts.live_objects > 0 ? fmt::format("{} allocated per live object", FormatRatio(churn))
                                  : std::string("everything it allocated is freed"),
        fmt::format("{:.0f} % of all allocation volume", 100 * share)};
    // The GC starts when the heap reaches its goal, whoever fills it: while other lines still make
    // garbage, they fill the room this one leaves and the heap between collections shrinks less
    // (collections come less often instead). Measured: a line holding 98 % of the heap's garbage
    // saved all of it; one holding 54-70 % saved a fifth of it (docs/advice-proof.md).
    double garbage_share = all_garbage ? static_cast<double>(garbage) / static_cast<double>(all_garbage) : 1;
    if (!gc_work_only && garbage_share < kMostOfTheGarbage) {
      evidence.push_back(fmt::format("other lines hold {:.0f} % of the heap's garbage: theirs fills the room this one "
                                     "leaves until the next collection, so the heap between collections may shrink by "
                                     "far less and collections come less often instead",
                                     100 * (1 - garbage_share)));
      a.confidence = Confidence::kLow;
    }
    a.evidence.insert(a.evidence.begin(), evidence.begin(), evidence.end());
    out.push_back(std::move(a));
  }
}

void AddLifetimeAdvice(const AdvisorInput& in, std::vector<Advice>& out) {
  uint64_t heap = HeapBytes(in);
  if (in.model.basis == ModelBasis::kProfileOnly) return;  // free slots unknown
  for (const ClassModel& c : in.model.classes) {
    if (c.class_id == 0) continue;
    uint64_t enough = std::max<uint64_t>(256 << 10, heap / 50);
    // The survivor: the site pinning the most of this class (with what its survivors keep alive in
    // other classes); the churner: the site that allocated the most in it and kept (almost) nothing.
    const SiteRow *survivor = nullptr, *churner = nullptr;
    auto pinned_with_kept = [](const SiteRow& s) { return s.pinned_bytes + s.kept_pinned_bytes; };
    for (const SiteRow& s : in.breakdown.sites) {
      if (s.class_id != c.class_id) continue;
      if (s.counts.live_objects > 0 && (!survivor || pinned_with_kept(s) > pinned_with_kept(*survivor))) survivor = &s;
    }
    if (!survivor) continue;
    bool class_pinned = c.free_slot_bytes >= enough && survivor->pinned_bytes >= c.free_slot_bytes / 4;
    bool kept_pinned = survivor->kept_pinned_bytes > 0 && pinned_with_kept(*survivor) >= enough;
    if (!class_pinned && !kept_pinned) continue;
    for (const SiteRow& s : in.breakdown.sites) {
      if (s.class_id != c.class_id || &s == survivor || s.survival() > 0.2) continue;
      if (!churner || s.counts.alloc_bytes > churner->counts.alloc_bytes) churner = &s;
    }
    Advice a = SiteAdvice(AdviceKind::kLifetime, *survivor);
    a.saving_bytes = pinned_with_kept(*survivor);
    a.confidence = survivor->pinned_exact ? Confidence::kHigh : Confidence::kMedium;
    if (survivor->kept_evidence == KeptEvidence::kSameFunction) a.confidence = std::min(a.confidence, Confidence::kMedium);
    std::string fixes =
        "isolate the survivors: allocate them together (a slab or a pre-sized slice of values), copy the ones you "
        "keep into a compact store, keep their data in one big []byte arena (as BigCache does), or refer to them "
        "by ID instead of pointer";
    if (churner && churner->counts.alloc_bytes > survivor->counts.live_bytes) {
      a.other_function = churner->function;
      a.other_file = churner->file;
      a.other_line = churner->line;
      a.message = fmt::format(
          "the {} B class is {:.0f} % empty: {} live objects from {} are scattered among the spans that {} churns "
          "through ({} allocated, {} kept), and each survivor keeps its whole span from being freed. The survivors "
          "pin about {}. To fix, {}.",
          c.slot_bytes, 100 * (1 - c.occupancy()), FormatCount(survivor->counts.live_objects), Where(*survivor),
          Where(*churner), FormatCount(churner->counts.alloc_objects), FormatCount(churner->counts.live_objects),
          FormatBytes(static_cast<int64_t>(survivor->pinned_bytes)), fixes);
    } else if (survivor->survival() < 0.5) {
      a.message = fmt::format(
          "the {} B class is {:.0f} % empty: {} keeps {} of the {} objects it allocates, and the survivors are "
          "scattered over the spans the rest passed through, pinning about {}. To fix, {}.",
          c.slot_bytes, 100 * (1 - c.occupancy()), Where(*survivor), FormatCount(survivor->counts.live_objects),
          FormatCount(survivor->counts.alloc_objects), FormatBytes(static_cast<int64_t>(survivor->pinned_bytes)), fixes);
    } else {
      continue;  // long-lived objects with no churn beside them: nothing to isolate from
    }
    a.message += KeptAliveSentence(*survivor);
    a.evidence = {fmt::format("class {} B: {} spans, {:.1f} % occupied, {} free-slot bytes", c.slot_bytes, c.spans,
                              c.occupancy() * 100, FormatBytes(static_cast<int64_t>(c.free_slot_bytes)))};
    for (const KeptSite& k : survivor->kept_sites)
      if (k.function.empty())
        a.evidence.push_back(fmt::format("the survivors and what only they keep alive, packed, free {} beyond what "
                                         "the samples tie to allocation lines (the heap dump's pointers)",
                                         FormatBytes(static_cast<int64_t>(k.pinned_bytes))));
      else
        a.evidence.push_back(fmt::format("keeps alive objects of {} B from {} ({}:{}), pinning {}{}", k.slot_bytes, k.function,
                                       BaseName(k.file), k.line, FormatBytes(static_cast<int64_t>(k.pinned_bytes)),
                                       survivor->kept_evidence == KeptEvidence::kObjectGraph
                                           ? " (the heap dump's pointers)"
                                           : " (inferred: same function, same survival)"));
    if (survivor->survivors_in_graph > 0) {
      // Counted over every survivor the dump's graph holds as the samples are: exact, however few
      // the samples.
      a.confidence = Confidence::kHigh;
      a.evidence.push_back(fmt::format("counted over the {} survivors the heap dump holds as its {} sampled {} held",
                                       FormatCount(static_cast<int64_t>(survivor->survivors_in_graph)),
                                       survivor->live_samples, survivor->live_samples == 1 ? "one is" : "ones are"));
    } else {
      NoteFewSamples(survivor->live_samples, a);
    }
    out.push_back(std::move(a));
  }
}

void AddRetainedCapacityAdvice(const AdvisorInput& in, std::vector<Advice>& out) {
  uint64_t heap = HeapBytes(in);
  for (const SiteRow& s : in.breakdown.sites) {
    if (s.retained_capacity_bytes < std::max<uint64_t>(1 << 20, heap / 50)) continue;
    Advice a = SiteAdvice(AdviceKind::kRetainedCapacity, s);
    a.saving_bytes = s.retained_capacity_saving_bytes;
    a.confidence = Confidence::kHigh;
    if (2 * s.held_retained_capacity_bytes > s.retained_capacity_bytes) {
      // The arrays are allocated elsewhere; what is allocated here holds slices into them.
      std::string arrays = s.held_arrays_site.empty() ? "allocated elsewhere" : "allocated at " + s.held_arrays_site;
      a.message = fmt::format(
          "the objects allocated here hold slices into byte arrays of {} ({}) that use only a small part of them, and "
          "nothing else holds those arrays: a slice keeps its whole backing array alive, so a record keeping "
          "block[a:b] of a read block keeps the block. Copy the part you keep where you take it "
          "(bytes.Clone(block[a:b]); strings.Clone or string(b) for text) and the arrays go. That gives back about "
          "{}: the arrays, less the copies.",
          FormatBytes(static_cast<int64_t>(s.held_array_slot_bytes)), arrays,
          FormatBytes(static_cast<int64_t>(s.retained_capacity_saving_bytes)));
      a.evidence = {fmt::format("{} live objects of {} from this line hold slices (the heap dump's slice headers) into "
                                "arrays {}; {} of those arrays is bytes no slice uses",
                                FormatCount(s.counts.live_objects), FormatBytes(s.counts.live_bytes), arrays,
                                FormatBytes(static_cast<int64_t>(s.held_retained_capacity_bytes)))};
    } else {
      a.message = fmt::format(
          "the byte arrays allocated here ({} each) stay alive through slices that use only a small part of them (the "
          "slice headers in the heap dump give where they start, their length and capacity): a cache or map keeping "
          "buf[:n] of a read buffer, or an index keeping block[a:b] of it, keeps the whole buffer. Copy the bytes you "
          "keep (bytes.Clone(buf[a:b]), or make([]byte, n) and copy; strings.Clone or string(b) for text) and let the "
          "buffer go, or reuse it. That gives back about {}: the unused capacity, and the free slots of the spans "
          "those buffers keep.",
          FormatBytes(static_cast<int64_t>(s.slot_bytes)), FormatBytes(static_cast<int64_t>(s.retained_capacity_saving_bytes)));
      a.evidence = {fmt::format("{} live objects of {} from this line; {} of them is capacity no slice uses",
                                FormatCount(s.counts.live_objects), FormatBytes(s.counts.live_bytes),
                                FormatBytes(static_cast<int64_t>(s.retained_capacity_bytes)))};
    }
    out.push_back(std::move(a));
  }
}

void AddGoMemLimitAdvice(const AdvisorInput& in, std::vector<Advice>& out) {
  const Diagnosis& d = in.diagnosis;
  // Only where the waste is large enough for a memory limit to matter.
  if (!d.has_memstats || !d.gomemlimit_thrash_risk || d.external_waste_bytes < (8u << 20)) return;
  Advice a;
  a.kind = AdviceKind::kGoMemLimit;
  a.saving_bytes = 0;  // configuration, not a saving: it trades CPU for memory
  a.confidence = Confidence::kMedium;
  uint64_t floor = d.os_held_bytes + d.os_held_bytes / 10;
  a.message = fmt::format(
      "{:.0f} % of HeapInuse is empty slots that no collection can free ({}). Under a GOMEMLIMIT close to what "
      "the heap holds, the GC runs back to back without gaining memory. Until the pinning sites above are fixed, "
      "keep GOMEMLIMIT at or above about {} (what the heap holds now plus 10 %), or raise the container limit; "
      "a lower limit only trades memory for CPU.",
      d.fragmentation_ratio * 100, FormatBytes(static_cast<int64_t>(d.external_waste_bytes)), FormatBytes(static_cast<int64_t>(floor)));
  a.evidence = {fmt::format("HeapSys - HeapReleased = {} for HeapAlloc {}", FormatBytes(static_cast<int64_t>(d.os_held_bytes)),
                            FormatBytes(static_cast<int64_t>(d.heap_alloc_bytes)))};
  out.push_back(std::move(a));
}

}  // namespace

uint64_t HeapBytes(const AdvisorInput& in) {
  if (in.memstats) return in.memstats->heap_inuse;
  return std::max<uint64_t>(in.model.span_bytes, Positive(in.breakdown.totals.live_bytes));
}

void AnnotateSiteTypes(HeapBreakdown& breakdown, const SizeClassTable& table, const gosource::SourceTree& source,
                       bool lines_at_return_address) {
  constexpr int64_t kReturnAddressLines = 4;  // as the dump join allows (heapmodel/site_cost.cc)
  gosource::TypeResolver resolver(source);
  gosource::AllocationSiteFinder finder(source, resolver);
  for (SiteRow& s : breakdown.sites) {
    auto typed = FindSiteType(finder, table, s);
    for (int64_t up = 1; !typed && lines_at_return_address && up <= kReturnAddressLines; ++up) {
      typed = FindSiteTypeAt(finder, table, s, s.line - up);
      if (typed) s.line -= up;
    }
    if (!typed) continue;
    s.type_name = typed->site.type_name;
    s.object_bytes = typed->object_bytes;
    s.type_has_pointers = typed->site.layout->HasPointers();
    s.type_is_named_value = typed->site.named.has_value() && !typed->site.layout_is_element;
    s.source_file = typed->site.file;
  }
}

std::vector<Advice> Advise(const AdvisorInput& in) {
  std::vector<Advice> out;
  if (in.source) {
    gosource::TypeResolver resolver(*in.source);
    gosource::AllocationSiteFinder finder(*in.source, resolver);
    std::set<std::string> advised_types;
    for (const SiteRow& s : in.breakdown.sites) {
      if (s.type_name.empty()) continue;
      auto typed = FindSiteType(finder, in.table, s);
      if (!typed) continue;
      if (advised_types.insert(typed->site.type_name + "@" + s.function).second) {
        AddFieldAlignmentAdvice(in, resolver, s, *typed, out);
        AddPointerFreeAdvice(in, s, *typed, out);
      }
      AddLargeObjectAdvice(in, s, *typed, out);
    }
  }
  AddLifetimeAdvice(in, out);
  AddRetainedCapacityAdvice(in, out);
  AddMapRebuildAdvice(in, out);
  // Where a map's storage survives, the spans it pins go back with the rebuild (its saving counts
  // them): lifetime advice at that site would tell the same bytes a different story.
  std::set<std::string> rebuilt_maps;
  for (const Advice& a : out)
    if (a.kind == AdviceKind::kMapRebuild) rebuilt_maps.insert(fmt::format("{}:{}:{}", a.function, a.file, a.line));
  std::erase_if(out, [&](const Advice& a) {
    return a.kind == AdviceKind::kLifetime && rebuilt_maps.count(fmt::format("{}:{}:{}", a.function, a.file, a.line));
  });
  AddPoolAdvice(in, out);
  AddGoMemLimitAdvice(in, out);
  for (Advice& a : out)
    if (a.source_file.empty())
      for (const SiteRow& s : in.breakdown.sites)
        if (s.function == a.function && s.file == a.file && s.line == a.line && !s.source_file.empty()) {
          a.source_file = s.source_file;
          break;
        }
  // Changes that free memory first, by saving; then pointer-free (its bytes are GC scan work, not
  // memory); configuration advice (GOMEMLIMIT) last.
  auto tier = [](const Advice& a) {
    return a.kind == AdviceKind::kGoMemLimit ? 2 : a.kind == AdviceKind::kPointerFree ? 1 : 0;
  };
  std::stable_sort(out.begin(), out.end(), [&](const Advice& a, const Advice& b) {
    if (tier(a) != tier(b)) return tier(a) < tier(b);
    return a.saving_bytes > b.saving_bytes;
  });
  return out;
}

}  // namespace heapdoc
