// Survivors that keep other objects alive: a session keeps its ID string, its roles slice and its
// attribute map; when sessions expire and a few survive scattered, each of those survivors pins
// spans in several size classes, and the fix (isolating the sessions' lifetime) frees them all.
// The ranking puts those free slots on the site whose survivors keep them: its cost and its
// lifetime saving count every class, and the sites of the kept objects lose what moved.
//
// From a heap dump's object graph the grouping is exact for the sampled objects: an object is kept
// by a site when only that site's sampled objects reach it (retention_paths.h, the retained set);
// each kept site gives up the share of its pinned bytes its sampled objects in that set carry.
// From a profile it is inferred, and said so: sites of one function whose survival equals that of
// a named struct with pointers allocated there are taken as kept by it.
#pragma once

#include <string>
#include <vector>

#include "heapmodel/heap_breakdown.h"
#include "heapmodel/heap_snapshot.h"
#include "heapmodel/site_cost.h"

namespace heapdoc {

// Moves pinned bytes from kept sites to their keepers (SiteRow::kept_*), adjusts the costs and
// re-sorts the sites by cost. Needs the cost ranking (site_cost.h) done and, for the profile
// inference, the sites' types (AnnotateSiteTypes). Adds a note when it inferred a group.
// From a dump whose graph shows a keeper's whole population, its saving is exact (PackingSaving):
// free slots beyond what sampled sites gave are taken from `unattributed`.
void GroupSurvivorsWithKeepers(HeapBreakdown& breakdown, const HeapSnapshot& snapshot, UnattributedCost& unattributed,
                               std::vector<std::string>& notes);

}  // namespace heapdoc
