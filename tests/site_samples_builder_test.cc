#include "heapmodel/site_samples_builder.h"

#include <gtest/gtest.h>

namespace heapdoc {
namespace {

// Frame indices up to 13 name user functions: no allocator frames to skip.
const std::vector<Frame> kFrames(14, Frame{"main.f", "main.go", 1});

TEST(SiteSamplesBuilder, MergesByLeafAndSlotSizeInFirstSeenOrder) {
  SiteSamplesBuilder b(kFrames);
  std::vector<FrameIndex> a_from_x{1, 10}, a_from_y{1, 11}, other{2, 10};
  b.Add(a_from_x, 48, {2, 96, 1, 48});
  b.Add(other, 48, {1, 48, 1, 48});
  b.Add(a_from_y, 48, {3, 144, 2, 96});  // same leaf and size as the first: same site
  b.Add(a_from_y, 64, {1, 64, 0, 0});    // same leaf, another size: another site
  b.Add({}, 32, {1, 32, 1, 32});         // no stack at all
  std::vector<SiteSamples> sites = std::move(b).Finish();
  ASSERT_EQ(sites.size(), 4u);
  EXPECT_EQ(sites[0].leaf, 1u);
  EXPECT_EQ(sites[0].slot_size_bytes, 48u);
  EXPECT_EQ(sites[0].records, 2u);
  EXPECT_EQ(sites[0].counts, (ObjectCounts{5, 240, 3, 144}));
  EXPECT_EQ(sites[1].leaf, 2u);
  EXPECT_EQ(sites[2].slot_size_bytes, 64u);
  EXPECT_EQ(sites[3].leaf, kNoFrame);
  EXPECT_TRUE(sites[3].heaviest_stack.empty());
}

TEST(SiteSamplesBuilder, KeepsTheHeaviestSamplesStack) {
  SiteSamplesBuilder b(kFrames);
  std::vector<FrameIndex> light{1, 10}, heavy{1, 11}, heavy_tie{1, 12}, more_alloc{1, 13};
  b.Add(light, 48, {10, 480, 1, 48});
  b.Add(heavy, 48, {2, 96, 2, 96});       // more live bytes wins
  b.Add(heavy_tie, 48, {2, 96, 2, 96});   // a tie keeps the first
  std::vector<SiteSamples> sites = std::move(b).Finish();
  ASSERT_EQ(sites.size(), 1u);
  EXPECT_EQ(sites[0].heaviest_stack, heavy);
  SiteSamplesBuilder c(kFrames);
  c.Add(light, 48, {1, 48, 1, 48});
  c.Add(more_alloc, 48, {9, 432, 1, 48});  // equal live bytes: more allocated wins
  EXPECT_EQ(std::move(c).Finish()[0].heaviest_stack, more_alloc);
}

TEST(SiteSamplesBuilder, DropsAllZeroSamples) {
  SiteSamplesBuilder b(kFrames);
  std::vector<FrameIndex> stack{1};
  b.Add(stack, 48, {});
  EXPECT_TRUE(std::move(b).Finish().empty());
}

}  // namespace
}  // namespace heapdoc

namespace heapdoc {
namespace {

TEST(ObjectCounts, SaturateInsteadOfOverflowing) {
  // Hostile profiles carry values near 2^63; sums stick at the limits (no undefined behaviour).
  ObjectCounts huge{INT64_MAX - 1, INT64_MAX, INT64_MIN + 1, 5};
  ObjectCounts sum = huge + ObjectCounts{10, 10, -10, 10};
  EXPECT_EQ(sum, (ObjectCounts{INT64_MAX, INT64_MAX, INT64_MIN, 15}));
  EXPECT_EQ(ObjectCounts{INT64_MIN} - ObjectCounts{1}, (ObjectCounts{INT64_MIN}));
  EXPECT_EQ(ObjectCounts{INT64_MAX} - ObjectCounts{-1}, (ObjectCounts{INT64_MAX}));
}

}  // namespace
}  // namespace heapdoc

namespace heapdoc {
namespace {

TEST(SiteSamplesBuilder, TheSiteIsTheFirstFrameOutsideTheAllocator) {
  // Go 1.26 heap-dump buckets start inside runtime.mallocgc; a makechan or a map growth passes
  // through more runtime frames before the line that asked for memory.
  std::vector<Frame> frames{{"runtime.mallocgc", "runtime/malloc.go", 1189},
                            {"runtime.newobject", "runtime/malloc.go", 1715},
                            {"main.load", "main.go", 35},
                            {"runtime.mallocgcSmallScanNoHeaderSC3", "runtime/malloc_generated.go", 400},
                            {"runtime.makechan", "runtime/chan.go", 100},
                            {"internal/runtime/maps.newTable", "internal/runtime/maps/table.go", 80},
                            {"runtime.mapassign_faststr", "internal/runtime/maps/runtime_faststr.go", 300},
                            {"main.index", "main.go", 50},
                            {"runtime.malg", "runtime/proc.go", 5137},
                            {"bytes.growSlice", "bytes/buffer.go", 249}};
  SiteSamplesBuilder b(frames);
  std::vector<FrameIndex> via_newobject{0, 1, 2}, via_makechan{3, 4, 2}, via_map{0, 5, 6, 7},
      runtime_own{0, 8, 2}, library{0, 9, 7}, only_allocator{0, 1};
  b.Add(via_newobject, 48, {1, 48, 1, 48});
  b.Add(via_makechan, 96, {1, 96, 1, 96});
  b.Add(via_map, 1024, {1, 1024, 1, 1024});
  b.Add(runtime_own, 416, {1, 416, 1, 416});
  b.Add(library, 64, {1, 64, 1, 64});
  b.Add(only_allocator, 16, {1, 16, 1, 16});
  std::vector<SiteSamples> sites = std::move(b).Finish();
  ASSERT_EQ(sites.size(), 6u);
  EXPECT_EQ(sites[0].leaf, 2u);
  EXPECT_EQ(sites[0].heaviest_stack, (std::vector<FrameIndex>{2}));
  EXPECT_EQ(sites[1].leaf, 2u);
  EXPECT_EQ(sites[2].leaf, 7u);
  EXPECT_EQ(sites[3].leaf, 8u);  // runtime.malg allocates for the runtime itself: a site of its own
  EXPECT_EQ(sites[4].leaf, 9u);  // the standard library stays named by its function
  EXPECT_EQ(sites[5].leaf, 1u);  // nothing outside the allocator: the outermost frame
}

}  // namespace
}  // namespace heapdoc
