#include "analyzer/readers/heap_dump_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "analyzer/analysis.h"
#include "heapmodel/error.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::Gzip;
using testing::TempPath;
using testing::TestdataPath;
using testing::WriteFileBytes;

const std::string kHeader = "go1.7 heap dump\n";

// The committed real dump (testdata/dumpreader/main.go, Go 1.19.8).
const HeapSnapshot& RealDump() {
  static const HeapSnapshot snap = ReadHeapDump(TestdataPath("dumpreader/heap.dump.gz"));
  return snap;
}

// The same dump, uncompressed.
std::string RealDumpBytes() {
  return ReadInputFile(TestdataPath("dumpreader/heap.dump.gz"), InputLimits{}).bytes;
}

const DumpClassSummary* ClassOf(const HeapDump& dump, uint64_t elem_size) {
  for (const auto& c : dump.classes)
    if (c.elem_size_bytes == elem_size) return &c;
  return nullptr;
}

// Writes `bytes` to a temp file named `name` and reads it; returns the error message ("" if none).
std::string ReadError(const std::string& bytes, const std::string& name = "bad.dump") {
  std::string path = TempPath(name);
  WriteFileBytes(path, bytes);
  try {
    ReadHeapDump(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// Builds synthetic dumps record by record.
class DumpWriter {
 public:
  DumpWriter() : out_(kHeader) {}
  DumpWriter& Uvarint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
    return *this;
  }
  DumpWriter& String(const std::string& s) {
    Uvarint(s.size());
    out_ += s;
    return *this;
  }
  DumpWriter& Params(const std::string& version) {
    Uvarint(6).Uvarint(0).Uvarint(8).Uvarint(0xc000000000).Uvarint(0xc004000000);
    return String("amd64").String(version).Uvarint(2);
  }
  // An object of `size` bytes; `pointers` adds one pointer field.
  DumpWriter& Object(uint64_t address, uint64_t size, bool pointers = false) {
    Uvarint(1).Uvarint(address).String(std::string(size, '\0'));
    if (pointers) Uvarint(1).Uvarint(0);
    return Uvarint(0);
  }
  DumpWriter& MemStats(uint64_t heap_inuse) {
    Uvarint(10);
    for (int i = 0; i < 24; ++i) Uvarint(i == 9 ? heap_inuse : i);
    for (int i = 0; i < 256; ++i) Uvarint(0);
    return Uvarint(3);
  }
  std::string Done() { return Uvarint(0).out_; }
  std::string Partial() const { return out_; }

 private:
  std::string out_;
};

HeapSnapshot ReadBytes(const std::string& bytes, const std::string& name = "synthetic.dump") {
  auto stream = OpenMemoryStream(bytes, name, InputLimits{});
  return ReadHeapDump(*stream);
}

TEST(HeapDumpReader, RecognizesHeader) {
  EXPECT_TRUE(LooksLikeHeapDump("go1.7 heap dump\nrest"));
  EXPECT_TRUE(LooksLikeHeapDump("go1.4 heap dump\n"));
  EXPECT_FALSE(LooksLikeHeapDump("go1.7 heap dum"));
  EXPECT_FALSE(LooksLikeHeapDump("heap profile: 1: 2 [3: 4] @ heap/1048576"));
  EXPECT_FALSE(LooksLikeHeapDump(""));
}

TEST(HeapDumpReader, ReadsParamsAndVersion) {
  const auto& snap = RealDump();
  ASSERT_TRUE(snap.heap_dump);
  const auto& dump = *snap.heap_dump;
  EXPECT_EQ(snap.profile.format, InputFormat::kHeapDump);
  EXPECT_TRUE(snap.profile.gzipped);
  EXPECT_EQ(dump.go_arch, "amd64");
  EXPECT_EQ(dump.pointer_size, 8u);
  EXPECT_FALSE(dump.big_endian);
  EXPECT_LT(dump.arena_start, dump.arena_end);
  EXPECT_TRUE(dump.build_version.starts_with("go1.19")) << dump.build_version;
  EXPECT_TRUE(snap.go_version.known);
  EXPECT_EQ(snap.go_version.version, (GoVersion{1, 19}));
  EXPECT_NE(snap.go_version.evidence.find("heap dump"), std::string::npos);
  EXPECT_GE(dump.goroutine_count, 1u);
  EXPECT_EQ(dump.dump_bytes, RealDumpBytes().size());
}

TEST(HeapDumpReader, MemStatsFromDump) {
  const auto& snap = RealDump();
  ASSERT_TRUE(snap.memstats);
  const auto& m = *snap.memstats;
  EXPECT_EQ(m.form, MemStatsForm::kHeapDump);
  EXPECT_TRUE(m.by_size.empty());
  EXPECT_EQ(m.heap_sys, m.heap_inuse + m.heap_idle);
  EXPECT_GE(m.heap_alloc, 10000u * 48 + 2000u * 208 + 4u * 106496 + 5u * 20480);
  ASSERT_TRUE(m.num_gc);
  EXPECT_GE(*m.num_gc, 2u);
  EXPECT_EQ(m.origin, TestdataPath("dumpreader/heap.dump.gz"));
}

// After runtime.GC() every in-use span holds at least one object, so the dump shows all of them.
TEST(HeapDumpReader, SpansSumToHeapInuseExactly) {
  const auto& snap = RealDump();
  const auto& dump = *snap.heap_dump;
  const auto& m = *snap.memstats;
  EXPECT_EQ(dump.total_span_bytes(), m.heap_inuse);
  EXPECT_EQ(dump.total_live_bytes(), m.heap_alloc);
  EXPECT_EQ(dump.object_count, *m.heap_objects);
  EXPECT_EQ(dump.reserved_slot_objects, 0u);  // Go 1.19 has no in-span bitmaps
}

TEST(HeapDumpReader, SpansAreConsistent) {
  const auto& dump = *RealDump().heap_dump;
  std::vector<std::pair<uint64_t, uint64_t>> extents;
  for (const auto& s : dump.spans) {
    EXPECT_EQ(s.base_address % 8192, 0u);
    EXPECT_EQ(s.span_bytes % 8192, 0u);
    EXPECT_GE(s.live_objects, 1u);
    EXPECT_LE(s.live_objects, s.slot_count);
    EXPECT_LE(uint64_t{s.slot_count} * s.elem_size_bytes, s.span_bytes);
    EXPECT_EQ(s.large, s.elem_size_bytes > 32768);
    extents.emplace_back(s.base_address, s.base_address + s.span_bytes);
  }
  std::sort(extents.begin(), extents.end());
  for (size_t i = 1; i < extents.size(); ++i) EXPECT_LE(extents[i - 1].second, extents[i].first);
  // Class rows sum to the spans.
  uint64_t spans = 0, bytes = 0, live = 0;
  for (const auto& c : dump.classes) {
    spans += c.span_count;
    bytes += c.span_bytes;
    live += c.live_objects;
    uint64_t in_histogram = 0;
    for (auto n : c.occupancy_histogram) in_histogram += n;
    EXPECT_EQ(in_histogram, c.span_count);
  }
  EXPECT_EQ(spans, dump.spans.size());
  EXPECT_EQ(bytes, dump.total_span_bytes());
  EXPECT_EQ(live, dump.object_count);
}

TEST(HeapDumpReader, ClassCountsMatchWhatTheProgramAllocated) {
  const auto& dump = *RealDump().heap_dump;
  // 10000 nodes of 48 B, 170 per span: at least 59 full spans.
  const auto* nodes = ClassOf(dump, 48);
  ASSERT_TRUE(nodes);
  EXPECT_GE(nodes->live_objects, 10000u);
  EXPECT_LE(nodes->live_objects, 10100u);
  EXPECT_GE(nodes->span_count, 59u);
  EXPECT_GE(nodes->occupancy_histogram[9], 55u);
  // 2000 of 4000 blobs of 208 B survive, every other one: spans about half full.
  const auto* blobs = ClassOf(dump, 208);
  ASSERT_TRUE(blobs);
  EXPECT_GE(blobs->live_objects, 2000u);
  EXPECT_LE(blobs->live_objects, 2050u);
  EXPECT_GE(blobs->occupancy_histogram[4] + blobs->occupancy_histogram[5], 100u);
  // 4 large objects of 100 KiB, rounded to 13 pages.
  const auto* larges = ClassOf(dump, 106496);
  ASSERT_TRUE(larges);
  EXPECT_EQ(larges->span_count, 4u);
  EXPECT_EQ(larges->slot_count, 4u);
  EXPECT_EQ(larges->span_bytes, 4u * 106496);
  // 5 mids of 20000 B: class 20480, two per 40960 B span.
  const auto* mids = ClassOf(dump, 20480);
  ASSERT_TRUE(mids);
  EXPECT_GE(mids->live_objects, 5u);
  EXPECT_GE(mids->span_count, 3u);
  for (const auto& s : dump.spans) {
    if (s.elem_size_bytes == 20480) {
      EXPECT_EQ(s.span_bytes, 40960u);
    }
  }
}

TEST(HeapDumpReader, AllocSamplesResolveToSpansAndStacks) {
  const auto& snap = RealDump();
  const auto& dump = *snap.heap_dump;
  ASSERT_FALSE(dump.buckets.empty());
  ASSERT_GE(dump.alloc_samples.size(), 12000u);  // MemProfileRate = 1
  // Samples by (leaf function, slot size): the functions also grow slices, at other sizes.
  std::map<std::pair<std::string, uint64_t>, uint64_t> samples_by_leaf;
  for (const auto& sample : dump.alloc_samples) {
    ASSERT_NE(sample.bucket_index, DumpAllocSample::kNone);
    ASSERT_NE(sample.span_index, DumpAllocSample::kNone);
    const auto& span = dump.spans[sample.span_index];
    const auto& bucket = dump.buckets[sample.bucket_index];
    EXPECT_GE(sample.address, span.base_address);
    EXPECT_LT(sample.address, span.base_address + span.span_bytes);
    EXPECT_EQ((sample.address - span.base_address) % span.elem_size_bytes, 0u);
    EXPECT_EQ(bucket.size_bytes, span.elem_size_bytes);
    ASSERT_FALSE(bucket.frames.empty());
    const std::string& leaf = snap.frames[bucket.frames[0]].function;
    ++samples_by_leaf[{leaf, bucket.size_bytes}];
    if (leaf.starts_with("main.make")) {
      EXPECT_EQ(snap.frames[bucket.frames[1]].function, "main.main");  // leaf first
      EXPECT_TRUE(snap.frames[bucket.frames[0]].file.ends_with("main.go"));
    }
  }
  EXPECT_EQ((samples_by_leaf[{"main.makeNodes", 48}]), 10000u);
  EXPECT_EQ((samples_by_leaf[{"main.makeBlobs", 208}]), 2000u);
  EXPECT_EQ((samples_by_leaf[{"main.makeLarges", 106496}]), 4u);
  EXPECT_EQ((samples_by_leaf[{"main.makeMids", 20480}]), 5u);
  for (const auto& bucket : dump.buckets) {
    if (snap.frames[bucket.frames[0]].function != "main.makeBlobs" || bucket.size_bytes != 208)
      continue;
    EXPECT_EQ(bucket.size_bytes, 208u);
    EXPECT_EQ(bucket.alloc_objects, 4000u);
    EXPECT_EQ(bucket.free_objects, 2000u);
    EXPECT_EQ(bucket.sampled_live_objects, 2000u);
  }
}

TEST(HeapDumpReader, LeavesProfileSamplesEmptyAndTheAnalysisSaysWhereSitesComeFrom) {
  const auto& snap = RealDump();
  EXPECT_TRUE(snap.site_samples.empty());
  AnalysisReport r = Analyze(ReadHeapDump(TestdataPath("scattered/heap.dump.gz")), {});
  bool noted = std::any_of(r.notes.begin(), r.notes.end(), [](const std::string& n) {
    return n.find("MemProfileRate") != std::string::npos && n.find("memory-profile buckets") != std::string::npos;
  });
  EXPECT_TRUE(noted);
  for (const auto& n : r.notes) EXPECT_EQ(n.find("pruned by another tool"), std::string::npos) << n;
}

TEST(HeapDumpReader, PlainAndGzippedReadTheSame) {
  std::string bytes = RealDumpBytes();
  auto plain = ReadBytes(bytes, "plain.dump");
  EXPECT_FALSE(plain.profile.gzipped);
  const auto& a = *plain.heap_dump;
  const auto& b = *RealDump().heap_dump;
  ASSERT_EQ(a.spans.size(), b.spans.size());
  for (size_t i = 0; i < a.spans.size(); ++i) {
    EXPECT_EQ(a.spans[i].base_address, b.spans[i].base_address);
    EXPECT_EQ(a.spans[i].live_objects, b.spans[i].live_objects);
  }
  EXPECT_EQ(a.alloc_samples.size(), b.alloc_samples.size());
}

TEST(HeapDumpReader, TruncatedDumpsAreErrors) {
  std::string bytes = RealDumpBytes();
  for (size_t cut : {kHeader.size(), kHeader.size() + 3, bytes.size() / 3, bytes.size() / 2,
                     bytes.size() - 2, bytes.size() - 1}) {
    std::string message = ReadError(bytes.substr(0, cut), "cut.dump");
    EXPECT_NE(message.find("cut.dump: truncated heap dump"), std::string::npos)
        << "cut at " << cut << ": " << message;
    EXPECT_NE(message.find("byte"), std::string::npos) << message;
  }
  // Truncated inside gzip: the stream reports it.
  std::string gz = Gzip(bytes);
  EXPECT_NE(ReadError(gz.substr(0, gz.size() / 2), "cut.dump.gz").find("cut.dump.gz: truncated"),
            std::string::npos);
}

TEST(HeapDumpReader, GarbageIsAnError) {
  std::string bytes = RealDumpBytes();
  std::string garbage = kHeader;
  for (int i = 0; i < 5000; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) % 251));
  std::string message = ReadError(garbage, "garbage.dump");
  EXPECT_NE(message.find("garbage.dump: "), std::string::npos) << message;
  // Flip bytes in the middle of the real dump: an error or a successful read, never a crash.
  for (size_t at : {size_t{100}, bytes.size() / 4, bytes.size() / 2, bytes.size() - 40}) {
    std::string broken = bytes;
    for (size_t i = at; i < at + 16 && i < broken.size(); ++i) broken[i] = static_cast<char>(0xff);
    std::string m = ReadError(broken, "flipped.dump");
    if (!m.empty()) {
      EXPECT_NE(m.find("flipped.dump: "), std::string::npos) << m;
    }
  }
}

TEST(HeapDumpReader, UnknownTagIsAnError) {
  std::string dump = DumpWriter().Params("go1.19.8").Uvarint(99).Done();
  std::string message = ReadError(dump, "tag.dump");
  EXPECT_NE(message.find("tag.dump: bad heap dump: unknown record tag 99 at byte"),
            std::string::npos)
      << message;
}

TEST(HeapDumpReader, AbsurdLengthsAreRefusedWithoutAllocating) {
  // A params string of 2^60 bytes.
  DumpWriter params;
  params.Uvarint(6).Uvarint(0).Uvarint(8).Uvarint(0).Uvarint(0).Uvarint(uint64_t{1} << 60);
  std::string message = ReadError(params.Partial(), "absurd.dump");
  EXPECT_NE(message.find("absurd.dump: "), std::string::npos);
  EXPECT_NE(message.find("claims"), std::string::npos) << message;
  // An object whose contents claim 2^60 bytes.
  DumpWriter object;
  object.Params("go1.19.8").Uvarint(1).Uvarint(0xc000000000).Uvarint(uint64_t{1} << 60);
  message = ReadError(object.Partial(), "absurd.dump");
  EXPECT_NE(message.find("claims"), std::string::npos) << message;
  // A memprof stack of 2^60 frames.
  DumpWriter stack;
  stack.Params("go1.19.8").Uvarint(16).Uvarint(1).Uvarint(48).Uvarint(uint64_t{1} << 60);
  message = ReadError(stack.Partial(), "absurd.dump");
  EXPECT_NE(message.find("frames"), std::string::npos) << message;
  // An object of 1 TiB that is not there: truncated, streamed, not allocated.
  DumpWriter big;
  big.Params("go1.19.8").Uvarint(1).Uvarint(0xc000000000).Uvarint(uint64_t{1} << 40);
  message = ReadError(big.Partial() + std::string(1000, 'x'), "absurd.dump");
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
  // A varint longer than 10 bytes.
  message = ReadError(kHeader + std::string(20, '\x80'), "absurd.dump");
  EXPECT_NE(message.find("varint"), std::string::npos) << message;
}

TEST(HeapDumpReader, NonDumpsAreRefused) {
  std::string message = ReadError("hello, world\n", "hello.txt");
  EXPECT_NE(message.find("hello.txt: not a Go heap dump"), std::string::npos) << message;
  EXPECT_NE(ReadError("", "empty.dump").find("empty.dump: not a Go heap dump"), std::string::npos);
  try {
    ReadHeapDump(TestdataPath("healthy/heap.pb.gz"));
    FAIL() << "a pprof profile read as a heap dump";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a Go heap dump"), std::string::npos) << e.what();
  }
  message = ReadError("go1.4 heap dump\n\x00", "old.dump");
  EXPECT_NE(message.find("old.dump: heap dump format \"go1.4 heap dump\" is not supported"),
            std::string::npos)
      << message;
}

TEST(HeapDumpReader, SyntheticSpansAreGrouped) {
  const uint64_t page = 8192;
  const uint64_t base = 0xc000000000;
  DumpWriter w;
  w.Params("go1.19.8");
  // Two 48 B spans, back to back in memory.
  w.Object(base, 48).Object(base + 48 * 3, 48).Object(base + page, 48);
  // A 3072 B span (24576 B, 8 slots) whose first listed object is slot 5.
  w.Object(base + 4 * page + 5 * 3072, 3072).Object(base + 4 * page + 7 * 3072, 3072);
  // A large object.
  w.Object(base + 16 * page, 5 * page);
  w.MemStats(2 * page + 24576 + 5 * page);
  auto snap = ReadBytes(w.Done());
  const auto& spans = snap.heap_dump->spans;
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0].base_address, base);
  EXPECT_EQ(spans[0].live_objects, 2u);
  EXPECT_EQ(spans[0].slot_count, 170u);
  EXPECT_EQ(spans[1].base_address, base + page);
  EXPECT_EQ(spans[1].live_objects, 1u);
  EXPECT_EQ(spans[2].base_address, base + 4 * page);
  EXPECT_EQ(spans[2].span_bytes, 24576u);
  EXPECT_EQ(spans[2].slot_count, 8u);
  EXPECT_EQ(spans[2].live_objects, 2u);
  EXPECT_TRUE(spans[3].large);
  EXPECT_EQ(spans[3].span_bytes, 5 * page);
  EXPECT_EQ(spans[3].slot_count, 1u);
  EXPECT_EQ(snap.heap_dump->total_span_bytes(), snap.memstats->heap_inuse);
}

// MemStats is read before the dump's sweep; garbage swept then shows as HeapInuse above the spans.
TEST(HeapDumpReader, NotesSpansShortOfHeapInuse) {
  auto snap =
      ReadBytes(DumpWriter().Params("go1.19.8").Object(0xc000000000, 48).MemStats(3 * 8192).Done());
  EXPECT_EQ(snap.heap_dump->total_span_bytes(), 8192u);
  bool noted = std::any_of(snap.notes.begin(), snap.notes.end(), [](const std::string& n) {
    return n.find("HeapInuse is 24576 (+16384 bytes)") != std::string::npos;
  });
  EXPECT_TRUE(noted);
  EXPECT_FALSE(
      std::any_of(RealDump().notes.begin(), RealDump().notes.end(),
                  [](const std::string& n) { return n.find("HeapInuse") != std::string::npos; }));
}

TEST(HeapDumpReader, ObjectsOutOfOrderAreRefused) {
  std::string message = ReadError(
      DumpWriter().Params("go1.19.8").Object(0xc000000000 + 96, 48).Object(0xc000000000, 48).Done(),
      "order.dump");
  EXPECT_NE(message.find("order.dump: "), std::string::npos);
  EXPECT_NE(message.find("ascending"), std::string::npos) << message;
}

TEST(HeapDumpReader, ObjectsNoSpanCouldHoldAreRefused) {
  std::string message =
      ReadError(DumpWriter().Params("go1.19.8").Object(0xc000000000, 100).Done(), "odd.dump");
  EXPECT_NE(message.find("odd.dump: object 0xc000000000 has size 100, which is no Go size class"),
            std::string::npos)
      << message;
  // Slot 341 of a 24 B span would end 16 bytes past the page.
  message = ReadError(DumpWriter().Params("go1.19.8").Object(0xc000000000 + 341 * 24, 24).Done(),
                      "odd.dump");
  EXPECT_NE(message.find("runs past the end of span 0xc000000000"), std::string::npos) << message;
  message = ReadError(DumpWriter().Params("go1.19.8").Object(0xc000000000 + 4096, 40960).Done(),
                      "odd.dump");
  EXPECT_NE(message.find("not page aligned"), std::string::npos) << message;
}

// From Go 1.22 a pointerful span of <= 512 B ends with its pointer bitmap, and dumpobjs lists the
// slots it covers as objects; the reader drops them.
TEST(HeapDumpReader, Go122ReservedTailsAreNotObjects) {
  const uint64_t base = 0xc000000000;
  DumpWriter w;
  w.Params("go1.22.5");
  // A scan span with every other slot used, then the 16 bitmap words after slot 1008.
  for (uint64_t i = 0; i < 1024; ++i)
    if (i % 2 == 0 || i >= 1008) w.Object(base + i * 8, 8, true);
  for (uint64_t i = 0; i < 1024; ++i) w.Object(base + 8192 + i * 8, 8, false);  // full noscan span
  auto snap = ReadBytes(w.Done());
  EXPECT_TRUE(snap.go_version.known);
  EXPECT_EQ(snap.go_version.version, (GoVersion{1, 22}));
  const auto& dump = *snap.heap_dump;
  ASSERT_EQ(dump.spans.size(), 2u);
  EXPECT_TRUE(dump.spans[0].has_pointers);
  EXPECT_EQ(dump.spans[0].slot_count, 1008u);
  EXPECT_EQ(dump.spans[0].live_objects, 504u);
  EXPECT_EQ(dump.spans[1].slot_count, 1024u);
  EXPECT_EQ(dump.spans[1].live_objects, 1024u);
  EXPECT_EQ(dump.reserved_slot_objects, 16u);
  // The same dump from Go 1.19 has no reserved tail.
  DumpWriter old;
  old.Params("go1.19.8");
  for (uint64_t i = 0; i < 1024; i += 2) old.Object(base + i * 8, 8, true);
  EXPECT_EQ(ReadBytes(old.Done()).heap_dump->spans[0].slot_count, 1024u);
}

// The scenario dumps that testdata/gen writes, when present.
TEST(HeapDumpReader, ScenarioDumpsSpansSumToHeapInuse) {
  int read = 0;
  for (const char* scenario :
       {"scattered", "healthy", "twoclasses", "fillevict", "pinning", "mixedlife"}) {
    std::string path = TestdataPath(std::string(scenario) + "/heap.dump.gz");
    if (!std::filesystem::exists(path)) continue;
    auto snap = ReadHeapDump(path);
    ASSERT_TRUE(snap.memstats) << path;
    EXPECT_EQ(snap.heap_dump->total_span_bytes(), snap.memstats->heap_inuse) << path;
    EXPECT_EQ(snap.heap_dump->total_live_bytes(), snap.memstats->heap_alloc) << path;
    ++read;
  }
  if (read == 0) GTEST_SKIP() << "no testdata/<scenario>/heap.dump.gz yet";
}

}  // namespace
}  // namespace heapdoc

namespace heapdoc {
namespace {

// Memory grows with what a dump teaches, not with repeated records: alloc samples past the limit
// are counted and said, deep stacks are cut, an object whose range wraps past 2^64 is refused.
TEST(HeapDumpReader, RepeatedRecordsDoNotGrowMemoryWithoutBound) {
  DumpWriter samples;
  samples.Params("go1.26.0").Object(0xc000010000, 48);
  samples.Uvarint(16).Uvarint(7).Uvarint(48).Uvarint(1).String("main.f").String("main.go").Uvarint(3).Uvarint(1).Uvarint(0);
  constexpr uint64_t kRecords = (1u << 22) + 5;
  for (uint64_t i = 0; i < kRecords; ++i) samples.Uvarint(17).Uvarint(0xc000010000).Uvarint(7);
  HeapSnapshot snap = ReadBytes(samples.Done());
  EXPECT_EQ(snap.heap_dump->alloc_samples.size(), size_t{1} << 22);
  bool said = false;
  for (const auto& n : snap.notes) said |= n.find("5 alloc-sample records beyond") != std::string::npos;
  EXPECT_TRUE(said);

  DumpWriter deep;
  deep.Params("go1.26.0");
  deep.Uvarint(16).Uvarint(7).Uvarint(48).Uvarint(5000);
  for (int i = 0; i < 5000; ++i) deep.String("main.f").String("main.go").Uvarint(static_cast<uint64_t>(i));
  deep.Uvarint(1).Uvarint(0);
  snap = ReadBytes(deep.Done());
  EXPECT_EQ(snap.heap_dump->buckets.front().frames.size(), 1024u);

  DumpWriter wrap;
  wrap.Params("go1.26.0").Uvarint(1).Uvarint(~uint64_t{0} - 8).String(std::string(48, '\0')).Uvarint(0);
  std::string message = ReadError(wrap.Done(), "wrap.dump");
  EXPECT_NE(message.find("runs past the end of memory"), std::string::npos) << message;
}

// A pointerful object holding a slice header {ptr, len, cap} into a 4 KiB pointer-free array, of
// which the slice uses 100 bytes (held twice, by two objects): the array is a retained one, and an
// exact copy would take 112 B.
TEST(HeapDumpReader, SliceHeadersFindRetainedCapacity) {
  DumpWriter w;
  w.Params("go1.26.0");
  uint64_t array = 0xc000100000;  // a 4096 B slot (one-page span of 2)
  w.Object(array, 4096);
  std::string holder(24, '\0');
  auto put = [&](size_t at, uint64_t v) {
    for (int i = 0; i < 8; ++i) holder[at + static_cast<size_t>(i)] = static_cast<char>(v >> (8 * i));
  };
  put(0, array);
  put(8, 100);
  put(16, 4096);
  w.Uvarint(1).Uvarint(0xc000200000).String(holder).Uvarint(1).Uvarint(0).Uvarint(0);
  w.Uvarint(1).Uvarint(0xc000200018).String(holder).Uvarint(1).Uvarint(0).Uvarint(0);
  HeapSnapshot snap = ReadBytes(w.Done());
  ASSERT_EQ(snap.heap_dump->retained_arrays.size(), 1u);
  const DumpRetainedArray& r = snap.heap_dump->retained_arrays.front();
  EXPECT_EQ(r.address, array);
  EXPECT_EQ(r.slot_bytes, 4096u);
  EXPECT_EQ(r.used_bytes, 100u);
  EXPECT_EQ(r.used_slot_bytes, 112u);
  EXPECT_EQ(r.slices, 2u);
  EXPECT_FALSE(r.interior);
}

// Objects of 24 bytes holding one slice header {pointer, len, cap} each, at their pointer field.
void SliceHolder(DumpWriter& w, uint64_t address, uint64_t pointer, uint64_t len, uint64_t cap) {
  std::string words(24, '\0');
  for (int i = 0; i < 8; ++i) {
    words[static_cast<size_t>(i)] = static_cast<char>(pointer >> (8 * i));
    words[static_cast<size_t>(8 + i)] = static_cast<char>(len >> (8 * i));
    words[static_cast<size_t>(16 + i)] = static_cast<char>(cap >> (8 * i));
  }
  w.Uvarint(1).Uvarint(address).String(words).Uvarint(1).Uvarint(0).Uvarint(0);
}

constexpr uint64_t kBlock = 0xc000100000;    // a 4096 B slot (one-page span of 2)
constexpr uint64_t kHolders = 0xc000200000;  // 24 B slots

// A 4 KiB block and one holder of 24 B per slice block[offset:offset+len], then what `more` adds.
HeapDump BlockWithSlices(std::initializer_list<std::pair<uint64_t, uint64_t>> slices,
                         const std::function<void(DumpWriter&)>& more = {}) {
  DumpWriter w;
  w.Params("go1.26.0");
  w.Object(kBlock, 4096);
  uint64_t holder = kHolders;
  for (auto [offset, len] : slices) {
    SliceHolder(w, holder, kBlock + offset, len, 4096 - offset);
    holder += 24;
  }
  if (more) more(w);
  return *ReadBytes(w.Done()).heap_dump;
}

// Two records keeping block[1000:1040] and block[2000:2030] of a 4 KiB block: the block is retained
// for 70 bytes, which copied one by one (bytes.Clone) take 48 + 32 B; both records are its holders.
TEST(HeapDumpReader, SlicesInsideAnArrayRetainIt) {
  HeapDump dump = BlockWithSlices({{1000, 40}, {2000, 30}});
  ASSERT_EQ(dump.retained_arrays.size(), 1u);
  const DumpRetainedArray& r = dump.retained_arrays.front();
  EXPECT_EQ(r.address, kBlock);
  EXPECT_EQ(r.slot_bytes, 4096u);
  EXPECT_EQ(r.used_bytes, 70u);
  EXPECT_EQ(r.used_slot_bytes, 48u + 32u);
  EXPECT_EQ(r.slices, 2u);
  EXPECT_TRUE(r.interior);
  ASSERT_EQ(dump.retained_array_holders.size(), 2u);
  EXPECT_EQ(dump.retained_array_holders[0].address, kHolders);
  EXPECT_EQ(dump.retained_array_holders[1].address, kHolders + 24);
  EXPECT_EQ(dump.retained_array_holders[0].slot_bytes, 24u);
  EXPECT_EQ(dump.retained_array_holders[1].array_index, 0u);
}

// Overlapping slices count their bytes once: block[100:200] and block[150:300] cover 200 bytes,
// copied as one run; a slice near the end (cap under 512) counts too.
TEST(HeapDumpReader, OverlappingSlicesCoverTheirUnion) {
  HeapDump dump = BlockWithSlices({{100, 100}, {150, 150}, {4000, 10}});
  ASSERT_EQ(dump.retained_arrays.size(), 1u);
  EXPECT_EQ(dump.retained_arrays.front().used_bytes, 210u);
  EXPECT_EQ(dump.retained_arrays.front().used_slot_bytes, 208u + 16u);
}

// What else holds the array decides: a slice of it at full length (the block is in use), a pointer
// field that is no byte slice of it (an unknown use), or a root.
TEST(HeapDumpReader, AnArrayOtherwiseInUseIsNotRetained) {
  auto with = [](const std::function<void(DumpWriter&)>& other) {
    return BlockWithSlices({{1000, 40}}, other).retained_arrays.size();
  };
  EXPECT_EQ(with({}), 1u);
  EXPECT_EQ(with([](DumpWriter& w) { SliceHolder(w, kHolders + 24, kBlock, 4096, 4096); }), 0u);
  // {pointer, 5000, 1}: len over cap, no slice; still a pointer into the block.
  EXPECT_EQ(with([](DumpWriter& w) { SliceHolder(w, kHolders + 24, kBlock + 8, 5000, 1); }), 0u);
  // A slice running past the block's end is not one of its slices.
  EXPECT_EQ(with([](DumpWriter& w) { SliceHolder(w, kHolders + 24, kBlock + 3000, 10, 4096); }), 0u);
  // Nor one whose capacity ends short of it: a []uint32 (len and cap in elements: 864 x 4 B take a
  // 3,456 B slot), or a three-index slice block[:100:2000].
  EXPECT_EQ(with([](DumpWriter& w) { SliceHolder(w, kHolders + 24, kBlock, 100, 864); }), 0u);
  EXPECT_EQ(with([](DumpWriter& w) { SliceHolder(w, kHolders + 24, kBlock, 100, 2000); }), 0u);
  EXPECT_EQ(with([](DumpWriter& w) { w.Uvarint(2).String("finq").Uvarint(kBlock + 16); }), 0u);
}

}  // namespace
}  // namespace heapdoc
