#include "heapmodel/heap_breakdown.h"

#include <algorithm>
#include <cmath>
#include <span>
#include <unordered_map>

#include "heapmodel/go_package.h"
#include "heapmodel/sampling.h"

namespace heapdoc {
namespace {

// Callers kept per site: enough to read the stack as a pprof user would, without whole stacks
// (recursion can make them thousands of frames deep) ...
constexpr size_t kCallerPathFrames = 8;
// ... unless the first frame in the user's code lies deeper (encoding/json recurses once or twice
// per nesting level before returning to its caller): then up to it and two of its callers.
constexpr size_t kCallerPathFramesToUserCode = 64;
constexpr size_t kCallersOfUserFrame = 2;

// Class id -> row (0 = large), flat: ids are small and dense.
struct ClassRows {
  std::vector<ClassRow> rows;
  std::vector<bool> used;
  explicit ClassRows(const SizeClassTable& table) {
    int max_id = 0;
    for (const SizeClass& c : table.classes()) max_id = std::max(max_id, c.class_id);
    rows.resize(static_cast<size_t>(max_id) + 1);
    used.resize(rows.size());
  }
  ClassRow& operator[](int id) {
    used[static_cast<size_t>(id)] = true;
    return rows[static_cast<size_t>(id)];
  }
};

void AddToClassRow(ClassRows& by_class, const SizeClass* cls, const SiteSamples& s) {
  ClassRow& row = by_class[cls ? cls->class_id : 0];
  if (cls) {
    row.class_id = cls->class_id;
    row.slot_bytes = cls->slot_bytes;
    row.span_bytes = cls->span_bytes;
    row.objects_per_span = cls->objects_per_span;
  } else {
    // A large object owns a span of its page-rounded size.
    uint64_t span = LargeObjectSpanBytes(s.slot_size_bytes);
    row.min_spans += Positive(s.counts.live_objects);
    row.min_span_bytes += Positive(s.counts.live_objects) * span;
    row.min_tail_bytes += Positive(s.counts.live_objects) * (span - s.slot_size_bytes);
  }
  row.counts += s.counts;
  row.sample_records += s.records;
}

// Sets the site's caller path from a stack merged into it (leaf first, as readers keep it).
void SetCallerPath(SiteRow& site, std::span<const FrameIndex> stack, const std::vector<Frame>& frames) {
  std::span<const FrameIndex> callers = stack.empty() ? stack : stack.subspan(1);
  // Readers check frame indices; a bad one still ends the path instead of reading past the table.
  size_t valid = 0;
  while (valid < callers.size() && callers[valid] < frames.size()) ++valid;
  callers = callers.first(valid);
  size_t keep = std::min(callers.size(), kCallerPathFrames);
  if (FunctionOrigin(site.function) != CodeOrigin::kUser) {
    for (size_t i = 0; i < std::min(callers.size(), kCallerPathFramesToUserCode); ++i) {
      if (FunctionOrigin(frames[callers[i]].function) != CodeOrigin::kUser) continue;
      site.user_frame = i;
      keep = std::max(keep, std::min(callers.size(), i + 1 + kCallersOfUserFrame));
      break;
    }
  }
  for (FrameIndex f : callers.first(keep)) site.caller_path.push_back(frames[f]);
}

}  // namespace

HeapBreakdown BuildHeapBreakdown(const HeapSnapshot& snapshot, const SizeClassTable& table) {
  HeapBreakdown out;
  ClassRows by_class(table);
  // Readers merged samples by (leaf frame, slot size); sizes off the class table join the class
  // the runtime would have used, so a few of those merge further here.
  std::unordered_map<SiteKey, size_t, SiteKeyHash> site_index;
  // Per site row: the heaviest SiteSamples merged in, whose stack gives the row its caller path.
  std::vector<const SiteSamples*> path_source;

  for (const SiteSamples& s : snapshot.site_samples) {
    out.totals += s.counts;
    bool unknown_size = s.slot_size_bytes == 0;  // pruned profiles: bytes without a slot size
    const SizeClass* cls = nullptr;
    if (unknown_size) {
      out.unknown_size += s.counts;
      out.unknown_size_records += s.records;
    } else {
      if (s.slot_size_bytes <= kMaxSmallSizeBytes) {
        cls = table.ClassForSlot(s.slot_size_bytes);
        if (!cls) {
          out.off_table_records += s.records;
          cls = table.ClassForRequest(s.slot_size_bytes);
        }
      }
      AddToClassRow(by_class, cls, s);
    }

    SiteKey key{s.leaf, cls ? cls->slot_bytes : s.slot_size_bytes};
    auto [it, fresh] = site_index.try_emplace(key, out.sites.size());
    if (fresh) {
      SiteRow site;
      if (key.leaf != kNoFrame) {
        const Frame& f = snapshot.frames[key.leaf];
        site.function = f.function;
        site.file = f.file;
        site.line = f.line;
      } else {
        site.function = "<no stack>";
      }
      site.slot_bytes = key.slot_size_bytes;
      site.class_id = unknown_size ? -1 : cls ? cls->class_id : 0;
      out.sites.push_back(std::move(site));
      path_source.push_back(&s);
    } else if (HeavierByLiveThenAllocBytes(s.counts, path_source[it->second]->counts)) {
      path_source[it->second] = &s;
    }
    SiteRow& site = out.sites[it->second];
    site.counts += s.counts;
    site.sample_records += s.records;
    site.live_samples += static_cast<uint64_t>(std::llround(SamplesBehind(
        static_cast<double>(Positive(s.counts.live_objects)), s.slot_size_bytes, snapshot.profile.sample_rate_bytes)));
  }
  for (size_t i = 0; i < out.sites.size(); ++i)
    SetCallerPath(out.sites[i], path_source[i]->heaviest_stack, snapshot.frames);

  for (size_t id = 1; id < by_class.rows.size(); ++id) {
    if (!by_class.used[id]) continue;
    ClassRow& row = by_class.rows[id];
    row.min_spans = CeilDiv(Positive(row.counts.live_objects), row.objects_per_span);
    row.min_span_bytes = row.min_spans * row.span_bytes;
    row.min_tail_bytes = row.min_spans * (row.span_bytes - row.objects_per_span * row.slot_bytes);
    out.classes.push_back(row);
  }
  if (by_class.used[0]) out.classes.push_back(by_class.rows[0]);

  std::stable_sort(out.sites.begin(), out.sites.end(),
                   [](const SiteRow& a, const SiteRow& b) { return HeavierByLiveThenAllocBytes(a.counts, b.counts); });
  return out;
}

}  // namespace heapdoc
