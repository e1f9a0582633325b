#include "heapmodel/go_allocator.h"

#include <algorithm>
#include <iterator>

namespace heapdoc {
namespace {

// Exact names. The malloc entry points and their size-specialised 1.26 variants
// (mallocgcSmallNoScanSC2, mallocgcTinySize7, ...) share the "runtime.mallocgc" prefix below.
constexpr std::string_view kAllocatorFunctions[] = {
    // malloc.go: typed entry points, also those the reflect package links to.
    "runtime.newobject", "runtime.newarray", "runtime.reflect_unsafe_New", "runtime.reflect_unsafe_NewArray",
    "reflect.unsafe_New", "reflect.unsafe_NewArray", "internal/reflectlite.unsafe_New", "runtime.profilealloc",
    "runtime.mProf_Malloc", "runtime.largeAlloc", "runtime.maps_newobject", "runtime.maps_newarray",
    "runtime.reflectlite_unsafe_New", "runtime.gobytes", "internal/bytealg.MakeNoZero",
    // slice.go
    "runtime.makeslice", "runtime.makeslice64", "runtime.makeslicecopy", "runtime.growslice",
    "runtime.growsliceNoAlias", "runtime.growsliceBuf", "runtime.growsliceBufNoAlias", "runtime.moveSlice",
    "runtime.moveSliceNoAlias", "runtime.moveSliceNoScan", "runtime.moveSliceNoCapNoScan",
    // string.go: conversions and concatenation the compiler turns into calls
    "runtime.rawstring", "runtime.rawstringtmp", "runtime.rawbyteslice", "runtime.rawruneslice",
    "runtime.concatstrings", "runtime.concatstring2", "runtime.concatstring3", "runtime.concatstring4",
    "runtime.concatstring5", "runtime.concatbytes", "runtime.concatbyte2", "runtime.concatbyte3",
    "runtime.concatbyte4", "runtime.concatbyte5", "runtime.slicebytetostring", "runtime.stringtoslicebyte",
    "runtime.stringtoslicerune", "runtime.slicerunetostring", "runtime.intstring",
    // iface.go: boxing a value into an interface
    "runtime.convT", "runtime.convTnoptr", "runtime.convT16", "runtime.convT32", "runtime.convT64",
    "runtime.convTstring", "runtime.convTslice", "runtime.convT2E", "runtime.convT2I", "runtime.convT2Enoptr",
    "runtime.convT2Inoptr",
    // chan.go
    "runtime.makechan", "runtime.makechan64",
    // map.go (Go 1.19-1.23 buckets; 1.24+ swiss-table wrappers around internal/runtime/maps)
    "runtime.makemap", "runtime.makemap64", "runtime.makemap_small", "runtime.makeBucketArray",
    "runtime.newoverflow", "runtime.(*hmap).newoverflow", "runtime.hashGrow", "runtime.growWork", "runtime.growWork_fast32",
    "runtime.growWork_fast64", "runtime.growWork_faststr", "runtime.evacuate", "runtime.evacuate_fast32",
    "runtime.evacuate_fast64", "runtime.evacuate_faststr", "runtime.mapassign", "runtime.mapassign_fast32",
    "runtime.mapassign_fast32ptr", "runtime.mapassign_fast64", "runtime.mapassign_fast64ptr",
    "runtime.mapassign_faststr",
};

// Prefixes: every malloc variant, and the whole swiss-map implementation of Go 1.24+ (its
// growth allocates; the line that assigned to the map is the site).
constexpr std::string_view kAllocatorPrefixes[] = {
    "runtime.mallocgc",
    "runtime.(*mcache).",
    "runtime.(*mheap).",
    "internal/runtime/maps.",
};

}  // namespace

bool IsGoAllocatorFunction(std::string_view function) {
  for (std::string_view prefix : kAllocatorPrefixes)
    if (function.starts_with(prefix)) return true;
  return std::find(std::begin(kAllocatorFunctions), std::end(kAllocatorFunctions), function) !=
         std::end(kAllocatorFunctions);
}

}  // namespace heapdoc
