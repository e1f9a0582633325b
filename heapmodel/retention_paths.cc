// Shortest root paths, their grouping, and retained sets over an ObjectGraph.
#include "heapmodel/retention_paths.h"

#include <algorithm>
#include <deque>
#include <map>
#include <limits>
#include <numeric>
#include <set>
#include <tuple>

namespace heapdoc {
namespace {

// Roots in the order the walk takes them: globals, then frames, finalizers, the runtime's own.
std::vector<uint32_t> RootsInPreferenceOrder(const ObjectGraph& graph) {
  std::vector<uint32_t> order(graph.roots().size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&graph](uint32_t a, uint32_t b) {
    return graph.root_sources()[graph.roots()[a].source].kind < graph.root_sources()[graph.roots()[b].source].kind;
  });
  return order;
}

}  // namespace

ShortestRootPaths::ShortestRootPaths(const ObjectGraph& graph) : parent_(graph.object_count(), kNoObject) {
  // Level by level: memory follows the widest level, not every reachable object.
  std::vector<ObjectId> level, next;
  for (uint32_t r : RootsInPreferenceOrder(graph)) {
    ObjectId t = graph.roots()[r].target;
    if (parent_[t] != kNoObject) continue;
    parent_[t] = t;
    root_of_.emplace(t, r);
    level.push_back(t);
  }
  while (!level.empty()) {
    for (ObjectId u : level)
      for (const ObjectId* e = graph.edges_begin(u); e != graph.edges_end(u); ++e)
        if (parent_[*e] == kNoObject) {
          parent_[*e] = u;
          next.push_back(*e);
        }
    level.swap(next);
    next.clear();
  }
}

std::vector<ObjectId> ShortestRootPaths::PathTo(ObjectId id, uint32_t* root) const {
  std::vector<ObjectId> path;
  if (parent_[id] == kNoObject) return path;
  for (ObjectId u = id;; u = parent_[u]) {
    path.push_back(u);
    if (parent_[u] == u) {
      *root = root_of_.at(u);
      break;
    }
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<ObjectId> ShortestRootPaths::ObjectsHeldLike(const ObjectGraph& graph, const std::vector<ObjectId>& examples,
                                                          bool compare_parents) const {
  constexpr uint32_t kUnset = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> root_source(graph.object_count(), kUnset);
  std::vector<ObjectId> chain;
  auto root_of = [&](ObjectId id) {
    chain.clear();
    ObjectId u = id;
    while (root_source[u] == kUnset && parent_[u] != u) {
      chain.push_back(u);
      u = parent_[u];
    }
    if (root_source[u] == kUnset) root_source[u] = graph.roots()[root_of_.at(u)].source;
    for (ObjectId c : chain) root_source[c] = root_source[u];
    return root_source[u];
  };
  using Signature = std::tuple<uint64_t, uint64_t, uint32_t>;  // slot, parent's slot (0: a root), root source
  auto signature = [&](ObjectId id) {
    uint64_t parent = !compare_parents ? 1 : parent_[id] == id ? 0 : graph.size_bytes(parent_[id]);
    return Signature{graph.size_bytes(id), parent, root_of(id)};
  };
  std::set<Signature> wanted;
  std::set<uint64_t> sizes;
  for (ObjectId e : examples)
    if (reachable(e)) {
      wanted.insert(signature(e));
      sizes.insert(graph.size_bytes(e));
    }
  std::vector<ObjectId> out;
  for (ObjectId id = 0; id < graph.object_count(); ++id)
    if (reachable(id) && sizes.count(graph.size_bytes(id)) && wanted.count(signature(id))) out.push_back(id);
  return out;
}

std::vector<RetentionPathGroup> GroupRetentionPaths(const ObjectGraph& graph, const ShortestRootPaths& paths,
                                                    const std::vector<ObjectId>& targets) {
  std::map<uint32_t, RetentionPathGroup> groups;
  for (ObjectId t : targets) {
    uint32_t root = 0;
    std::vector<ObjectId> path = paths.PathTo(t, &root);
    if (path.empty()) continue;
    uint32_t source = graph.roots()[root].source;
    RetentionPathGroup& g = groups[source];
    if (g.objects == 0) {
      g.root_source = source;
      g.path = std::move(path);
    }
    ++g.objects;
    g.bytes += graph.size_bytes(t);
  }
  std::vector<RetentionPathGroup> out;
  for (auto& [source, g] : groups) out.push_back(std::move(g));
  std::stable_sort(out.begin(), out.end(),
                   [](const RetentionPathGroup& a, const RetentionPathGroup& b) { return a.objects > b.objects; });
  return out;
}

std::vector<ObjectId> SampledObjectsOf(const HeapDump& dump, const std::vector<uint32_t>& bucket_indices) {
  std::vector<ObjectId> out;
  if (!dump.graph) return out;
  for (const DumpAllocSample& s : dump.alloc_samples) {
    if (std::find(bucket_indices.begin(), bucket_indices.end(), s.bucket_index) == bucket_indices.end()) continue;
    ObjectId id = dump.graph->Find(s.address);
    if (id != kNoObject && dump.graph->address(id) == s.address) out.push_back(id);
  }
  return out;
}

std::vector<ObjectId> ObjectsInEmptiestSpans(const HeapDump& dump, uint64_t slot_bytes, size_t max_objects) {
  std::vector<ObjectId> out;
  if (!dump.graph) return out;
  std::vector<const DumpSpan*> spans;
  for (const DumpSpan& s : dump.spans)
    if (s.elem_size_bytes == slot_bytes && s.live_objects > 0) spans.push_back(&s);
  std::stable_sort(spans.begin(), spans.end(),
                   [](const DumpSpan* a, const DumpSpan* b) { return a->live_objects < b->live_objects; });
  for (const DumpSpan* s : spans) {
    for (ObjectId id : dump.graph->ObjectsIn(s->base_address, s->base_address + uint64_t{s->slot_count} * slot_bytes)) {
      if (out.size() >= max_objects) return out;
      out.push_back(id);
    }
  }
  return out;
}

std::vector<bool> ReachableFromRoots(const ObjectGraph& graph) {
  std::vector<bool> reached(graph.object_count(), false);
  std::vector<ObjectId> stack;
  for (const GraphRoot& r : graph.roots())
    if (!reached[r.target]) {
      reached[r.target] = true;
      stack.push_back(r.target);
    }
  while (!stack.empty()) {
    ObjectId u = stack.back();
    stack.pop_back();
    for (const ObjectId* e = graph.edges_begin(u); e != graph.edges_end(u); ++e)
      if (!reached[*e]) {
        reached[*e] = true;
        stack.push_back(*e);
      }
  }
  return reached;
}

std::vector<bool> RetainedMembership(const ObjectGraph& graph, const std::vector<ObjectId>& site_objects) {
  // 1: in S; 2: reached from a root avoiding S; 4: reached from S.
  std::vector<uint8_t> mark(graph.object_count(), 0);
  for (ObjectId s : site_objects) mark[s] = 1;
  // Depth first: the stack holds the objects marked and not yet expanded, far fewer than all.
  auto walk = [&graph, &mark](std::vector<ObjectId> stack, uint8_t bit, uint8_t stop) {
    while (!stack.empty()) {
      ObjectId u = stack.back();
      stack.pop_back();
      for (const ObjectId* e = graph.edges_begin(u); e != graph.edges_end(u); ++e)
        if (!(mark[*e] & (bit | stop))) {
          mark[*e] |= bit;
          stack.push_back(*e);
        }
    }
  };
  std::vector<ObjectId> from_roots;
  for (const GraphRoot& r : graph.roots())
    if (!(mark[r.target] & 3)) {
      mark[r.target] |= 2;
      from_roots.push_back(r.target);
    }
  walk(std::move(from_roots), 2, 1);
  std::vector<ObjectId> from_site;
  for (ObjectId s : site_objects)
    if (!(mark[s] & 4)) {
      mark[s] |= 4;
      from_site.push_back(s);
    }
  walk(std::move(from_site), 4, 0);
  std::vector<bool> retained(graph.object_count());
  for (ObjectId id = 0; id < graph.object_count(); ++id) retained[id] = (mark[id] & 6) == 4;  // from S, not around it
  return retained;
}

RetainedSet ComputeRetainedSet(const ObjectGraph& graph, const HeapDump& dump, const std::vector<ObjectId>& site_objects) {
  return SummarizeRetained(graph, dump, RetainedMembership(graph, site_objects));
}

uint64_t PackingSaving(const HeapDump& dump, const RetainedSet& retained) {
  uint64_t freed = 0;
  std::map<uint64_t, const DumpSpan*> span_of_size;  // a span of each slot size: its pages and slots
  for (const RetainedInSpan& r : retained.by_span) {
    const DumpSpan& span = dump.spans[r.span_index];
    if (r.objects >= span.live_objects) freed += span.span_bytes;
    span_of_size.emplace(span.elem_size_bytes, &span);
  }
  uint64_t packed = 0;
  for (const RetainedBySlotSize& row : retained.by_slot_size) {
    auto it = span_of_size.find(row.slot_bytes);
    if (it == span_of_size.end() || it->second->slot_count == 0) continue;
    uint64_t per_span = it->second->slot_count;
    packed += (row.objects + per_span - 1) / per_span * it->second->span_bytes;
  }
  return freed > packed ? freed - packed : 0;
}

RetainedSet SummarizeRetained(const ObjectGraph& graph, const HeapDump& dump, const std::vector<bool>& retained) {

  // Spans by base address, to place each retained object.
  std::vector<uint32_t> span_order(dump.spans.size());
  std::iota(span_order.begin(), span_order.end(), 0u);
  std::sort(span_order.begin(), span_order.end(), [&dump](uint32_t a, uint32_t b) {
    return dump.spans[a].base_address < dump.spans[b].base_address;
  });
  std::map<uint64_t, RetainedBySlotSize> by_size;
  std::map<uint32_t, uint32_t> by_span;
  RetainedSet out;
  for (ObjectId id = 0; id < graph.object_count(); ++id) {
    if (!retained[id]) continue;
    uint64_t size = graph.size_bytes(id), address = graph.address(id);
    ++out.objects;
    out.bytes += size;
    RetainedBySlotSize& row = by_size[size];
    row.slot_bytes = size;
    ++row.objects;
    row.bytes += size;
    auto it = std::upper_bound(span_order.begin(), span_order.end(), address,
                               [&dump](uint64_t a, uint32_t s) { return a < dump.spans[s].base_address; });
    if (it != span_order.begin()) {
      const DumpSpan& span = dump.spans[*(it - 1)];
      if (address - span.base_address < span.span_bytes) ++by_span[*(it - 1)];
    }
  }
  for (auto& [size, row] : by_size) out.by_slot_size.push_back(row);
  for (auto& [span, n] : by_span) out.by_span.push_back({span, n});
  return out;
}

}  // namespace heapdoc
