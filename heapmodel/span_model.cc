#include "heapmodel/span_model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace heapdoc {
namespace {

uint64_t RoundToU64(double v) { return v > 0 ? static_cast<uint64_t>(std::llround(v)) : 0; }

// Rounding waste bounds for live objects of a class: a request lands in class c when its size is
// above the previous class's slot, so the waste per object is in [0, slot - previous - 1].
// (Classes only: large objects get their page-rounding bound where they are built.)
void SetInternalWaste(ClassModel& c, uint64_t previous_slot) {
  uint64_t gap = c.slot_bytes > previous_slot ? c.slot_bytes - previous_slot - 1 : 0;
  c.internal_waste_min_bytes = 0;
  c.internal_waste_max_bytes = c.live_objects * gap;
  c.internal_waste_bytes = c.internal_waste_max_bytes / 2;
}

void FinishClass(ClassModel& c) {
  if (c.class_id != 0) {
    c.span_bytes = c.spans * c.span_size_bytes;
    c.live_bytes = c.live_objects * c.slot_bytes;
    if (c.slots_basis != SlotsBasis::kExact) c.slots = c.spans * c.slots_per_span;
    c.free_slot_bytes = c.slots > c.live_objects ? (c.slots - c.live_objects) * c.slot_bytes : 0;
    c.tail_bytes = c.span_bytes - c.slots * c.slot_bytes;
  }
}

void Total(HeapModel& m) {
  for (const ClassModel& c : m.classes) {
    m.span_bytes += c.span_bytes;
    m.live_bytes += c.live_bytes;
    m.free_slot_bytes += c.free_slot_bytes;
    m.tail_bytes += c.tail_bytes;
    m.internal_waste_min_bytes += c.internal_waste_min_bytes;
    m.internal_waste_max_bytes += c.internal_waste_max_bytes;
    m.internal_waste_bytes += c.internal_waste_bytes;
  }
}

uint64_t PreviousSlot(const SizeClassTable& table, int class_id) {
  const SizeClass* prev = table.ClassById(class_id - 1);
  return prev ? prev->slot_bytes : 0;
}

bool Contains(const std::vector<int>& ids, int id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

ClassModel NewClassModel(const SizeClass& cls, const SizeClassTable& table, const ClassPointerFacts* facts) {
  ClassModel c;
  c.class_id = cls.class_id;
  c.slot_bytes = cls.slot_bytes;
  c.span_size_bytes = cls.span_bytes;
  // A profile cannot tell pointerful from pointer-free spans. Where the types are known the
  // class gets their layout; else the pointer-free one, which has the most slots, so min spans
  // stay a lower bound (and the free slots of a pointerful class an upper bound).
  bool pointerful = facts && Contains(facts->pointerful_classes, cls.class_id);
  bool pointer_free = facts && Contains(facts->pointer_free_classes, cls.class_id);
  c.slots_per_span = table.SlotsPerSpan(cls, pointerful && !pointer_free ? SpanKind::kScan : SpanKind::kNoScan);
  c.slots_basis = pointerful && !pointer_free ? SlotsBasis::kKnownPointerful
                  : pointer_free && !pointerful ? SlotsBasis::kKnownPointerFree
                                                : SlotsBasis::kNoScanUpperBound;
  if (table.SlotsPerSpan(cls, SpanKind::kScan) == table.SlotsPerSpan(cls, SpanKind::kNoScan) &&
      c.slots_basis == SlotsBasis::kNoScanUpperBound)
    c.slots_basis = SlotsBasis::kKnownPointerFree;  // both layouts agree: nothing to bound
  return c;
}

// ---- exact mode ----------------------------------------------------------------------------

HeapModel FromHeapDump(const SpanModelInput& in) {
  HeapModel m;
  m.basis = ModelBasis::kHeapDump;
  std::map<int, ClassModel> rows;
  ClassModel large;
  large.class_id = 0;
  large.spans_exact = true;
  large.live_source = LiveCountSource::kHeapDump;
  for (const DumpClassSummary& d : in.heap_dump->classes) {
    const SizeClass* cls = d.elem_size_bytes <= kMaxSmallSizeBytes ? in.table.ClassForSlot(d.elem_size_bytes) : nullptr;
    if (!cls) {
      large.live_objects += d.live_objects;
      large.alloc_objects += d.live_objects;
      large.spans += d.span_count;
      large.span_bytes += d.span_bytes;
      large.live_bytes += d.live_bytes();
      large.tail_bytes += d.span_bytes - d.live_bytes();
      large.internal_waste_max_bytes += d.live_objects * std::min<uint64_t>(kPageBytes - 1, d.elem_size_bytes - kMaxSmallSizeBytes - 1);
      continue;
    }
    ClassModel& c = rows.try_emplace(cls->class_id, NewClassModel(*cls, in.table, nullptr)).first->second;
    c.live_source = LiveCountSource::kHeapDump;
    c.slots_basis = SlotsBasis::kExact;
    c.slots += d.slot_count;
    c.spans_exact = true;
    c.live_objects += d.live_objects;
    c.live_objects_low = c.live_objects_high = c.live_objects;
    c.spans += d.span_count;
    c.has_occupancy_histogram = true;
    for (size_t i = 0; i < c.occupancy_histogram.size(); ++i) c.occupancy_histogram[i] += d.occupancy_histogram[i];
    // Slots are summed span by span (scan and noscan spans of one class differ from Go 1.22 on);
    // slots_per_span is only shown: the layout most of its spans have.
    c.slots_per_span = in.table.SlotsPerSpan(*cls, 2 * d.scan_span_count > d.span_count ? SpanKind::kScan : SpanKind::kNoScan);
  }
  for (auto& [id, c] : rows) {
    c.min_spans = CeilDiv(c.live_objects, c.slots_per_span);
    c.alloc_objects = c.live_objects;
    FinishClass(c);
    SetInternalWaste(c, PreviousSlot(in.table, id));
    m.classes.push_back(c);
  }
  if (large.spans) {
    large.min_spans = large.spans;
    large.live_objects_low = large.live_objects_high = large.live_objects;
    large.internal_waste_bytes = large.internal_waste_max_bytes / 2;
    m.classes.push_back(large);
  }
  Total(m);
  if (in.memstats && in.memstats->heap_inuse != m.span_bytes)
    m.notes.push_back(fmt::format("the dump's spans hold {:.1f} MiB; its MemStats HeapInuse is {:.1f} MiB (spans with "
                                  "no object listed, e.g. emptied but not yet swept, are not in the dump)",
                                  static_cast<double>(m.span_bytes) / (1 << 20),
                                  static_cast<double>(in.memstats->heap_inuse) / (1 << 20)));
  return m;
}

// ---- inferred mode -------------------------------------------------------------------------

// Expected spans still in use when `live` survivors are scattered at random over the slots of
// `peak` objects packed densely into spans of `n` slots: (peak/n) (1 - (1 - live/peak)^n).
double ExpectedSpans(double live, double peak, double n) {
  if (live <= 0) return 0;
  if (peak <= live) return live / n;
  return peak / n * (1 - std::pow(1 - live / peak, n));
}

struct Candidate {
  ClassModel* row;
  double allocated;      // objects allocated since start (the churn that may have left spans)
  double pages_per_span;
  double extra_spans = 0;  // fitted, fractional
};

double ExtraSpansAt(const Candidate& c, double theta) {
  double live = static_cast<double>(c.row->live_objects);
  double peak = live + theta * std::max(0.0, c.allocated - live);
  double spans = ExpectedSpans(live, peak, static_cast<double>(c.row->slots_per_span));
  return std::max(0.0, spans - static_cast<double>(c.row->min_spans));
}

double ExtraPagesAt(const std::vector<Candidate>& cs, double theta) {
  double pages = 0;
  for (const auto& c : cs) pages += ExtraSpansAt(c, theta) * c.pages_per_span;
  return pages;
}

// Splits `extra_pages` (HeapInuse beyond dense packing) over the classes, in whole spans, so that
// the total is exact. Returns the fitted theta.
double DistributeExtraSpans(std::vector<Candidate>& cs, uint64_t extra_pages, std::vector<std::string>& notes) {
  double target = static_cast<double>(extra_pages);
  double theta = 1;
  if (ExtraPagesAt(cs, 1) >= target) {
    double lo = 0, hi = 1;
    for (int i = 0; i < 60; ++i) {
      double mid = (lo + hi) / 2;
      (ExtraPagesAt(cs, mid) < target ? lo : hi) = mid;
    }
    theta = hi;
  }
  double fitted = 0;
  for (auto& c : cs) {
    c.extra_spans = ExtraSpansAt(c, theta);
    fitted += c.extra_spans * c.pages_per_span;
  }
  if (fitted + 0.5 < target) {
    // Even if all churn had left its spans behind, HeapInuse is larger: spread the rest over the
    // classes in proportion to the bytes they churned through (partly-filled per-P cached spans,
    // objects freed since the profile's GC).
    double leftover = target - fitted;
    std::vector<double> weight(cs.size());
    for (size_t i = 0; i < cs.size(); ++i) {
      const ClassModel& r = *cs[i].row;
      weight[i] = std::max(0.0, cs[i].allocated - static_cast<double>(r.live_objects)) * static_cast<double>(r.slot_bytes) +
                  static_cast<double>(r.span_size_bytes);
    }
    double sum = std::accumulate(weight.begin(), weight.end(), 0.0);
    for (size_t i = 0; i < cs.size() && sum > 0; ++i) cs[i].extra_spans += leftover * weight[i] / sum / cs[i].pages_per_span;
    notes.push_back("HeapInuse exceeds what the churn explains; the remainder was spread over the classes in "
                    "proportion to their churn (per-P cached spans, objects freed since the profile's GC)");
  }
  // Whole spans: floor, then hand out what is left by largest remainder, then fill exactly with
  // spans that fit what remains (1-page classes always fit).
  int64_t remaining = static_cast<int64_t>(extra_pages);
  std::vector<std::pair<double, size_t>> remainders;
  for (size_t i = 0; i < cs.size(); ++i) {
    uint64_t whole = static_cast<uint64_t>(std::floor(cs[i].extra_spans));
    cs[i].row->spans += whole;
    remaining -= static_cast<int64_t>(whole * static_cast<uint64_t>(cs[i].pages_per_span));
    remainders.emplace_back(cs[i].extra_spans - std::floor(cs[i].extra_spans), i);
  }
  std::sort(remainders.begin(), remainders.end(), std::greater<>());
  for (auto [frac, i] : remainders) {
    int64_t pages = static_cast<int64_t>(cs[i].pages_per_span);
    if (frac <= 0 || pages > remaining) continue;
    cs[i].row->spans += 1;
    remaining -= pages;
  }
  for (int pass = 0; remaining > 0 && pass < 2; ++pass) {
    for (auto [frac, i] : remainders) {
      int64_t pages = static_cast<int64_t>(cs[i].pages_per_span);
      if (remaining <= 0) break;
      if (pages > remaining || (pass == 0 && cs[i].row->live_objects == 0)) continue;
      uint64_t add = static_cast<uint64_t>(remaining / pages);
      cs[i].row->spans += add;
      remaining -= static_cast<int64_t>(add) * pages;
    }
  }
  if (remaining != 0)
    notes.push_back(fmt::format("{} pages of HeapInuse could not be placed in whole spans of the classes present",
                                remaining));
  return theta;
}

}  // namespace

const char* LiveCountSourceName(LiveCountSource source) {
  switch (source) {
    case LiveCountSource::kHeapDump: return "heap dump (exact)";
    case LiveCountSource::kBySize: return "MemStats BySize (exact)";
    case LiveCountSource::kProfileSampled: return "profile (sampled estimate)";
    case LiveCountSource::kProfileExact: return "profile (MemProfileRate=1, exact as of last GC)";
  }
  return "";
}

ClassPointerFacts PointerFactsFromSiteTypes(const HeapBreakdown& breakdown) {
  struct Live {
    double pointerful = 0, pointer_free = 0, unknown = 0;
  };
  std::map<int, Live> by_class;
  for (const SiteRow& s : breakdown.sites) {
    if (s.class_id <= 0) continue;
    auto live = static_cast<double>(std::max<int64_t>(1, s.counts.live_objects));
    Live& l = by_class[s.class_id];
    (!s.type_has_pointers ? l.unknown : *s.type_has_pointers ? l.pointerful : l.pointer_free) += live;
  }
  ClassPointerFacts facts;
  for (const auto& [id, l] : by_class) {
    double all = l.pointerful + l.pointer_free + l.unknown;
    if (l.pointerful >= 0.9 * all) facts.pointerful_classes.push_back(id);
    if (l.pointer_free >= 0.9 * all) facts.pointer_free_classes.push_back(id);
  }
  return facts;
}

HeapModel BuildSpanModel(const SpanModelInput& in) {
  if (in.heap_dump && !in.heap_dump->classes.empty()) return FromHeapDump(in);

  HeapModel m;
  const MemStats* ms = in.memstats;
  bool have_by_size = ms && !ms->by_size.empty();
  std::map<int, ClassModel> rows;
  const ClassRow* profile_large = nullptr;

  // Live objects per class from the profile: sampled (with an interval) or exact.
  for (const ClassRow& r : in.breakdown.classes) {
    if (r.class_id == 0) {
      profile_large = &r;
      continue;
    }
    const SizeClass* cls = in.table.ClassById(r.class_id);
    ClassModel c = NewClassModel(*cls, in.table, in.pointer_facts);
    c.live_objects = Positive(r.counts.live_objects);
    c.alloc_objects = Positive(r.counts.alloc_objects);
    if (in.sample_rate_bytes <= 1) {
      c.live_source = LiveCountSource::kProfileExact;
      c.live_samples = c.live_objects;
      c.live_objects_low = c.live_objects_high = c.live_objects;
    } else {
      c.live_source = LiveCountSource::kProfileSampled;
      double k = SamplesBehind(static_cast<double>(c.live_objects), c.slot_bytes, in.sample_rate_bytes);
      double lo, hi;
      PoissonInterval95(k, lo, hi);
      double scale = k > 0 ? static_cast<double>(c.live_objects) / k
                           : 1 / (1 - std::exp(-static_cast<double>(c.slot_bytes) / static_cast<double>(in.sample_rate_bytes)));
      c.live_samples = RoundToU64(k);
      c.live_objects_low = RoundToU64(lo * scale);
      c.live_objects_high = RoundToU64(hi * scale);
    }
    rows.emplace(r.class_id, c);
  }

  // MemStats BySize: exact live and allocated counts for classes 1..60.
  uint64_t by_size_live_bytes = 0;
  if (have_by_size) {
    for (size_t i = 1; i < ms->by_size.size(); ++i) {
      const BySizeEntry& e = ms->by_size[i];
      const SizeClass* cls = in.table.ClassForSlot(e.size);
      if (!cls) continue;
      uint64_t live = e.mallocs > e.frees ? e.mallocs - e.frees : 0;
      by_size_live_bytes += live * e.size;
      if (live == 0 && e.mallocs == 0 && !rows.count(cls->class_id)) continue;
      ClassModel& c = rows.try_emplace(cls->class_id, NewClassModel(*cls, in.table, in.pointer_facts)).first->second;
      c.live_objects = c.live_objects_low = c.live_objects_high = live;
      c.alloc_objects = e.mallocs;
      c.live_source = LiveCountSource::kBySize;
      c.live_samples = 0;
    }
  }

  for (auto& [id, c] : rows) {
    c.min_spans = CeilDiv(c.live_objects, c.slots_per_span);
    c.spans = c.min_spans;
    m.classes.push_back(c);
  }

  // Large objects: each owns a span of its page-rounded size. With BySize, HeapAlloc minus the
  // classes gives their bytes exactly (less the classes BySize lacks); the profile splits them.
  ClassModel large;
  large.class_id = 0;
  large.live_source = in.sample_rate_bytes <= 1 ? LiveCountSource::kProfileExact : LiveCountSource::kProfileSampled;
  if (profile_large) {
    large.live_objects = Positive(profile_large->counts.live_objects);
    large.alloc_objects = Positive(profile_large->counts.alloc_objects);
    large.spans = large.min_spans = large.live_objects;
    large.span_bytes = profile_large->min_span_bytes;
    large.live_bytes = large.span_bytes;  // the runtime counts a large object as its whole span
  }
  if (have_by_size) {
    uint64_t unlisted_class_bytes = 0;  // classes above BySize's 60 come from the profile
    for (const ClassModel& c : m.classes)
      if (c.live_source != LiveCountSource::kBySize) unlisted_class_bytes += c.live_objects * c.slot_bytes;
    int64_t large_bytes = static_cast<int64_t>(ms->heap_alloc) - static_cast<int64_t>(by_size_live_bytes) -
                          static_cast<int64_t>(unlisted_class_bytes);
    uint64_t target = large_bytes > 0 ? static_cast<uint64_t>(large_bytes) / kPageBytes * kPageBytes : 0;
    if (large.span_bytes > 0 && target > 0) {
      double scale = static_cast<double>(target) / static_cast<double>(large.span_bytes);
      large.live_objects = std::max<uint64_t>(1, RoundToU64(static_cast<double>(large.live_objects) * scale));
      large.spans = large.min_spans = large.live_objects;
    } else if (target > 0) {
      m.notes.push_back(fmt::format("HeapAlloc implies {} bytes of large objects the profile did not sample", target));
      large.live_objects = large.spans = large.min_spans = 1;
    }
    large.span_bytes = large.live_bytes = target;
  }
  large.live_objects_low = large.live_objects_high = large.live_objects;
  if (large.live_objects) large.internal_waste_max_bytes = large.live_objects * (kPageBytes - 1);
  large.internal_waste_bytes = large.internal_waste_max_bytes / 2;

  if (ms) {
    m.basis = ModelBasis::kMemStats;
    uint64_t dense_pages = large.span_bytes / kPageBytes;
    for (const ClassModel& c : m.classes) dense_pages += c.min_spans * (c.span_size_bytes / kPageBytes);
    uint64_t inuse_pages = ms->heap_inuse / kPageBytes;
    if (inuse_pages >= dense_pages) {
      std::vector<Candidate> cs;
      for (ClassModel& c : m.classes)
        cs.push_back({&c, static_cast<double>(std::max(c.alloc_objects, c.live_objects)),
                      static_cast<double>(c.span_size_bytes / kPageBytes)});
      m.reconcile_theta = DistributeExtraSpans(cs, inuse_pages - dense_pages, m.notes);
    } else {
      m.notes.push_back(fmt::format("the profile's live objects need {} pages packed densely but HeapInuse has {} "
                                    "(sampling error, or MemStats and profile from different moments)",
                                    dense_pages, inuse_pages));
    }
    if (ms->heap_inuse % kPageBytes)
      m.notes.push_back("HeapInuse is not a whole number of pages; the model works in pages");
  } else {
    m.basis = ModelBasis::kProfileOnly;
    m.notes.push_back("no MemStats: spans are the dense lower bound (live objects packed); give --memstats to "
                      "see free slots");
  }
  std::vector<std::string> bounded;
  for (ClassModel& c : m.classes) {
    FinishClass(c);
    SetInternalWaste(c, PreviousSlot(in.table, c.class_id));
    if (c.slots_basis == SlotsBasis::kNoScanUpperBound && c.spans > 0 && bounded.size() < 8)
      bounded.push_back(fmt::format("{} B", c.slot_bytes));
  }
  if (!bounded.empty())
    m.notes.push_back(fmt::format(
        "slots per span of {} assume pointer-free objects (Go {} gives pointerful spans of up to 512 B fewer slots: "
        "their in-span pointer bitmap{}); if those objects have pointers, their free slots are overstated by the "
        "reserve per span. --source shows the types and takes the right layout",
        fmt::join(bounded, ", "), in.table.version().ToString(),
        in.table.features().inline_mark_bits ? " and Green Tea mark bits" : ""));
  if (large.spans) m.classes.push_back(large);
  Total(m);
  return m;
}

}  // namespace heapdoc
