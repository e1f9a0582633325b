// Names what keeps a lifetime advice's survivors alive: the shortest reference chain from a root
// (a global, a goroutine's frame, ...) to the site's sampled live objects in a heap dump's object
// graph, and what they keep alive alone (heapmodel/retention_paths.h).
#pragma once

#include <string>
#include <vector>

#include "heapmodel/advice.h"
#include "heapmodel/global_symbols.h"
#include "heapmodel/heap_breakdown.h"
#include "heapmodel/heap_snapshot.h"
#include "heapmodel/object_graph.h"

namespace heapdoc {

// A root and the survivors of the culprit sites it holds, over all lifetime advice.
struct RetentionHolder {
  std::string name;             // "main.survivors"
  std::string kind;             // RootKindName
  RootKind root_kind = RootKind::kOther;
  std::vector<std::string> path;  // hops, root first
  std::string site;             // the survivors' site ("main.newEntry (main.go:35)")
  std::string survivors;        // what the path's last hop is, without its count ("objects of 64 B from <site>")
  uint64_t held_objects = 0;    // sampled survivors held through it
  uint64_t pinned_bytes = 0;    // the advice's pinned bytes, shared by held_objects / survivors
  uint64_t retained_bytes = 0;  // the site's sampled objects and what only they keep alive
  uint64_t retained_share_bytes = 0;  // retained_bytes shared by held_objects / survivors (sums over holders)
};

// A chain's hop descriptions (root side first) as they are shown: a run of at least 3 like hops
// (a linked list's nodes) is one hop with its count, and past 24 hops the middle ones are one
// "... N more hops ..." hop.
std::vector<std::string> BoundedChain(std::vector<std::string> hops);

// Fills Advice::held_by and friends for every lifetime advice whose site has sampled objects in the
// dump's graph and extends its message and evidence; returns the holders of those sites and of the
// other sites pinning the most free-slot bytes, most pinned bytes first. `symbols` may be null
// (globals are then named by segment and offset, and a note says so).
std::vector<RetentionHolder> AddRetentionToAdvice(std::vector<Advice>& advice, const HeapBreakdown& breakdown,
                                                  const HeapSnapshot& snapshot, const GlobalSymbols* symbols,
                                                  std::vector<std::string>& notes);

}  // namespace heapdoc
