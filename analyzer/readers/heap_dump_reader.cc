// Streaming reader of Go heap dumps: records parsed from a fixed buffer, spans rebuilt from
// objects.
#include "analyzer/readers/heap_dump_reader.h"

#include "analyzer/readers/dump_cursor.h"
#include "analyzer/readers/dump_graph_builder.h"
#include "analyzer/readers/dump_reachability.h"
#include "analyzer/readers/dump_map_finder.h"
#include "analyzer/readers/dump_memstats.h"
#include "analyzer/readers/dump_objects.h"
#include "analyzer/readers/dump_retained_arrays.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "heapmodel/error.h"
#include "heapmodel/go_allocator.h"
#include "heapmodel/size_classes.h"

namespace heapdoc {
namespace {

using dump::DumpCursor;
using dump::LoadWord;
using dump::SpanIndex;

constexpr std::string_view kHeader = "go1.7 heap dump\n";
// A Go stack has at most a few hundred frames; anything near this is a corrupt count.
constexpr uint64_t kMaxStackFrames = 1 << 16;
// What a dump's memory-profile records may make heapdoc keep (the runtime records at most 128
// frames a stack and one bucket per stack and size; a sampled heap has thousands of alloc
// samples, a MemProfileRate=1 heap of a few GB some tens of millions): beyond these, memory would
// grow with repeated records, not with what is learned.
constexpr size_t kMaxKeptFramesPerStack = 1024;
constexpr size_t kMaxBuckets = 1 << 22;
constexpr size_t kMaxDistinctFrames = 1 << 20;
constexpr size_t kMaxAllocSamples = 1 << 22;
// Retained capacity (heap_dump.h, dump_retained_arrays.h): pointerful objects up to this size are
// read for slice headers (up to kMaxScannedPointers pointer fields each without the graph,
// dump_cursor.h); at most this many candidate headers (32 B each) are kept.
constexpr uint64_t kMaxScannedObjectBytes = 1 << 20;  // a map's bucket array of thousands of entries
constexpr size_t kMaxSliceHeaderCandidates = 1 << 20;

// Record tags (runtime/heapdump.go).
enum Tag : uint64_t {
  kTagEof = 0,
  kTagObject = 1,
  kTagOtherRoot = 2,
  kTagType = 3,
  kTagGoroutine = 4,
  kTagStackFrame = 5,
  kTagParams = 6,
  kTagFinalizer = 7,
  kTagItab = 8,
  kTagOsThread = 9,
  kTagMemStats = 10,
  kTagQueuedFinalizer = 11,
  kTagData = 12,
  kTagBss = 13,
  kTagDefer = 14,
  kTagPanic = 15,
  kTagMemProf = 16,
  kTagAllocSample = 17,
};

// Groups object records into spans as the dump lists them (see heap_dump_reader.h).
class SpanBuilder {
 public:
  SpanBuilder(HeapDump& dump, const DumpCursor& cursor) : dump_(dump), cursor_(cursor) {}

  void set_table(const SizeClassTable& table) { table_ = &table; }
  // The object graph learns where each span starts, and forgets a span's reserved-tail objects.
  void set_graph(DumpGraphBuilder* graph) { graph_ = graph; }

  void AddObject(uint64_t address, uint64_t size, bool has_pointers) {
    if (open_ && size == cur_.elem_size_bytes && address > last_address_ &&
        address < cur_.base_address + cur_.span_bytes) [[likely]] {
      uint64_t index = (address - cur_.base_address) / size;
      if (cur_.base_address + index * size != address)
        cursor_.Fail(fmt::format("object {:#x} is not on a {} B slot boundary of span {:#x}",
                                 address, size, cur_.base_address));
      Count(index, has_pointers);
      last_address_ = address;
      return;
    }
    StartSpan(address, size);
    Count((address - cur_.base_address) / size, has_pointers);
    last_address_ = address;
  }

  void Finish() { CloseSpan(); }

 private:
  void StartSpan(uint64_t address, uint64_t size) {
    CloseSpan();
    if (size == 0) cursor_.Fail(fmt::format("object {:#x} has size 0", address));
    DumpSpan span;
    span.elem_size_bytes = size;
    if (size > kMaxSmallSizeBytes) {
      if (size % kPageBytes != 0)
        cursor_.Fail(fmt::format("large object {:#x} has size {}, not a multiple of the 8 KiB page",
                                 address, size));
      if (address % kPageBytes != 0)
        cursor_.Fail(fmt::format("large object {:#x} is not page aligned", address));
      span.base_address = address;
      span.span_bytes = size;
      span.large = true;
    } else {
      const SizeClass* cls = table_->ClassForSlot(size);
      uint64_t span_bytes = cls ? cls->span_bytes : 0;
      if (span_bytes == 0)
        cursor_.Fail(
            fmt::format("object {:#x} has size {}, which is no Go size class", address, size));
      span.span_bytes = span_bytes;
      uint64_t per_span = span_bytes / size;
      // The base is the one page-aligned slot start at most per_span - 1 slots below the object.
      uint64_t base = address & ~(kPageBytes - 1);
      bool found = span_bytes == kPageBytes;
      for (uint64_t k = 0; !found && k < per_span && k * size <= address; ++k) {
        uint64_t candidate = address - k * size;
        if (candidate % kPageBytes == 0) {
          base = candidate;
          found = true;
          break;
        }
      }
      if (!found)
        cursor_.Fail(fmt::format("object {:#x} of size {} lies in no page-aligned {} B span",
                                 address, size, span_bytes));
      span.base_address = base;
    }
    if (!dump_.spans.empty() && dump_.spans.back().base_address == span.base_address)
      cursor_.Fail(fmt::format("objects of span {:#x} are not listed in ascending address order",
                               span.base_address));
    cur_ = span;
    if (graph_) graph_->StartSpan(span.base_address, size);
    written_slots_ = span.span_bytes / size;
    scan_slots_ = SlotsFor(span, true);
    noscan_slots_ = SlotsFor(span, false);
    beyond_scan_ = beyond_noscan_ = 0;
    open_ = true;
  }

  // Slots a span really holds: the version's table says what it reserves at the span's end
  // (size_classes.h: in-span pointer bitmaps from Go 1.22, Green Tea mark bits in 1.26).
  uint32_t SlotsFor(const DumpSpan& span, bool scan) const {
    if (span.large) return 1;
    const SizeClass* cls = table_->ClassForSlot(span.elem_size_bytes);
    return static_cast<uint32_t>(table_->SlotsPerSpan(*cls, scan ? SpanKind::kScan : SpanKind::kNoScan));
  }

  void Count(uint64_t index, bool has_pointers) {
    // dumpobjs writes at most span bytes / elemsize slots; a later one would overrun the span.
    if (index >= written_slots_)
      cursor_.Fail(fmt::format("object {:#x} of size {} runs past the end of span {:#x}",
                               cur_.base_address + index * cur_.elem_size_bytes,
                               cur_.elem_size_bytes, cur_.base_address));
    ++cur_.live_objects;
    cur_.has_pointers |= has_pointers;
    if (index >= scan_slots_) ++beyond_scan_;
    if (index >= noscan_slots_) ++beyond_noscan_;
  }

  void CloseSpan() {
    if (!open_) return;
    open_ = false;
    cur_.slot_count = cur_.has_pointers ? scan_slots_ : noscan_slots_;
    uint32_t reserved = cur_.has_pointers ? beyond_scan_ : beyond_noscan_;
    cur_.live_objects -= reserved;
    dump_.reserved_slot_objects += reserved;
    if (graph_ && reserved > 0) graph_->DropLastObjects(reserved);
    dump_.object_count += cur_.live_objects;
    dump_.spans.push_back(cur_);
  }

  HeapDump& dump_;
  const DumpCursor& cursor_;
  const SizeClassTable* table_ = nullptr;
  DumpGraphBuilder* graph_ = nullptr;
  DumpSpan cur_;
  bool open_ = false;
  uint64_t last_address_ = 0;
  uint64_t written_slots_ = 0;
  uint32_t scan_slots_ = 0, noscan_slots_ = 0;
  uint32_t beyond_scan_ = 0, beyond_noscan_ = 0;
};

// Interns frames into snapshot.frames.
class FrameTable {
 public:
  explicit FrameTable(std::vector<Frame>& frames) : frames_(frames) {}
  FrameIndex Intern(std::string function, std::string file, int64_t line) {
    std::string key = fmt::format("{}\n{}\n{}", function, file, line);
    auto [it, inserted] =
        index_.try_emplace(std::move(key), static_cast<FrameIndex>(frames_.size()));
    if (inserted) frames_.push_back(Frame{std::move(function), std::move(file), line});
    return it->second;
  }

 private:
  std::vector<Frame>& frames_;
  std::unordered_map<std::string, FrameIndex> index_;
};

void BuildClassSummaries(HeapDump& dump) {
  std::map<uint64_t, DumpClassSummary> by_size;
  for (const auto& s : dump.spans) {
    auto& c = by_size[s.elem_size_bytes];
    c.elem_size_bytes = s.elem_size_bytes;
    ++c.span_count;
    c.span_bytes += s.span_bytes;
    c.slot_count += s.slot_count;
    c.live_objects += s.live_objects;
    c.scan_span_count += s.has_pointers ? 1 : 0;
    int bucket = s.slot_count == 0
                     ? 0
                     : static_cast<int>(uint64_t{s.live_objects} *
                                        DumpClassSummary::kOccupancyBuckets / s.slot_count);
    ++c.occupancy_histogram[std::min(bucket, DumpClassSummary::kOccupancyBuckets - 1)];
  }
  dump.classes.clear();
  for (auto& [size, c] : by_size) dump.classes.push_back(c);
}

// Ties each alloc sample to its bucket and to the span that holds its address.
void ResolveAllocSamples(HeapDump& dump, const SpanIndex& spans, const std::unordered_map<uint64_t, uint32_t>& bucket_ids,
                         const std::vector<uint64_t>& sample_bucket_ids) {
  for (size_t i = 0; i < dump.alloc_samples.size(); ++i) {
    auto& sample = dump.alloc_samples[i];
    if (auto it = bucket_ids.find(sample_bucket_ids[i]); it != bucket_ids.end()) {
      sample.bucket_index = it->second;
      ++dump.buckets[it->second].sampled_live_objects;
    }
    sample.span_index = spans.Holding(sample.address);
  }
}

}  // namespace

bool LooksLikeHeapDump(std::string_view head) {
  // "go1.N heap dump\n" for every format version the runtime ever wrote.
  if (!head.starts_with("go1.")) return false;
  size_t i = 4;
  size_t digits = 0;
  while (i < head.size() && head[i] >= '0' && head[i] <= '9' && digits < 3) ++i, ++digits;
  return digits > 0 && head.substr(i).starts_with(" heap dump\n");
}

HeapSnapshot ReadHeapDump(ByteStream& stream, const HeapDumpReadOptions& options) {
  HeapSnapshot snap;
  snap.source = stream.source();
  snap.profile.format = InputFormat::kHeapDump;
  snap.profile.gzipped = stream.gzipped();
  snap.profile.has_alloc_values = false;
  snap.profile.has_live_values = false;
  snap.profile.has_object_counts = false;
  HeapDump dump;

  DumpCursor in(stream);
  char header[kHeader.size()];
  bool complete = in.ReadExact(header, sizeof header);
  std::string_view head(header, complete ? sizeof header : 0);
  if (!complete || head != kHeader) {
    if (complete && LooksLikeHeapDump(head))
      throw InputError(snap.source,
                       fmt::format("heap dump format \"{}\" is not supported (heapdoc "
                                   "reads \"go1.7 heap dump\", written by Go 1.7 and later)",
                                   head.substr(0, head.size() - 1)));
    throw InputError(snap.source, "not a Go heap dump (no \"go1.7 heap dump\" header)");
  }

  GoVersion layout_version = options.assume_go_version.value_or(snap.go_version.version);
  SpanBuilder spans(dump, in);
  spans.set_table(SizeClassTable::For(layout_version));
  FrameTable frames(snap.frames);
  std::unordered_map<uint64_t, uint32_t> bucket_ids;
  std::vector<uint64_t> sample_bucket_ids;
  bool saw_params = false, saw_memstats = false;
  uint64_t cut_stacks = 0, ignored_alloc_samples = 0;
  std::string contents;                   // the current object's bytes, when small enough to scan
  std::vector<uint64_t> pointer_offsets;  // its pointer fields
  dump::SliceHeaderCollector slice_headers(kMaxSliceHeaderCandidates);
  dump::MapFinder maps;
  std::optional<DumpGraphBuilder> graph;
  if (options.build_graph) {
    graph.emplace(dump.big_endian, dump.pointer_size);
    spans.set_graph(&*graph);
  }
  const uint64_t max_read_bytes = graph ? kMaxGraphObjectBytes : kMaxScannedObjectBytes;
  // With the graph, every pointer field of what was read (a field list longer than its range is
  // corrupt; the bound keeps memory with the data).
  auto max_pointers = [&](uint64_t range_bytes) -> size_t {
    return graph ? static_cast<size_t>(std::min(range_bytes, max_read_bytes) / dump.pointer_size + 1)
                 : dump::kMaxScannedPointers;
  };
  std::string frame_contents;

  for (;;) {
    uint64_t record_offset = in.offset();
    if (in.AtEnd()) {
      in.set_record(kTagEof, record_offset);
      throw InputError(snap.source, fmt::format("truncated heap dump: the data ends at byte {} "
                                                "without the end record",
                                                record_offset));
    }
    uint64_t tag = in.Uvarint();
    in.set_record(tag, record_offset);
    switch (tag) {
      case kTagEof:
        break;
      case kTagObject: {
        uint64_t address = in.Uvarint();
        uint64_t size = in.RangeInto(contents, max_read_bytes);
        if (address + size < address) in.Fail(fmt::format("object {:#x} of {} bytes runs past the end of memory", address, size));
        pointer_offsets.clear();
        bool has_pointers = in.FieldList(&pointer_offsets, max_pointers(size));
        spans.AddObject(address, size, has_pointers);
        if (graph) graph->Object(address, size, contents, pointer_offsets);
        if (has_pointers && !contents.empty() && dump.pointer_size == 8 && size <= kMaxScannedObjectBytes)
          slice_headers.Object(address, contents, pointer_offsets, dump.big_endian);
        if (has_pointers && dump.pointer_size == 8) maps.Object(address, contents, pointer_offsets, dump.big_endian);
        continue;
      }
      case kTagOtherRoot: {
        std::string description = in.String(options.max_string_bytes);
        uint64_t pointer = in.Uvarint();
        if (graph) graph->OtherRoot(std::move(description), pointer);
        continue;
      }
      case kTagType:
        in.Uvarint();    // address
        in.Uvarint();    // size
        in.SkipRange();  // name
        in.Bool();       // indirect
        continue;
      case kTagGoroutine:
        for (int i = 0; i < 5; ++i) in.Uvarint();  // address, sp, goid, gopc, status
        in.Bool();                                 // system goroutine
        in.Bool();                                 // background
        in.Uvarint();                              // wait since
        in.SkipRange();                            // wait reason
        for (int i = 0; i < 4; ++i) in.Uvarint();  // ctxt, m, defer, panic
        ++dump.goroutine_count;
        continue;
      case kTagStackFrame: {
        for (int i = 0; i < 3; ++i) in.Uvarint();  // sp, depth, child sp
        uint64_t frame_bytes = in.RangeInto(frame_contents, graph ? max_read_bytes : 0);
        for (int i = 0; i < 3; ++i) in.Uvarint();  // entry pc, pc, continuation pc
        std::string function = in.String(options.max_string_bytes);
        pointer_offsets.clear();
        in.FieldList(&pointer_offsets, max_pointers(frame_bytes));
        if (graph) graph->Frame(std::move(function), frame_contents, pointer_offsets);
        continue;
      }
      case kTagParams: {
        dump.big_endian = in.Bool();
        dump.pointer_size = in.Uvarint();
        if (dump.pointer_size != 4 && dump.pointer_size != 8)
          in.Fail(fmt::format("pointer size is {}", dump.pointer_size));
        dump.arena_start = in.Uvarint();
        dump.arena_end = in.Uvarint();
        dump.go_arch = in.String(4096);
        dump.build_version = in.String(4096);
        dump.ncpu = in.Uvarint();
        saw_params = true;
        if (graph) graph->set_layout(dump.big_endian, dump.pointer_size, dump.arena_start, dump.arena_end);
        if (auto v = GoVersion::Parse(dump.build_version)) {
          snap.go_version.version = *v;
          snap.go_version.known = true;
          snap.go_version.evidence =
              fmt::format("heap dump params record ({})", dump.build_version);
          layout_version = *v;
        } else {
          snap.notes.push_back(
              fmt::format("heap dump params name no Go version (\"{}\"); span layout assumes Go {}",
                          dump.build_version, layout_version.ToString()));
        }
        spans.set_table(SizeClassTable::For(layout_version));
        continue;
      }
      case kTagFinalizer:
      case kTagQueuedFinalizer: {
        uint64_t object = in.Uvarint();
        for (int i = 0; i < 4; ++i) in.Uvarint();  // fn, fn.fn, fint, ot
        if (graph) graph->Finalizer(object);
        continue;
      }
      case kTagItab:
        in.Uvarint();
        in.Uvarint();
        continue;
      case kTagOsThread:
        for (int i = 0; i < 3; ++i) in.Uvarint();  // m, id, procid
        continue;
      case kTagMemStats:
        snap.memstats = dump::ReadMemStats(in);
        saw_memstats = true;
        continue;
      case kTagData:
      case kTagBss: {
        uint64_t address = in.Uvarint();
        uint64_t segment_bytes = in.RangeInto(frame_contents, graph ? max_read_bytes : 0);
        pointer_offsets.clear();
        in.FieldList(&pointer_offsets, max_pointers(segment_bytes));
        if (graph) graph->Segment(tag == kTagData ? RootKind::kData : RootKind::kBss, address, frame_contents, pointer_offsets);
        continue;
      }
      case kTagDefer:
        for (int i = 0; i < 7; ++i) in.Uvarint();  // d, g, sp, pc, fn, fn.fn, link
        continue;
      case kTagPanic:
        for (int i = 0; i < 6; ++i) in.Uvarint();  // p, g, arg type, arg data, 0, link
        continue;
      case kTagMemProf: {
        DumpBucket bucket;
        bucket.id = in.Uvarint();
        bucket.size_bytes = in.Uvarint();
        uint64_t nstk = in.Uvarint();
        if (nstk > kMaxStackFrames) in.Fail(fmt::format("a stack claims {} frames", nstk));
        bucket.frames.reserve(std::min<size_t>(static_cast<size_t>(nstk), kMaxKeptFramesPerStack));
        for (uint64_t i = 0; i < nstk; ++i) {
          std::string function = in.String(options.max_string_bytes);
          std::string file = in.String(options.max_string_bytes);
          uint64_t line = in.Uvarint();
          // Go 1.26 bucket stacks start inside the allocator (runtime.mallocgc): the site is the
          // first frame outside it, as in profiles (go_allocator.h).
          if (bucket.frames.empty() && i + 1 < nstk && IsGoAllocatorFunction(function)) continue;
          if (bucket.frames.empty()) bucket.site_line_at_return_address = i == 0;
          if (bucket.frames.size() >= kMaxKeptFramesPerStack) {
            cut_stacks += bucket.frames.size() == kMaxKeptFramesPerStack;
            continue;
          }
          bucket.frames.push_back(frames.Intern(std::move(function), std::move(file),
                                                static_cast<int64_t>(line & INT64_MAX)));
          if (snap.frames.size() > kMaxDistinctFrames)
            in.Fail(fmt::format("memory-profile buckets name more than {} distinct frames (heapdoc's limit)",
                                kMaxDistinctFrames));
        }
        if (dump.buckets.size() >= kMaxBuckets)
          in.Fail(fmt::format("more than {} memory-profile buckets (heapdoc's limit)", kMaxBuckets));
        bucket.alloc_objects = in.Uvarint();
        bucket.free_objects = in.Uvarint();
        bucket_ids.try_emplace(bucket.id, static_cast<uint32_t>(dump.buckets.size()));
        dump.buckets.push_back(std::move(bucket));
        continue;
      }
      case kTagAllocSample: {
        DumpAllocSample sample;
        sample.address = in.Uvarint();
        uint64_t bucket_id = in.Uvarint();
        if (dump.alloc_samples.size() >= kMaxAllocSamples) {
          ++ignored_alloc_samples;
          continue;
        }
        sample_bucket_ids.push_back(bucket_id);
        dump.alloc_samples.push_back(sample);
        continue;
      }
      default:
        throw InputError(snap.source, fmt::format("bad heap dump: unknown record tag {} at byte {}",
                                                  tag, record_offset));
    }
    break;  // end record
  }
  spans.Finish();
  dump.dump_bytes = in.offset();

  if (!saw_params) snap.notes.push_back("heap dump has no params record");
  if (!saw_memstats) snap.notes.push_back("heap dump has no memstats record");
  BuildClassSummaries(dump);
  SpanIndex span_index(dump);
  ResolveAllocSamples(dump, span_index, bucket_ids, sample_bucket_ids);
  if (cut_stacks)
    snap.notes.push_back(fmt::format("{} memory-profile stacks were deeper than {} frames (Go records at most 128); "
                                     "their outer frames were not kept", cut_stacks, kMaxKeptFramesPerStack));
  if (ignored_alloc_samples)
    snap.notes.push_back(fmt::format("the dump has {} alloc-sample records beyond heapdoc's limit of {}; they were not "
                                     "used (pinning shares rest on the first {})",
                                     ignored_alloc_samples, kMaxAllocSamples, kMaxAllocSamples));
  if (slice_headers.dropped())
    snap.notes.push_back(fmt::format("the dump holds more slice headers than heapdoc keeps ({}, short ones up to half of "
                                     "them); retained capacity is counted for the arrays whose slices were all kept",
                                     kMaxSliceHeaderCandidates));
  if (std::any_of(dump.buckets.begin(), dump.buckets.end(),
                  [](const DumpBucket& b) { return b.site_line_at_return_address && b.sampled_live_objects > 0; }))
    snap.notes.push_back(
        "this dump's stacks start at the allocating function (Go 1.25 and older), whose line the runtime writes at "
        "its return address: a site's line can be the statement after the allocation. The profile of the same "
        "moment (--dump) gives the exact lines");
  if (dump.reserved_slot_objects > 0)
    snap.notes.push_back(
        fmt::format("heap dump lists {} objects in the reserved tails of spans (in-span bitmaps of "
                    "Go {}); they "
                    "are not objects and were not counted",
                    dump.reserved_slot_objects, layout_version.ToString()));
  if (snap.memstats) {
    // WriteHeapDump reads MemStats first, then sweeps every unswept span before listing objects; if
    // a GC cycle's sweep was still running, the garbage it frees is in MemStats but not in the
    // dump.
    uint64_t spans_bytes = dump.total_span_bytes();
    uint64_t inuse = snap.memstats->heap_inuse;
    if (spans_bytes != inuse)
      snap.notes.push_back(fmt::format(
          "heap dump spans hold {} bytes but its MemStats.HeapInuse is {} ({:+} bytes): MemStats "
          "is "
          "read before the dump finishes sweeping, so garbage swept then is counted only in "
          "MemStats (call runtime.GC() before debug.WriteHeapDump for an exact match)",
          spans_bytes, inuse, static_cast<int64_t>(inuse - spans_bytes)));
  }
  if (graph) dump.graph = std::make_shared<const ObjectGraph>(std::move(*graph).Finish());
  dump::ResolveRetainedArrays(dump, span_index, SizeClassTable::For(layout_version), dump.graph.get(),
                              std::move(slice_headers).Take());
  MarkUnreachableObjects(dump, snap.notes);
  maps.Resolve(dump, span_index, SizeClassTable::For(layout_version), dump.graph.get(), snap.notes);
  snap.heap_dump = std::move(dump);
  return snap;
}

HeapSnapshot ReadHeapDump(const std::string& path, const HeapDumpReadOptions& options) {
  auto stream = OpenFileStream(path, options.limits);
  return ReadHeapDump(*stream, options);
}

}  // namespace heapdoc
