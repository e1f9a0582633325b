// Resolving a streamed heap dump's pointer words into a compact object graph.
#include "heapmodel/object_graph.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "heapmodel/error.h"

namespace heapdoc {

const char* RootKindName(RootKind kind) {
  switch (kind) {
    case RootKind::kData: return "global (data)";
    case RootKind::kBss: return "global (bss)";
    case RootKind::kStackFrame: return "goroutine frame";
    case RootKind::kFinalizer: return "finalizer";
    case RootKind::kOther: return "runtime root";
  }
  return "root";
}

ObjectId ObjectGraph::Find(uint64_t address) const {
  // The last object starting at or below `address`.
  auto it = std::upper_bound(by_address_.begin(), by_address_.end(), address,
                             [this](uint64_t a, ObjectId id) { return a < addresses_[id]; });
  if (it == by_address_.begin()) return kNoObject;
  ObjectId id = *(it - 1);
  return address - addresses_[id] < sizes_[id] ? id : kNoObject;
}

std::vector<ObjectId> ObjectGraph::ObjectsIn(uint64_t begin, uint64_t end) const {
  auto it = std::lower_bound(by_address_.begin(), by_address_.end(), begin,
                             [this](ObjectId id, uint64_t a) { return addresses_[id] < a; });
  std::vector<ObjectId> out;
  for (; it != by_address_.end() && addresses_[*it] < end; ++it) out.push_back(*it);
  return out;
}

void ObjectGraphBuilder::AddObject(uint64_t address, uint64_t size_bytes) {
  if (graph_.addresses_.size() >= max_objects_)
    throw Error(fmt::format("the heap dump has more than {} objects (heapdoc's object-graph limit)", max_objects_));
  graph_.edge_begin_.push_back(static_cast<uint32_t>(raw_edges_.size()));
  graph_.addresses_.push_back(address);
  graph_.sizes_.push_back(static_cast<uint32_t>(std::min<uint64_t>(size_bytes, UINT32_MAX)));
}

void ObjectGraphBuilder::AddPointer(uint64_t target_address) {
  if (raw_edges_.size() >= max_edges_)
    throw Error(fmt::format("the heap dump has more than {} pointers between objects (heapdoc's object-graph limit)",
                            max_edges_));
  raw_edges_.push_back(target_address);
}

uint32_t ObjectGraphBuilder::AddRootSource(RootSource source) {
  graph_.root_sources_.push_back(std::move(source));
  return static_cast<uint32_t>(graph_.root_sources_.size() - 1);
}

void ObjectGraphBuilder::AddRoot(uint32_t source, uint64_t target_address) {
  if (raw_roots_.size() >= max_edges_)
    throw Error(fmt::format("the heap dump has more than {} root pointers (heapdoc's object-graph limit)", max_edges_));
  raw_roots_.emplace_back(source, target_address);
}

ObjectGraph ObjectGraphBuilder::Finish() && {
  ObjectGraph& g = graph_;
  g.edge_begin_.push_back(static_cast<uint32_t>(raw_edges_.size()));
  g.by_address_.resize(g.addresses_.size());
  std::iota(g.by_address_.begin(), g.by_address_.end(), ObjectId{0});
  std::sort(g.by_address_.begin(), g.by_address_.end(),
            [&g](ObjectId a, ObjectId b) { return g.addresses_[a] < g.addresses_[b]; });
  // Resolve in place, compacting: pointers to no live object (into stacks, globals, freed slots)
  // are not edges.
  std::vector<ObjectId> edges;
  edges.reserve(raw_edges_.size());
  for (size_t id = 0; id < g.addresses_.size(); ++id) {
    uint32_t begin = g.edge_begin_[id], end = g.edge_begin_[id + 1];
    g.edge_begin_[id] = static_cast<uint32_t>(edges.size());
    for (uint32_t e = begin; e < end; ++e) {
      ObjectId target = g.Find(raw_edges_[e]);
      if (target != kNoObject) edges.push_back(target);
    }
  }
  g.edge_begin_.back() = static_cast<uint32_t>(edges.size());
  std::vector<uint64_t>().swap(raw_edges_);
  edges.shrink_to_fit();
  g.edges_ = std::move(edges);
  for (const auto& [source, address] : raw_roots_) {
    ObjectId target = g.Find(address);
    if (target != kNoObject) g.roots_.push_back({source, target});
  }
  std::vector<std::pair<uint32_t, uint64_t>>().swap(raw_roots_);
  return std::move(graph_);
}

}  // namespace heapdoc
