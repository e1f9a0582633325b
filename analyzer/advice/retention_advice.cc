// Lifetime advice joined with the heap dump's object graph: who holds the survivors.
#include "analyzer/advice/retention_advice.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "heapmodel/units.h"
#include "heapmodel/retention_paths.h"

namespace heapdoc {
namespace {

// Sites beyond the lifetime advice whose holders the "retained by" section lists.
constexpr size_t kTopPinningSites = 5;
// Objects traced from the emptiest spans when a site has no sampled object in the dump.
constexpr size_t kMaxUnsampledSurvivors = 4096;

// The dump buckets of the advice's site: same function and file; the same line (or the next one,
// which Go <= 1.25 writes for the site's frame) when some bucket has it.
std::vector<uint32_t> BucketsOfSite(const std::string& function, const std::string& file, int64_t line,
                                    const HeapSnapshot& snap) {
  std::vector<uint32_t> same_function, same_line;
  const auto& buckets = snap.heap_dump->buckets;
  for (uint32_t i = 0; i < buckets.size(); ++i) {
    if (buckets[i].frames.empty()) continue;
    const Frame& f = snap.frames[buckets[i].frames.front()];
    if (f.function != function || f.file != file) continue;
    same_function.push_back(i);
    if (f.line == line || f.line == line + 1) same_line.push_back(i);
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

// total x part / whole without overflow (part <= whole < 2^32: object counts of the graph).
uint64_t ShareOf(uint64_t total, uint64_t part, uint64_t whole) {
  return total / whole * part + total % whole * part / whole;
}

constexpr size_t kMinRunToFold = 3;
constexpr size_t kMaxChainHops = 24;


// The roots holding one site's sampled live objects (at most 3, most objects first).
struct SiteHolders {
  std::vector<RetentionHolder> holders;
  uint64_t reachable = 0;  // sampled objects with a path from a root
  RetainedSet retained;
};

struct AllocationSiteKey {
  std::string function, file;
  int64_t line = 0;
};

class HolderFinder {
 public:
  HolderFinder(const HeapSnapshot& snap, const GlobalSymbols* symbols)
      : snap_(snap), dump_(*snap.heap_dump), graph_(*dump_.graph), paths_(graph_), namer_(snap), symbols_(symbols) {}

  // The site's sampled live objects; when the dump has none (MemProfileRate missed them), the live
  // objects of its slot size in the emptiest spans, which are what pins those spans.
  std::optional<SiteHolders> Find(const AllocationSiteKey& key, uint64_t pinned_bytes, uint64_t slot_bytes) {
    std::vector<uint32_t> buckets = BucketsOfSite(key.function, key.file, key.line, snap_);
    std::vector<ObjectId> survivors = SampledObjectsOf(dump_, buckets);
    std::string site = buckets.empty() ? "" : SiteName(dump_.buckets[buckets.front()], snap_);
    bool sampled = true;
    if (survivors.empty() && slot_bytes > 0) {
      survivors = ObjectsInEmptiestSpans(dump_, slot_bytes, kMaxUnsampledSurvivors);
      site = fmt::format("the emptiest spans of the {} B class (unsampled; {} allocates there)", slot_bytes, key.function);
      sampled = false;
    }
    if (survivors.empty()) return std::nullopt;
    std::vector<RetentionPathGroup> groups = MergeByVariable(GroupRetentionPaths(graph_, paths_, survivors));
    if (groups.empty()) return std::nullopt;
    SiteHolders out;
    for (const auto& g : groups) out.reachable += g.objects;
    out.retained = ComputeRetainedSet(graph_, dump_, survivors);
    for (size_t gi = 0; gi < groups.size() && gi < 3; ++gi) {
      const RetentionPathGroup& g = groups[gi];
      const RootSource& root = graph_.root_sources()[g.root_source];
      named_by_segment |= IsGlobalRoot(root) && (!symbols_ || !symbols_->Find(root.address));
      RetentionHolder h;
      h.name = HolderName(root, symbols_);
      h.kind = RootKindName(root.kind);
      h.root_kind = root.kind;
      h.path.push_back(merged_roots_.count(gi) ? h.name : RootName(root, symbols_));  // where in it
      std::vector<std::string> hops;
      for (size_t i = 0; i + 1 < g.path.size(); ++i) hops.push_back(namer_.Describe(graph_, g.path[i]));
      for (std::string& hop : BoundedChain(std::move(hops))) h.path.push_back(std::move(hop));
      const char* what = g.objects == 1 ? (sampled ? "sampled object" : "object") : (sampled ? "sampled objects" : "objects");
      std::string size = FormatBytes(static_cast<int64_t>(graph_.size_bytes(g.path.back())));
      h.path.push_back(fmt::format("{} {} of {} from {}", FormatCount(static_cast<int64_t>(g.objects)), what, size, site));
      h.survivors = fmt::format("{} of {} from {}", sampled ? "sampled objects" : "objects", size, site);
      h.site = site;
      h.held_objects = g.objects;
      h.pinned_bytes = ShareOf(pinned_bytes, g.objects, out.reachable);
      h.retained_bytes = out.retained.bytes;
      h.retained_share_bytes = ShareOf(out.retained.bytes, g.objects, out.reachable);
      out.holders.push_back(std::move(h));
    }
    return out;
  }

  bool named_by_segment = false;

 private:
  // Roots inside one global variable (the 16 shards of `var shards [16]map[..]*Conn`, a struct's
  // fields) are one holder, named by the variable: most of the survivors are held by it, not 9 of
  // 82 by main.shards+112. The largest group's path stands for them.
  std::vector<RetentionPathGroup> MergeByVariable(std::vector<RetentionPathGroup> groups) {
    merged_roots_.clear();
    if (!symbols_) return groups;
    std::vector<RetentionPathGroup> out;
    std::unordered_map<const GlobalSymbol*, size_t> by_variable;
    std::vector<size_t> roots_in;  // per out group: how many roots it took
    for (RetentionPathGroup& g : groups) {
      const RootSource& root = graph_.root_sources()[g.root_source];
      const GlobalSymbol* variable = IsGlobalRoot(root) ? symbols_->Find(root.address) : nullptr;
      auto it = variable ? by_variable.find(variable) : by_variable.end();
      if (it == by_variable.end()) {
        if (variable) by_variable[variable] = out.size();
        out.push_back(std::move(g));
        roots_in.push_back(1);
        continue;
      }
      RetentionPathGroup& into = out[it->second];
      into.objects += g.objects;
      into.bytes += g.bytes;
      ++roots_in[it->second];
    }
    std::vector<size_t> order(out.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return out[a].objects > out[b].objects; });
    std::vector<RetentionPathGroup> sorted;
    for (size_t i : order) {
      if (roots_in[i] > 1) merged_roots_.insert(sorted.size());
      sorted.push_back(std::move(out[i]));
    }
    return sorted;
  }

  std::set<size_t> merged_roots_;  // groups (after MergeByVariable) that stand for several roots of one variable

  const HeapSnapshot& snap_;
  const HeapDump& dump_;
  const ObjectGraph& graph_;
  ShortestRootPaths paths_;
  HopNamer namer_;
  const GlobalSymbols* symbols_;
};

void DescribeHolderInAdvice(Advice& a, const SiteHolders& found) {
  const RetentionHolder& h = found.holders.front();
  a.held_by = h.name;
  a.held_by_kind = h.kind;
  a.holder_path = h.path;
  a.held_objects = h.held_objects;
  a.sampled_survivors = found.reachable;
  std::string chain;
  for (const auto& hop : h.path) chain += (chain.empty() ? "" : " -> ") + hop;
  a.message += fmt::format(" The survivors are held by {} ({}): {}{}.", h.name, h.kind, chain,
                           h.held_objects == found.reachable
                               ? ""
                               : fmt::format(" ({} of the {} sampled survivors)",
                                             FormatCount(static_cast<int64_t>(h.held_objects)),
                                             FormatCount(static_cast<int64_t>(found.reachable))));
  a.evidence.push_back(fmt::format("held by {}: {} of {} sampled survivors; the sampled survivors and what only they "
                                   "keep alive: {} objects, {}",
                                   h.name, h.held_objects, found.reachable,
                                   FormatCount(static_cast<int64_t>(found.retained.objects)),
                                   FormatBytes(static_cast<int64_t>(found.retained.bytes))));
}

}  // namespace

std::vector<RetentionHolder> AddRetentionToAdvice(std::vector<Advice>& advice, const HeapBreakdown& breakdown,
                                                  const HeapSnapshot& snapshot, const GlobalSymbols* symbols,
                                                  std::vector<std::string>& notes) {
  std::vector<RetentionHolder> holders;
  if (!snapshot.heap_dump || !snapshot.heap_dump->graph) return holders;
  HolderFinder finder(snapshot, symbols);
  std::set<std::tuple<std::string, std::string, int64_t>> done;
  for (Advice& a : advice) {
    if (a.kind != AdviceKind::kLifetime) continue;
    uint64_t slot_bytes = 0;
    for (const SiteRow& s : breakdown.sites)
      if (s.function == a.function && s.file == a.file && s.line == a.line) slot_bytes = s.slot_bytes;
    auto found = finder.Find({a.function, a.file, a.line}, a.saving_bytes, slot_bytes);
    if (!found) continue;
    DescribeHolderInAdvice(a, *found);
    done.insert({a.function, a.file, a.line});
    for (auto& h : found->holders) holders.push_back(std::move(h));
  }
  // The other sites that pin the most free-slot bytes.
  std::vector<const SiteRow*> pinning;
  for (const SiteRow& s : breakdown.sites)
    if (s.pinned_bytes > 0 && !done.count({s.function, s.file, s.line})) pinning.push_back(&s);
  std::sort(pinning.begin(), pinning.end(), [](const SiteRow* x, const SiteRow* y) { return x->pinned_bytes > y->pinned_bytes; });
  for (size_t i = 0; i < pinning.size() && i < kTopPinningSites; ++i)
    if (auto found = finder.Find({pinning[i]->function, pinning[i]->file, pinning[i]->line}, pinning[i]->pinned_bytes,
                                 pinning[i]->slot_bytes))
      for (auto& h : found->holders) holders.push_back(std::move(h));
  std::stable_sort(holders.begin(), holders.end(),
                   [](const RetentionHolder& x, const RetentionHolder& y) { return x.pinned_bytes > y.pinned_bytes; });
  if (finder.named_by_segment)
    notes.push_back(symbols ? "some roots in data/bss fall in no symbol of --binary (is it the binary that wrote the dump?)"
                            : "globals that hold survivors are named by segment and offset (bss+0x..): --binary EXE "
                              "(the service's unstripped executable) names them");
  return holders;
}

// A chain as it is read: a run of like hops (the nodes of a linked list, a tree's levels) is one hop
// that says how many, and a chain still longer keeps its first and last hops around a count of the
// rest, so a report stays a few lines whatever the data structure.
std::vector<std::string> BoundedChain(std::vector<std::string> hops) {
  std::vector<std::string> folded;
  for (size_t i = 0; i < hops.size();) {
    size_t j = i;
    while (j < hops.size() && hops[j] == hops[i]) ++j;
    if (j - i >= kMinRunToFold)
      folded.push_back(fmt::format("{} x {} (a chain, each holding the next)", FormatCount(static_cast<int64_t>(j - i)), hops[i]));
    else
      folded.insert(folded.end(), hops.begin() + static_cast<std::ptrdiff_t>(i), hops.begin() + static_cast<std::ptrdiff_t>(j));
    i = j;
  }
  if (folded.size() <= kMaxChainHops) return folded;
  size_t keep = kMaxChainHops / 2, dropped = folded.size() - 2 * keep;
  std::vector<std::string> out(folded.begin(), folded.begin() + static_cast<std::ptrdiff_t>(keep));
  out.push_back(fmt::format("... {} more hops ...", FormatCount(static_cast<int64_t>(dropped))));
  out.insert(out.end(), folded.end() - static_cast<std::ptrdiff_t>(keep), folded.end());
  return out;
}

}  // namespace heapdoc
