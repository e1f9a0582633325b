#include "heapmodel/site_samples_builder.h"

#include <gtest/gtest.h>

namespace heapdoc {
namespace {

TEST(SiteSamplesBuilder, MergesByLeafAndSlotSizeInFirstSeenOrder) {
  SiteSamplesBuilder b;
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
  SiteSamplesBuilder b;
  std::vector<FrameIndex> light{1, 10}, heavy{1, 11}, heavy_tie{1, 12}, more_alloc{1, 13};
  b.Add(light, 48, {10, 480, 1, 48});
  b.Add(heavy, 48, {2, 96, 2, 96});       // more live bytes wins
  b.Add(heavy_tie, 48, {2, 96, 2, 96});   // a tie keeps the first
  std::vector<SiteSamples> sites = std::move(b).Finish();
  ASSERT_EQ(sites.size(), 1u);
  EXPECT_EQ(sites[0].heaviest_stack, heavy);
  SiteSamplesBuilder c;
  c.Add(light, 48, {1, 48, 1, 48});
  c.Add(more_alloc, 48, {9, 432, 1, 48});  // equal live bytes: more allocated wins
  EXPECT_EQ(std::move(c).Finish()[0].heaviest_stack, more_alloc);
}

TEST(SiteSamplesBuilder, DropsAllZeroSamples) {
  SiteSamplesBuilder b;
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
