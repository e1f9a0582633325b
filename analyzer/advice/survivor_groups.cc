#include "analyzer/advice/survivor_groups.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "heapmodel/dump_sample_sites.h"
#include "heapmodel/retention_paths.h"

namespace heapdoc {
namespace {

// Sites tried as keepers in a dump: the costliest with sampled objects in pointerful spans. Each
// try is one walk of the object graph.
constexpr size_t kKeeperCandidates = 8;
// At most this many kept objects of one site per keeper object (estimated counts): a site whose
// few objects reach a whole population (the one cache struct that holds every session) is what
// holds the survivors, not the population whose lifetime the fix changes.
constexpr double kMaxKeptPerKeeper = 16;
// Objects of the emptiest spans that stand for a site whose survivors no sample shows.
constexpr size_t kMaxUnsampledExamples = 256;
// A keeper pins at least 1/kMinOwnShare of its lifetime saving in its own class.
constexpr uint64_t kMinOwnShare = 10;
// Profile inference: survivals within this factor count as the same lifetime, when both rest on
// at least kFewSamples live samples.
constexpr uint64_t kFewSamples = 10;
constexpr double kSameSurvivalFactor = 3;

std::string SiteLabel(const SiteRow& s) {
  std::string file = s.file.substr(s.file.rfind('/') == std::string::npos ? 0 : s.file.rfind('/') + 1);
  return fmt::format("{} ({}:{})", s.function, file, s.line);
}

// The function the user changes: the leaf, or its first user-code caller for a library leaf.
const std::string& UserFunction(const SiteRow& s) {
  return s.user_frame && *s.user_frame < s.caller_path.size() ? s.caller_path[*s.user_frame].function : s.function;
}

struct Move {
  size_t keeper = 0, kept = 0;
  uint64_t bytes = 0;
};

void Apply(HeapBreakdown& breakdown, const Move& m, KeptEvidence evidence) {
  SiteRow& keeper = breakdown.sites[m.keeper];
  SiteRow& kept = breakdown.sites[m.kept];
  uint64_t bytes = std::min(m.bytes, kept.pinned_bytes);
  if (bytes == 0) return;
  kept.pinned_bytes -= bytes;
  kept.cost_bytes -= std::min(kept.cost_bytes, bytes);
  keeper.kept_pinned_bytes += bytes;
  keeper.cost_bytes += bytes;
  keeper.kept_sites.push_back({kept.function, kept.file, kept.line, kept.slot_bytes, bytes});
  keeper.kept_evidence = evidence;
  if (kept.kept_by.empty()) kept.kept_by = SiteLabel(keeper);
}

// A keeper's own survivors are scattered too (they pin their own class): storage that only holds
// others (a map's buckets, whose entries are the sessions) is not what a lifetime fix moves.
bool IsKeeper(const SiteRow& site, const std::vector<Move>& moves, uint64_t packing_saving) {
  uint64_t kept = 0;
  for (const Move& m : moves) kept += m.bytes;
  return site.pinned_bytes * kMinOwnShare >= std::max(kept, packing_saving);
}

struct SampledObject {
  ObjectId id = kNoObject;
  double share = 0;  // free-slot bytes of its span per live object there
  bool pointerful = false;
};

// What a population keeps alive, counting the entries of the containers that hold it: the keys
// of the map slots that hold the sessions die with the sessions when the fix rebuilds those
// entries. A container is a parent on the shortest root paths of at least kContainerChildren of
// the population (a map's storage, a slice's backing array); it is not counted itself.
constexpr size_t kContainerChildren = 4;
std::vector<bool> RetainedWithContainers(const ObjectGraph& graph, const ShortestRootPaths& paths,
                                         const std::vector<ObjectId>& population) {
  std::unordered_map<ObjectId, size_t> children;
  for (ObjectId id : population)
    if (ObjectId p = paths.parent(id); p != kNoObject && p != id) ++children[p];
  std::vector<ObjectId> held = population;
  std::vector<ObjectId> containers;
  for (const auto& [p, n] : children)
    if (n >= kContainerChildren) containers.push_back(p);
  held.insert(held.end(), containers.begin(), containers.end());
  std::vector<bool> retained = RetainedMembership(graph, held);
  for (ObjectId c : containers) retained[c] = false;
  return retained;
}

// A heap dump's graph: a site's sampled objects keep what only they reach.
void GroupFromGraph(HeapBreakdown& breakdown, const HeapSnapshot& snapshot, UnattributedCost& unattributed) {
  const HeapDump& dump = *snapshot.heap_dump;
  const ObjectGraph& graph = *dump.graph;
  std::vector<uint32_t> sample_site = SiteOfDumpSamples(breakdown, snapshot);
  std::vector<std::vector<SampledObject>> sampled(breakdown.sites.size());
  for (size_t i = 0; i < sample_site.size(); ++i) {
    if (sample_site[i] == kNoSite) continue;
    const DumpAllocSample& a = dump.alloc_samples[i];
    ObjectId id = graph.Find(a.address);
    if (id == kNoObject) continue;
    const DumpSpan& span = dump.spans[a.span_index];
    double share = span.live_objects ? static_cast<double>(span.free_slot_bytes()) / span.live_objects : 0;
    sampled[sample_site[i]].push_back({id, share, span.has_pointers});
  }
  // A site given its class's unsampled survivors (site_cost.h) is stood for by the objects of the
  // class's emptiest spans, which are what pins them.
  for (size_t i = 0; i < breakdown.sites.size(); ++i) {
    if (!sampled[i].empty() || breakdown.sites[i].unsampled_live_objects == 0) continue;
    for (ObjectId id : ObjectsInEmptiestSpans(dump, breakdown.sites[i].slot_bytes, kMaxUnsampledExamples))
      sampled[i].push_back({id, 0, graph.edges_begin(id) != graph.edges_end(id)});
  }
  // Candidates: sites with sampled objects first, by cost (the sites are ranked by cost), then
  // those stood for by their class's emptiest spans. One found kept by an earlier candidate keeps
  // nothing itself: a site holds its own objects, and its own kept objects, only once.
  // A map's storage is no keeper: the entries it holds (the connections in a sharded map) keep their
  // own lifetime, and rebuilding the map (map-rebuild advice) leaves them where they are.
  std::vector<size_t> candidates;
  for (bool from_samples : {true, false})
    for (size_t i = 0; i < breakdown.sites.size() && candidates.size() < kKeeperCandidates; ++i)
      if ((breakdown.sites[i].live_samples > 0) == from_samples && breakdown.sites[i].dump_maps.empty() &&
          std::any_of(sampled[i].begin(), sampled[i].end(), [](const SampledObject& o) { return o.pointerful; }))
        candidates.push_back(i);

  std::vector<std::vector<Move>> moves(candidates.size());
  std::vector<uint64_t> packing_saving(candidates.size(), 0);  // exact, when the whole population is known
  std::vector<uint64_t> population_size(candidates.size(), 0);
  std::vector<bool> kept_candidate(candidates.size(), false);
  ShortestRootPaths paths(graph);
  for (size_t c = 0; c < candidates.size(); ++c) {
    if (kept_candidate[c]) continue;
    const SiteRow& keeper = breakdown.sites[candidates[c]];
    std::vector<ObjectId> ids;
    for (const SampledObject& o : sampled[candidates[c]]) ids.push_back(o.id);
    // The keeper's whole population, when the objects held as its samples are (about) as many as
    // its estimated live count; else its samples, each standing for live / samples objects.
    double keeper_live = std::max<double>(1, static_cast<double>(Positive(keeper.counts.live_objects)));
    double scale = keeper_live / static_cast<double>(ids.size());
    auto plausible = [&](const std::vector<ObjectId>& p) {
      double n = static_cast<double>(p.size());
      // A count resting on few samples is rough (one sample of an 80 B object stands for 6,554 at
      // the default rate): the population found may be far below it.
      double low = keeper.live_samples >= 10 ? 0.5 : 0.125;
      return p.size() >= ids.size() && n >= low * keeper_live && n <= 2 * keeper_live + 16;
    };
    for (bool compare_parents : {true, false}) {
      std::vector<ObjectId> population = paths.ObjectsHeldLike(graph, ids, compare_parents);
      if (!plausible(population)) continue;
      ids = std::move(population);
      scale = 1;
      break;
    }
    std::vector<size_t> marks;  // later candidates this one keeps, if it is a keeper
    std::vector<bool> retained = scale == 1 ? RetainedWithContainers(graph, paths, ids) : RetainedMembership(graph, ids);
    if (scale == 1) {
      RetainedSet set = SummarizeRetained(graph, dump, retained);
      // A container (the map holding every session) is not what a lifetime fix moves.
      if (static_cast<double>(set.objects) <= (kMaxKeptPerKeeper + 1) * static_cast<double>(ids.size())) {
        packing_saving[c] = PackingSaving(dump, set);
        population_size[c] = ids.size();
      }
    }
    for (size_t d = 0; d < breakdown.sites.size(); ++d) {
      if (d == candidates[c] || sampled[d].empty()) continue;
      double in_share = 0, all_share = 0;
      size_t in_count = 0;
      for (const SampledObject& o : sampled[d]) {
        all_share += o.share;
        if (retained[o.id]) {
          in_share += o.share;
          ++in_count;
        }
      }
      if (in_count == 0) continue;
      const SiteRow& kept = breakdown.sites[d];
      double kept_objects = std::min(1.0, scale * static_cast<double>(in_count) / static_cast<double>(sampled[d].size())) *
                            static_cast<double>(Positive(kept.counts.live_objects));
      if (kept_objects > kMaxKeptPerKeeper * keeper_live) continue;
      // Another candidate mostly inside this one's retained set is kept, not a keeper.
      auto other = std::find(candidates.begin(), candidates.end(), d);
      if (other != candidates.end() && other - candidates.begin() > static_cast<ptrdiff_t>(c) && 2 * in_count >= sampled[d].size())
        marks.push_back(static_cast<size_t>(other - candidates.begin()));
      double fraction = all_share > 0 ? in_share / all_share : static_cast<double>(in_count) / static_cast<double>(sampled[d].size());
      fraction = std::min(1.0, fraction * scale);
      moves[c].push_back({candidates[c], d, static_cast<uint64_t>(static_cast<double>(kept.pinned_bytes) * fraction)});
    }
    if (IsKeeper(breakdown.sites[candidates[c]], moves[c], packing_saving[c]))
      for (size_t m : marks) kept_candidate[m] = true;
  }
  for (size_t c = 0; c < candidates.size(); ++c) {
    if (kept_candidate[c]) continue;
    if (!IsKeeper(breakdown.sites[candidates[c]], moves[c], packing_saving[c])) continue;
    for (const Move& m : moves[c]) Apply(breakdown, m, KeptEvidence::kObjectGraph);
    breakdown.sites[candidates[c]].survivors_in_graph = population_size[c];
    // What the samples did not tie to a site: objects no sample reached (a kept site whose objects
    // were never sampled), from the free slots nothing was attributed to.
    SiteRow& keeper = breakdown.sites[candidates[c]];
    uint64_t counted = keeper.pinned_bytes + keeper.kept_pinned_bytes;
    uint64_t unsampled = std::min(unattributed.pinned_bytes, packing_saving[c] > counted ? packing_saving[c] - counted : 0);
    if (unsampled == 0) continue;
    unattributed.pinned_bytes -= unsampled;
    keeper.kept_pinned_bytes += unsampled;
    keeper.cost_bytes += unsampled;
    keeper.kept_sites.push_back({"", "", 0, 0, unsampled});
    keeper.kept_evidence = KeptEvidence::kObjectGraph;
  }
}

// Where a profile takes two lines for one lifetime: the same function, or the kept line in the
// function that called the keeper's (a constructor, newBucket, and the key its caller built for it).
bool SameLifetimeScope(const SiteRow& keeper, const SiteRow& kept) {
  const std::string& kept_function = UserFunction(kept);
  if (kept_function == UserFunction(keeper)) return true;
  size_t caller = keeper.user_frame ? *keeper.user_frame + 1 : 0;
  return caller < keeper.caller_path.size() && keeper.caller_path[caller].function == kept_function;
}

// A profile has no pointers: a named struct with pointers and the sites of the same function
// whose objects survive at the same rate are taken as one lifetime, kept by the struct.
bool GroupBySameFunction(HeapBreakdown& breakdown) {
  bool grouped = false;
  for (size_t k = 0; k < breakdown.sites.size(); ++k) {
    const SiteRow& keeper = breakdown.sites[k];
    if (!keeper.type_is_named_value || keeper.type_has_pointers != true || keeper.counts.live_objects <= 0) continue;
    double survival = keeper.survival();
    if (survival >= 0.5 || !keeper.kept_by.empty()) continue;  // nothing expired around it, or kept itself
    for (size_t d = 0; d < breakdown.sites.size(); ++d) {
      const SiteRow& kept = breakdown.sites[d];
      if (d == k || kept.pinned_bytes == 0 || kept.counts.live_objects <= 0 || !kept.kept_sites.empty()) continue;
      if (kept.type_is_named_value && kept.type_has_pointers == true) continue;  // a keeper of its own
      if (!SameLifetimeScope(keeper, kept)) continue;
      // Survival rests on the live samples: with few of them (a few thousand survivors at the
      // default MemProfileRate), only "mostly freed too" can be told.
      bool few_samples = keeper.live_samples < kFewSamples || kept.live_samples < kFewSamples;
      double ratio = kept.survival() / survival;
      if (few_samples ? kept.survival() >= 0.5 : ratio < 1 / kSameSurvivalFactor || ratio > kSameSurvivalFactor) continue;
      if (static_cast<double>(kept.counts.live_objects) > kMaxKeptPerKeeper * static_cast<double>(keeper.counts.live_objects)) continue;
      Apply(breakdown, {k, d, kept.pinned_bytes}, KeptEvidence::kSameFunction);
      grouped = true;
    }
  }
  return grouped;
}

}  // namespace

void GroupSurvivorsWithKeepers(HeapBreakdown& breakdown, const HeapSnapshot& snapshot, UnattributedCost& unattributed,
                               std::vector<std::string>& notes) {
  if (snapshot.heap_dump && snapshot.heap_dump->graph) {
    GroupFromGraph(breakdown, snapshot, unattributed);
  } else if (GroupBySameFunction(breakdown)) {
    notes.push_back("sites allocated in the same function as a struct with pointers (or in its caller) and surviving "
                    "at the same rate are taken as kept alive by it (their pinned free slots count at the struct's "
                    "site): a profile has no pointers to prove it; a heap dump (--dump) shows what keeps what exactly");
  }
  for (SiteRow& s : breakdown.sites)
    std::sort(s.kept_sites.begin(), s.kept_sites.end(),
              [](const KeptSite& a, const KeptSite& b) { return a.pinned_bytes > b.pinned_bytes; });
  std::stable_sort(breakdown.sites.begin(), breakdown.sites.end(), [](const SiteRow& x, const SiteRow& y) {
    if (x.cost_bytes != y.cost_bytes) return x.cost_bytes > y.cost_bytes;
    return x.counts.live_bytes > y.counts.live_bytes;
  });
}

}  // namespace heapdoc
