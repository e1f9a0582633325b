// Reads a Go heap dump (runtime/debug.WriteHeapDump, header "go1.7 heap dump\n") into a
// HeapSnapshot with exact spans: the "exact mode" of heapdoc.
//
// The dump is streamed once through a fixed buffer (dump_cursor.h): stack frames and data/bss are
// skipped, and an object's contents are read only when it has pointer fields and is at most 1 MiB,
// into one reused buffer, to find slice headers that keep large byte arrays alive (retained
// capacity) and map headers (dump_map_finder.h: entries and storage of every Go map); nothing of
// them is stored but the few candidates. Memory grows with the number of
// spans and profile buckets (both bounded, with notes), not with the heap. Records are parsed as runtime/heapdump.go writes them (the same from Go 1.7 to today).
//
// How spans are rebuilt. dumpobjs walks mheap.allspans and writes every allocated slot of every
// in-use span as an object record whose content length is the span's elemsize, in address order.
// For each object the reader derives its span from (address, size) alone:
//   - size > 32768: a large object; its span starts at the object and is `size` bytes (1 slot).
//   - size is a class size: the span is the size class's span bytes (runtime/sizeclasses.go). Its
//     base is the page-aligned address addr - k*size with 0 <= k < objects per span. For Go's table
//     that k is unique for every class (size*k mod 8192 differs for all k < objects per span), so
//     no guess is needed; the reader also checks that consecutive objects of one span ascend.
//   - any other size: not a Go heap slot; the input is refused.
// Objects that share (base, size) with the previous object extend the current span; a new base
// starts a new span. Slots per span follow the Go version from the params record: from Go 1.22,
// pointerful spans of <= 512 B reserve 128 B for their pointer bitmap and with Green Tea (1.26)
// spans of 16..512 B reserve 128 B of mark bits. dumpobjs still writes those reserved tail slots
// as objects, so the reader drops them, from the spans and from the object graph
// (HeapDump::reserved_slot_objects counts them).
//
// Reconciliation: after runtime.GC() the spans sum to MemStats.HeapInuse exactly and their live
// bytes to HeapAlloc. WriteHeapDump reads MemStats before it sweeps the unswept spans, so a dump
// taken while a GC's sweep is still running lists less than MemStats counts (the swept garbage);
// the reader then adds a note with the difference. An in-use span with no allocated slot would
// also be invisible (it writes no object), but was not seen in practice.
//
// Profile data: memprof buckets (tag 16) become HeapDump::buckets with frames interned into
// HeapSnapshot::frames (leaf first, as the runtime writes them); alloc samples (tag 17) become
// HeapDump::alloc_samples, each resolved to its bucket and the span holding it. snapshot.site_samples
// stays empty: the dump does not record MemProfileRate, so its unscaled bucket counts cannot be
// turned into the scaled estimates SiteSamples promise (a note says so).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analyzer/readers/byte_stream.h"
#include "heapmodel/go_version.h"
#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

struct HeapDumpReadOptions {
  // A dump is as large as the heap but is streamed in constant memory, so the gzip cap only bounds
  // time: 1 TiB instead of the 1 GiB meant for inputs read whole.
  InputLimits limits{.max_inflated_bytes = 1ull << 40};
  // Used for the span layout when the params record names no parsable Go version.
  std::optional<GoVersion> assume_go_version;
  // Largest stored string (function and file names, params strings); larger ones are refused.
  uint64_t max_string_bytes = 64ull << 20;
  // Builds HeapDump::graph: every object's pointers and the roots (retention paths).
  bool build_graph = true;
};

// True when `head` (the first bytes, after any gunzip) is a Go heap dump header of any version
// ("go1.N heap dump\n"); ReadHeapDump then reads go1.7 dumps and refuses older formats clearly.
bool LooksLikeHeapDump(std::string_view head);

// Reads the whole stream. Throws Error (InputError naming stream.source() and the byte offset) on a
// missing header, truncation, a bad tag, an absurd length or an object no Go span could hold.
HeapSnapshot ReadHeapDump(ByteStream& stream, const HeapDumpReadOptions& options = {});

// Opens `path` (plain or gzip) and reads it.
HeapSnapshot ReadHeapDump(const std::string& path, const HeapDumpReadOptions& options = {});

}  // namespace heapdoc
