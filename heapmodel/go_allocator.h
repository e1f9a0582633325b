// Which frames belong to Go's allocator itself. A site is the first frame outside it: Go 1.26
// heap-dump buckets (and some 1.26 profile stacks) start inside runtime.mallocgc, and every
// version's stacks may pass through newobject, makeslice, growslice or the map code before the
// line that asked for memory.
#pragma once

#include <string_view>

namespace heapdoc {

// True for the runtime's allocation machinery (read from runtime/malloc.go, slice.go, string.go,
// iface.go, chan.go, map*.go and internal/runtime/maps of Go 1.19, 1.22, 1.24 and 1.26): never
// the code to change, only the way an allocation reached the heap. Runtime functions that
// allocate for their own purposes (runtime.malg, runtime.allocm) are not in it: they are sites.
bool IsGoAllocatorFunction(std::string_view function);

}  // namespace heapdoc
