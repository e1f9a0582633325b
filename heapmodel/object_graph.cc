// Resolving a streamed heap dump's pointer words into a compact object graph.
#include "heapmodel/object_graph.h"

#include <algorithm>
#include <limits>
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

const ObjectGraph::Run& ObjectGraph::RunOf(ObjectId id) const {
  // The last run starting at or before `id` (runs are never empty).
  auto it = std::upper_bound(runs_.begin(), runs_.end(), id, [](ObjectId i, const Run& r) { return i < r.first; });
  return *(it - 1);
}

ObjectId ObjectGraph::Find(uint64_t address) const {
  // The last span starting at or below `address`, then the slot holding it.
  auto it = std::upper_bound(runs_by_address_.begin(), runs_by_address_.end(), address,
                             [this](uint64_t a, uint32_t r) { return a < runs_[r].base_address; });
  if (it == runs_by_address_.begin()) return kNoObject;
  size_t run = *(it - 1);
  const Run& r = runs_[run];
  uint64_t slot = (address - r.base_address) / r.slot_bytes;
  if (slot > std::numeric_limits<uint16_t>::max()) return kNoObject;
  const uint16_t* begin = slots_.data() + r.first;
  const uint16_t* end = slots_.data() + RunEnd(run);
  const uint16_t* found = std::lower_bound(begin, end, static_cast<uint16_t>(slot));
  return found != end && *found == slot ? static_cast<ObjectId>(found - slots_.data()) : kNoObject;
}

std::vector<ObjectId> ObjectGraph::ObjectsIn(uint64_t begin, uint64_t end) const {
  std::vector<ObjectId> out;
  // From the span holding `begin` (or the first one after it) on, by address.
  auto it = std::upper_bound(runs_by_address_.begin(), runs_by_address_.end(), begin,
                             [this](uint64_t a, uint32_t r) { return a < runs_[r].base_address; });
  if (it != runs_by_address_.begin()) --it;
  for (; it != runs_by_address_.end() && runs_[*it].base_address < end; ++it) {
    const Run& r = runs_[*it];
    for (ObjectId id = r.first; id < RunEnd(*it); ++id) {
      uint64_t a = r.base_address + uint64_t{slots_[id]} * r.slot_bytes;
      if (a >= begin && a < end) out.push_back(id);
    }
  }
  return out;
}

void ObjectGraphBuilder::StartSpan(uint64_t base_address, uint64_t slot_bytes) {
  auto& runs = graph_.runs_;
  if (!runs.empty() && runs.back().first == graph_.slots_.size()) runs.pop_back();  // a span with no object
  runs.push_back({base_address, std::max<uint64_t>(slot_bytes, 1), static_cast<ObjectId>(graph_.slots_.size())});
}

void ObjectGraphBuilder::AddObject(uint64_t address, uint64_t size_bytes) {
  ObjectGraph& g = graph_;
  if (g.slots_.size() >= max_objects_)
    throw Error(fmt::format("the heap dump has more than {} objects (heapdoc's object-graph limit)", max_objects_));
  // On a slot of the current span after the previous object; else a span of its own (the reader
  // refuses such dumps, but the graph does not rely on it).
  bool fits = !g.runs_.empty() && g.runs_.back().slot_bytes == size_bytes && address >= g.runs_.back().base_address;
  uint64_t offset = fits ? address - g.runs_.back().base_address : 0;
  uint64_t slot = fits ? offset / size_bytes : 0;
  fits = fits && offset % size_bytes == 0 && slot <= std::numeric_limits<uint16_t>::max() &&
         (g.runs_.back().first == g.slots_.size() || slot > g.slots_.back());
  if (!fits) {
    StartSpan(address, size_bytes);
    slot = 0;
  }
  g.edge_begin_.push_back(static_cast<uint32_t>(raw_edges_.size() / words_per_edge_));
  g.slots_.push_back(static_cast<uint16_t>(slot));
}

void ObjectGraphBuilder::DropLastObjects(uint64_t n) {
  ObjectGraph& g = graph_;
  n = std::min<uint64_t>(n, g.slots_.size());
  if (n == 0) return;
  size_t keep = g.slots_.size() - n;
  raw_edges_.truncate(size_t{g.edge_begin_[keep]} * words_per_edge_);
  g.edge_begin_.truncate(keep);
  g.slots_.truncate(keep);
  while (!g.runs_.empty() && g.runs_.back().first >= keep) g.runs_.pop_back();  // spans left empty
}

void ObjectGraphBuilder::SetHeapArena(uint64_t begin, uint64_t end) {
  constexpr uint64_t kMaxCompactArenaBytes = uint64_t{1} << 35;  // 2^32 offsets of 8 bytes
  if (!raw_edges_.empty() || begin % 8 != 0 || end <= begin || end - begin > kMaxCompactArenaBytes) return;
  words_per_edge_ = 1;
  arena_begin_ = begin;
  arena_end_ = end;
}

void ObjectGraphBuilder::AddPointer(uint64_t target_address) {
  if (raw_edges_.size() / words_per_edge_ >= max_edges_)
    throw Error(fmt::format("the heap dump has more than {} pointers between objects (heapdoc's object-graph limit)",
                            max_edges_));
  if (words_per_edge_ == 1) {
    if (target_address >= arena_begin_ && target_address < arena_end_)
      raw_edges_.push_back(static_cast<uint32_t>((target_address - arena_begin_) >> 3));
    return;
  }
  raw_edges_.push_back(static_cast<uint32_t>(target_address));
  raw_edges_.push_back(static_cast<uint32_t>(target_address >> 32));
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
  if (!g.runs_.empty() && g.runs_.back().first == g.slots_.size()) g.runs_.pop_back();
  g.runs_.shrink_to_fit();
  g.slots_.shrink_to_fit();
  g.edge_begin_.push_back(static_cast<uint32_t>(raw_edges_.size() / words_per_edge_));
  g.edge_begin_.shrink_to_fit();
  g.runs_by_address_.resize(g.runs_.size());
  std::iota(g.runs_by_address_.begin(), g.runs_by_address_.end(), 0u);
  std::sort(g.runs_by_address_.begin(), g.runs_by_address_.end(),
            [&g](uint32_t a, uint32_t b) { return g.runs_[a].base_address < g.runs_[b].base_address; });
  // Resolve in place, compacting: edge k is written over the words of raw edge e >= k after they
  // are read. Pointers to no live object (into stacks, globals, freed slots) are not edges.
  uint32_t* words = raw_edges_.data();
  auto target_address = [&](size_t e) {
    return words_per_edge_ == 1 ? arena_begin_ + (uint64_t{words[e]} << 3)
                                : uint64_t{words[2 * e]} | uint64_t{words[2 * e + 1]} << 32;
  };
  size_t kept = 0;
  for (size_t id = 0; id < g.slots_.size(); ++id) {
    uint32_t begin = g.edge_begin_[id], end = g.edge_begin_[id + 1];
    g.edge_begin_[id] = static_cast<uint32_t>(kept);
    for (uint32_t e = begin; e < end; ++e) {
      ObjectId target = g.Find(target_address(e));
      if (target != kNoObject) words[kept++] = target;
    }
  }
  g.edge_begin_[g.slots_.size()] = static_cast<uint32_t>(kept);
  raw_edges_.truncate(kept);
  raw_edges_.shrink_to_fit();
  g.edges_ = std::move(raw_edges_);
  for (const auto& [source, address] : raw_roots_) {
    ObjectId target = g.Find(address);
    if (target != kNoObject) g.roots_.push_back({source, target});
  }
  std::vector<std::pair<uint32_t, uint64_t>>().swap(raw_roots_);
  return std::move(graph_);
}

}  // namespace heapdoc
