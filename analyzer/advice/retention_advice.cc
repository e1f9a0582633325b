// Lifetime advice joined with the heap dump's object graph: who holds the survivors.
#include "analyzer/advice/retention_advice.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include <fmt/format.h>

#include "analyzer/report/units.h"
#include "heapmodel/retention_paths.h"

namespace heapdoc {
namespace {

// The dump buckets of the advice's site: same function and file; the same line (or the next one,
// which Go <= 1.25 writes for the site's frame) when some bucket has it.
std::vector<uint32_t> BucketsOfSite(const Advice& a, const HeapSnapshot& snap) {
  std::vector<uint32_t> same_function, same_line;
  const auto& buckets = snap.heap_dump->buckets;
  for (uint32_t i = 0; i < buckets.size(); ++i) {
    if (buckets[i].frames.empty()) continue;
    const Frame& f = snap.frames[buckets[i].frames.front()];
    if (f.function != a.function || f.file != a.file) continue;
    same_function.push_back(i);
    if (f.line == a.line || f.line == a.line + 1) same_line.push_back(i);
  }
  return same_line.empty() ? same_function : same_line;
}

std::string SiteName(const DumpBucket& b, const HeapSnapshot& snap) {
  if (b.frames.empty()) return "?";
  const Frame& f = snap.frames[b.frames.front()];
  std::string file = f.file.substr(f.file.rfind('/') == std::string::npos ? 0 : f.file.rfind('/') + 1);
  return fmt::format("{} ({}:{})", f.function, file, f.line);
}

class HopNamer {
 public:
  explicit HopNamer(const HeapSnapshot& snap) : snap_(snap) {
    for (const DumpAllocSample& s : snap.heap_dump->alloc_samples)
      if (s.bucket_index != DumpAllocSample::kNone) site_of_.emplace(s.address, s.bucket_index);
  }
  std::string Describe(const ObjectGraph& g, ObjectId id) const {
    std::string size = FormatBytes(static_cast<int64_t>(g.size_bytes(id)));
    auto it = site_of_.find(g.address(id));
    if (it == site_of_.end()) return fmt::format("object of {}", size);
    return fmt::format("object of {} from {}", size, SiteName(snap_.heap_dump->buckets[it->second], snap_));
  }

 private:
  const HeapSnapshot& snap_;
  std::unordered_map<uint64_t, uint32_t> site_of_;
};

}  // namespace

std::vector<RetentionHolder> AddRetentionToAdvice(std::vector<Advice>& advice, const HeapSnapshot& snapshot,
                                                  const GlobalSymbols* symbols, std::vector<std::string>& notes) {
  std::vector<RetentionHolder> holders;
  if (!snapshot.heap_dump || !snapshot.heap_dump->graph) return holders;
  const HeapDump& dump = *snapshot.heap_dump;
  const ObjectGraph& graph = *dump.graph;
  if (std::none_of(advice.begin(), advice.end(), [](const Advice& a) { return a.kind == AdviceKind::kLifetime; }))
    return holders;
  ShortestRootPaths paths(graph);
  HopNamer namer(snapshot);
  bool named_by_segment = false;
  for (Advice& a : advice) {
    if (a.kind != AdviceKind::kLifetime) continue;
    std::vector<uint32_t> buckets = BucketsOfSite(a, snapshot);
    std::vector<ObjectId> survivors = SampledObjectsOf(dump, buckets);
    if (survivors.empty()) continue;
    std::vector<RetentionPathGroup> groups = GroupRetentionPaths(graph, paths, survivors);
    if (groups.empty()) continue;
    uint64_t reachable = 0;
    for (const auto& g : groups) reachable += g.objects;
    RetainedSet retained = ComputeRetainedSet(graph, dump, survivors);
    std::string site = SiteName(dump.buckets[buckets.front()], snapshot);
    for (size_t gi = 0; gi < groups.size() && gi < 3; ++gi) {
      const RetentionPathGroup& g = groups[gi];
      const RootSource& root = graph.root_sources()[g.root_source];
      named_by_segment |= IsGlobalRoot(root) && (!symbols || !symbols->Find(root.address));
      RetentionHolder h;
      h.name = RootName(root, symbols);
      h.kind = RootKindName(root.kind);
      h.path.push_back(h.name);
      for (size_t i = 0; i + 1 < g.path.size(); ++i) h.path.push_back(namer.Describe(graph, g.path[i]));
      h.path.push_back(fmt::format("{} sampled objects of {} from {}", FormatCount(static_cast<int64_t>(g.objects)),
                                   FormatBytes(static_cast<int64_t>(graph.size_bytes(g.path.back()))), site));
      h.site = site;
      h.held_objects = g.objects;
      h.pinned_bytes = a.saving_bytes * g.objects / reachable;
      h.retained_bytes = retained.bytes;
      if (gi == 0) {
        a.held_by = h.name;
        a.held_by_kind = h.kind;
        a.holder_path = h.path;
        a.held_objects = g.objects;
        a.sampled_survivors = reachable;
        std::string chain;
        for (const auto& hop : h.path) chain += (chain.empty() ? "" : " -> ") + hop;
        a.message += fmt::format(" The survivors are held by {} ({}): {}{}.", h.name, h.kind, chain,
                                 g.objects == reachable ? ""
                                                        : fmt::format(" ({} of the {} sampled survivors)",
                                                                      FormatCount(static_cast<int64_t>(g.objects)),
                                                                      FormatCount(static_cast<int64_t>(reachable))));
        a.evidence.push_back(fmt::format("held by {}: {} of {} sampled survivors; the sampled survivors and what only "
                                         "they keep alive: {} objects, {}",
                                         h.name, g.objects, reachable, FormatCount(static_cast<int64_t>(retained.objects)),
                                         FormatBytes(static_cast<int64_t>(retained.bytes))));
      }
      holders.push_back(std::move(h));
    }
  }
  std::stable_sort(holders.begin(), holders.end(),
                   [](const RetentionHolder& x, const RetentionHolder& y) { return x.pinned_bytes > y.pinned_bytes; });
  if (named_by_segment)
    notes.push_back(symbols ? "some roots in data/bss fall in no symbol of --binary (is it the binary that wrote the dump?)"
                            : "globals that hold survivors are named by segment and offset (bss+0x..): --binary EXE "
                              "(the service's unstripped executable) names them");
  return holders;
}

}  // namespace heapdoc
