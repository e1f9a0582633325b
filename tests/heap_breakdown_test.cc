// Site rows' caller paths: which stack a row keeps, how much of it, and its first user frame.
#include "heapmodel/heap_breakdown.h"

#include <gtest/gtest.h>

namespace heapdoc {
namespace {

// Frame indices of the snapshot built below.
enum : FrameIndex {
  kGrowSlice,
  kBufferGrow,
  kBufferWrite,
  kRender,
  kHandle,
  kMain,
  kRuntimeMain,
  kFill,
  kLiteralStore,
  kDecodeValue,
  kLoad,
  kFrameCount,
};

HeapSnapshot Snapshot() {
  HeapSnapshot s;
  s.frames.resize(kFrameCount);
  s.frames[kGrowSlice] = {"bytes.growSlice", "bytes/buffer.go", 249};
  s.frames[kBufferGrow] = {"bytes.(*Buffer).grow", "bytes/buffer.go", 151};
  s.frames[kBufferWrite] = {"bytes.(*Buffer).Write", "bytes/buffer.go", 179};
  s.frames[kRender] = {"main.(*Server).render", "github.com/acme/svc/server.go", 120};
  s.frames[kHandle] = {"main.(*Server).handle", "github.com/acme/svc/server.go", 88};
  s.frames[kMain] = {"main.main", "github.com/acme/svc/main.go", 20};
  s.frames[kRuntimeMain] = {"runtime.main", "runtime/proc.go", 250};
  s.frames[kFill] = {"main.fill", "github.com/acme/svc/main.go", 31};
  s.frames[kLiteralStore] = {"encoding/json.(*decodeState).literalStore", "encoding/json/decode.go", 1049};
  s.frames[kDecodeValue] = {"encoding/json.(*decodeState).value", "encoding/json/decode.go", 383};
  s.frames[kLoad] = {"main.load", "github.com/acme/svc/load.go", 12};
  return s;
}

SiteSamples Samples(std::vector<FrameIndex> stack, uint64_t slot_size_bytes, ObjectCounts counts) {
  SiteSamples s;
  s.leaf = stack.empty() ? kNoFrame : stack.front();
  s.slot_size_bytes = slot_size_bytes;
  s.counts = counts;
  s.records = 1;
  s.heaviest_stack = std::move(stack);
  return s;
}

HeapBreakdown Breakdown(const HeapSnapshot& s) { return BuildHeapBreakdown(s, SizeClassTable::For(GoVersion{1, 22})); }

std::vector<std::string> Functions(const SiteRow& site) {
  std::vector<std::string> out;
  for (const Frame& f : site.caller_path) out.push_back(f.function);
  return out;
}

TEST(HeapBreakdown, LibraryLeafPointsAtTheFirstUserFrame) {
  HeapSnapshot s = Snapshot();
  s.site_samples.push_back(
      Samples({kGrowSlice, kBufferGrow, kBufferWrite, kRender, kHandle, kMain, kRuntimeMain}, 48, {4, 192, 2, 96}));
  HeapBreakdown b = Breakdown(s);
  ASSERT_EQ(b.sites.size(), 1u);
  const SiteRow& site = b.sites[0];
  EXPECT_EQ(site.function, "bytes.growSlice");
  EXPECT_EQ(Functions(site), (std::vector<std::string>{"bytes.(*Buffer).grow", "bytes.(*Buffer).Write",
                                                        "main.(*Server).render", "main.(*Server).handle", "main.main",
                                                        "runtime.main"}));
  ASSERT_TRUE(site.user_frame.has_value());
  EXPECT_EQ(*site.user_frame, 2u);
  EXPECT_EQ(site.caller_path[2].file, "github.com/acme/svc/server.go");
  EXPECT_EQ(site.caller_path[2].line, 120);
}

TEST(HeapBreakdown, UserLeafOrNoStackHasNoUserFrame) {
  HeapSnapshot s = Snapshot();
  s.site_samples.push_back(Samples({kFill, kMain, kRuntimeMain}, 48, {1, 48, 1, 48}));
  s.site_samples.push_back(Samples({}, 64, {1, 64, 0, 0}));
  s.site_samples.push_back(Samples({kRuntimeMain}, 96, {1, 96, 0, 0}));  // library leaf, no caller
  HeapBreakdown b = Breakdown(s);
  ASSERT_EQ(b.sites.size(), 3u);
  EXPECT_EQ(Functions(b.sites[0]), (std::vector<std::string>{"main.main", "runtime.main"}));
  EXPECT_FALSE(b.sites[0].user_frame);
  for (size_t i : {1, 2}) {
    EXPECT_TRUE(b.sites[i].caller_path.empty()) << b.sites[i].function;
    EXPECT_FALSE(b.sites[i].user_frame) << b.sites[i].function;
  }
}

TEST(HeapBreakdown, RowKeepsThePathOfItsHeaviestMergedSamples) {
  // 44 B is no size class: those samples join the 48 B row of the same leaf.
  HeapSnapshot s = Snapshot();
  s.site_samples.push_back(Samples({kGrowSlice, kBufferGrow, kMain}, 44, {9, 396, 1, 44}));
  s.site_samples.push_back(Samples({kGrowSlice, kBufferWrite, kHandle}, 48, {2, 96, 2, 96}));  // more live bytes
  s.site_samples.push_back(Samples({kGrowSlice, kBufferGrow, kRender}, 48, {9, 432, 2, 96}));  // a tie on live: more alloc
  HeapBreakdown b = Breakdown(s);
  ASSERT_EQ(b.sites.size(), 1u);
  EXPECT_EQ(b.sites[0].counts, (ObjectCounts{20, 924, 5, 236}));
  EXPECT_EQ(Functions(b.sites[0]), (std::vector<std::string>{"bytes.(*Buffer).grow", "main.(*Server).render"}));
  EXPECT_EQ(b.sites[0].user_frame, 1u);
}

TEST(HeapBreakdown, PathIsShortUnlessItMustReachTheUserFrame) {
  HeapSnapshot s = Snapshot();
  // encoding/json recursing through a deeply nested document before returning to main.load.
  std::vector<FrameIndex> json_stack{kLiteralStore};
  for (int i = 0; i < 20; ++i) json_stack.push_back(kDecodeValue);
  for (FrameIndex f : {kLoad, kMain, kRuntimeMain, kRuntimeMain}) json_stack.push_back(f);
  s.site_samples.push_back(Samples(json_stack, 48, {1, 48, 1, 48}));
  std::vector<FrameIndex> user_stack{kFill};
  for (int i = 0; i < 20; ++i) user_stack.push_back(kLoad);
  s.site_samples.push_back(Samples(user_stack, 64, {1, 64, 1, 64}));
  HeapBreakdown b = Breakdown(s);
  ASSERT_EQ(b.sites.size(), 2u);
  const SiteRow& json_site = b.sites[1];  // ranked by live bytes: the 64 B site first
  EXPECT_EQ(json_site.user_frame, 20u);
  ASSERT_EQ(json_site.caller_path.size(), 23u);  // up to the user frame and two of its callers
  EXPECT_EQ(json_site.caller_path[20].function, "main.load");
  EXPECT_EQ(b.sites[0].caller_path.size(), 8u);
  EXPECT_FALSE(b.sites[0].user_frame);
}

}  // namespace
}  // namespace heapdoc
