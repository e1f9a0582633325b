// Retention paths on real heap dumps whose holders are known (testdata/gen/retention/<holder>,
// built with each Go version): the object graph, the root that holds main.newEntry's survivors,
// and their retained set.
#include <gtest/gtest.h>

#include <numeric>

#include "analyzer/advice/retention_advice.h"
#include "analyzer/analysis.h"
#include "analyzer/readers/elf_symbols.h"
#include "analyzer/readers/heap_dump_reader.h"
#include "heapmodel/error.h"
#include "heapmodel/global_symbols.h"
#include "heapmodel/retention_paths.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::TempPath;
using testing::TestdataPath;
using testing::WriteFileBytes;

struct HolderCase {
  std::string holder;
  std::string version;
};

std::string Name(const ::testing::TestParamInfo<HolderCase>& info) {
  std::string v = info.param.version;
  std::replace(v.begin(), v.end(), '.', '_');
  return info.param.holder + "_go" + v;
}

std::vector<uint32_t> NewEntryBuckets(const HeapSnapshot& snap) {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < snap.heap_dump->buckets.size(); ++i) {
    const auto& b = snap.heap_dump->buckets[i];
    if (!b.frames.empty() && snap.frames[b.frames.front()].function == "main.newEntry") out.push_back(i);
  }
  return out;
}

class RetentionHolderTest : public ::testing::TestWithParam<HolderCase> {};

TEST_P(RetentionHolderTest, ShortestPathStartsAtTheKnownHolder) {
  const HolderCase& c = GetParam();
  HeapSnapshot snap = ReadHeapDump(TestdataPath("retention/" + c.holder + "/go" + c.version + "/heap.dump.gz"));
  ASSERT_TRUE(snap.heap_dump && snap.heap_dump->graph);
  const HeapDump& dump = *snap.heap_dump;
  const ObjectGraph& graph = *dump.graph;
  EXPECT_EQ(graph.object_count(), dump.object_count) << "reserved-tail objects are no nodes";
  for (ObjectId id = 0; id < graph.object_count(); ++id) {
    ASSERT_EQ(graph.Find(graph.address(id)), id);
    ASSERT_EQ(graph.Find(graph.address(id) + graph.size_bytes(id) - 1), id);
  }
  EXPECT_GT(graph.edge_count(), 2000u);
  EXPECT_EQ(graph.unscanned_objects, 0u);

  std::vector<ObjectId> survivors = SampledObjectsOf(dump, NewEntryBuckets(snap));
  // 2048 survivors of 64 B at MemProfileRate 512: about one in eight is sampled.
  ASSERT_GT(survivors.size(), 100u);
  ASSERT_LT(survivors.size(), 2048u);
  ShortestRootPaths paths(graph);
  std::vector<RetentionPathGroup> groups = GroupRetentionPaths(graph, paths, survivors);
  ASSERT_FALSE(groups.empty());
  const RetentionPathGroup& top = groups.front();
  EXPECT_EQ(top.objects, survivors.size()) << "every survivor has one holder";
  const RootSource& root = graph.root_sources()[top.root_source];
  if (c.holder == "goroutinelocal") {
    EXPECT_EQ(root.kind, RootKind::kStackFrame);
    EXPECT_EQ(root.name, "main.holder");
  } else {
    EXPECT_TRUE(IsGlobalRoot(root)) << RootKindName(root.kind) << " " << root.name;
    EXPECT_EQ(RootName(root, nullptr).rfind(root.kind == RootKind::kBss ? "bss+0x" : "data+0x", 0), 0u);
  }
  // The path ends at a survivor and every hop points at the next.
  ASSERT_GE(top.path.size(), 2u);
  EXPECT_EQ(graph.size_bytes(top.path.back()), 64u);
  for (size_t i = 0; i + 1 < top.path.size(); ++i) {
    bool linked = std::find(graph.edges_begin(top.path[i]), graph.edges_end(top.path[i]), top.path[i + 1]) !=
                  graph.edges_end(top.path[i]);
    EXPECT_TRUE(linked) << "hop " << i;
  }
  if (c.holder == "globalslice") {
    EXPECT_EQ(top.path.size(), 2u) << "the slice's backing array, then the survivor";
  }

  // Survivors keep nothing else alive (Next is nil): their retained set is themselves, all 64 B.
  RetainedSet retained = ComputeRetainedSet(graph, dump, survivors);
  EXPECT_EQ(retained.objects, survivors.size());
  EXPECT_EQ(retained.bytes, 64 * survivors.size());
  ASSERT_EQ(retained.by_slot_size.size(), 1u);
  EXPECT_EQ(retained.by_slot_size[0].slot_bytes, 64u);
  uint64_t in_spans = 0;
  for (const auto& s : retained.by_span) {
    in_spans += s.objects;
    EXPECT_EQ(dump.spans[s.span_index].elem_size_bytes, 64u);
  }
  EXPECT_EQ(in_spans, retained.objects);
  // Scattered one to a span: almost every survivor has a span of its own.
  EXPECT_GT(retained.by_span.size(), retained.objects * 3 / 4);
}

TEST_P(RetentionHolderTest, HolderAloneRetainsTheSurvivors) {
  // The holder's own object (the backing array, map, hchan, closure, ...) on the top path: what it
  // keeps alive alone includes every sampled survivor.
  const HolderCase& c = GetParam();
  HeapSnapshot snap = ReadHeapDump(TestdataPath("retention/" + c.holder + "/go" + c.version + "/heap.dump.gz"));
  const HeapDump& dump = *snap.heap_dump;
  const ObjectGraph& graph = *dump.graph;
  std::vector<ObjectId> survivors = SampledObjectsOf(dump, NewEntryBuckets(snap));
  ShortestRootPaths paths(graph);
  auto groups = GroupRetentionPaths(graph, paths, survivors);
  ASSERT_FALSE(groups.empty());
  ObjectId holder = groups.front().path.front();
  RetainedSet retained = ComputeRetainedSet(graph, dump, {holder});
  EXPECT_GE(retained.objects, survivors.size() + 1);
  EXPECT_GE(retained.bytes, 64 * survivors.size() + graph.size_bytes(holder));
}

TEST_P(RetentionHolderTest, UnsampledSurvivorsInTheEmptiestSpansHaveTheSameHolder) {
  // Without alloc samples, the live objects of the 64 B class in its emptiest spans are the
  // survivors (the churn between them is garbage): the top root holding them is the holder of the
  // sampled ones.
  const HolderCase& c = GetParam();
  HeapSnapshot snap = ReadHeapDump(TestdataPath("retention/" + c.holder + "/go" + c.version + "/heap.dump.gz"));
  const HeapDump& dump = *snap.heap_dump;
  const ObjectGraph& graph = *dump.graph;
  ShortestRootPaths paths(graph);
  auto sampled = GroupRetentionPaths(graph, paths, SampledObjectsOf(dump, NewEntryBuckets(snap)));
  std::vector<ObjectId> emptiest = ObjectsInEmptiestSpans(dump, 64, 1000);
  ASSERT_EQ(emptiest.size(), 1000u);
  for (ObjectId id : emptiest) ASSERT_EQ(graph.size_bytes(id), 64u);
  auto unsampled = GroupRetentionPaths(graph, paths, emptiest);
  ASSERT_FALSE(sampled.empty());
  ASSERT_FALSE(unsampled.empty());
  EXPECT_EQ(unsampled.front().root_source, sampled.front().root_source);
  EXPECT_GT(unsampled.front().objects, 900u);
}

std::vector<HolderCase> AllCases() {
  std::vector<HolderCase> out;
  for (std::string h : {"globalslice", "mapinstruct", "goroutinelocal", "closure", "channel"})
    for (std::string v : {"1.19", "1.22", "1.24", "1.26"}) out.push_back({h, v});
  return out;
}
INSTANTIATE_TEST_SUITE_P(Holders, RetentionHolderTest, ::testing::ValuesIn(AllCases()), Name);

TEST(RetentionAdviceTest, LifetimeAdviceNamesTheHolderBySegmentWithoutBinary) {
  HeapSnapshot snap = ReadHeapDump(TestdataPath("retention/globalslice/go1.26/heap.dump.gz"));
  AnalysisReport report = Analyze(std::move(snap), {});
  const Advice* lifetime = nullptr;
  for (const Advice& a : report.advice)
    if (a.kind == AdviceKind::kLifetime && a.function == "main.newEntry") lifetime = &a;
  ASSERT_NE(lifetime, nullptr);
  EXPECT_EQ(lifetime->held_by.rfind("bss+0x", 0), 0u) << lifetime->held_by;
  EXPECT_NE(lifetime->message.find("held by " + lifetime->held_by), std::string::npos) << lifetime->message;
  ASSERT_FALSE(report.holders.empty());
  EXPECT_EQ(report.holders.front().name, lifetime->held_by);
  bool noted = std::any_of(report.notes.begin(), report.notes.end(),
                           [](const std::string& n) { return n.find("--binary") != std::string::npos; });
  EXPECT_TRUE(noted);
}

TEST(ElfSymbolsTest, RefusesWhatIsNotAnElfSymbolTable) {
  std::string path = TempPath("not-elf");
  WriteFileBytes(path, "hello, this is not an ELF file at all, just text padding it past 64 bytes......");
  EXPECT_THROW(ReadElfGlobalSymbols(path), Error);
  std::string truncated = TempPath("truncated-elf");
  std::string bytes(64, '\0');
  bytes.replace(0, 6, "\x7f" "ELF\x02\x01");
  bytes[0x28] = 0x10;  // section headers past the end
  bytes[0x3a] = 64;
  bytes[0x3c] = 3;
  WriteFileBytes(truncated, bytes);
  EXPECT_THROW(ReadElfGlobalSymbols(truncated), Error);
}

TEST(GlobalSymbolsTest, NamesAWordInsideAVariableWithItsOffset) {
  GlobalSymbols symbols({{0x2000, 24, "main.survivors"}, {0x1000, 16, "main.registry"}});
  EXPECT_EQ(RootName({RootKind::kBss, 0x2000, 0x100, ""}, &symbols), "main.survivors");
  EXPECT_EQ(RootName({RootKind::kBss, 0x1008, 0x8, ""}, &symbols), "main.registry+8");
  EXPECT_EQ(RootName({RootKind::kData, 0x3000, 0x40, ""}, &symbols), "data+0x40");
  EXPECT_EQ(RootName({RootKind::kStackFrame, 0, 0, "main.holder"}, &symbols), "main.holder");
}

// A linked list of thousands of nodes between a global and its survivors is one hop with its count,
// and a chain that stays long keeps its ends around a count of the rest.
TEST(BoundedChain, RunsOfLikeHopsFoldAndLongChainsKeepTheirEnds) {
  std::vector<std::string> list(5833, "object of 48 B");
  list.insert(list.begin(), "object of 32 B");
  list.push_back("object of 48 B from main.decode (main.go:27)");
  EXPECT_EQ(BoundedChain(list), (std::vector<std::string>{"object of 32 B",
                                                          "5,833 x object of 48 B (a chain, each holding the next)",
                                                          "object of 48 B from main.decode (main.go:27)"}));
  EXPECT_EQ(BoundedChain({"a", "a", "b"}), (std::vector<std::string>{"a", "a", "b"}));
  std::vector<std::string> alternating;
  for (int i = 0; i < 100; ++i) alternating.push_back(i % 2 ? "node" : "edge");
  std::vector<std::string> bounded = BoundedChain(alternating);
  ASSERT_EQ(bounded.size(), 25u);
  EXPECT_EQ(bounded.front(), "edge");
  EXPECT_EQ(bounded[12], "... 76 more hops ...");
  EXPECT_EQ(bounded.back(), "node");
}

TEST(GoroutineFrameName, GoStatementWrappersNameTheFunctionThatStartedThem) {
  EXPECT_EQ(GoroutineFrameName("main.main.gowrap1"), "the goroutine `go` starts in main.main (main.main.gowrap1)");
  EXPECT_EQ(GoroutineFrameName("example.com/svc.(*Server).Run.gowrap12"),
            "the goroutine `go` starts in example.com/svc.(*Server).Run (example.com/svc.(*Server).Run.gowrap12)");
  EXPECT_EQ(GoroutineFrameName("main.auditor"), "main.auditor");
  EXPECT_EQ(GoroutineFrameName("main.gowrapper"), "main.gowrapper");
  EXPECT_EQ(GoroutineFrameName("main.main.gowrap"), "main.main.gowrap");
}

}  // namespace
}  // namespace heapdoc
