// Direct tests of the one byte formatter (heapmodel/units.h) and the saturating count arithmetic
// (heapmodel/counts.h) every reader and merge relies on.
#include <climits>

#include <gtest/gtest.h>

#include "heapmodel/counts.h"
#include "heapmodel/units.h"

namespace heapdoc {
namespace {

TEST(Units, BytesCountsPercentsRatios) {
  EXPECT_EQ(FormatBytes(0), "0 B");
  EXPECT_EQ(FormatBytes(512), "512 B");
  EXPECT_EQ(FormatBytes(1536), "1.50 KiB");
  EXPECT_EQ(FormatBytes(25 * (int64_t{1} << 20) + (int64_t{1} << 19)), "25.5 MiB");
  EXPECT_EQ(FormatBytes(-(int64_t{2} << 30)), "-2.00 GiB");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatCount(-1000), "-1,000");
  EXPECT_EQ(FormatPercent(0.4213), "42.1 %");
  EXPECT_EQ(FormatRatio(12.5), "12.5x");
  EXPECT_EQ(FormatTimeNanos(0), "");
  EXPECT_EQ(FormatTimeNanos(int64_t{1700000000} * 1000000000), "2023-11-14T22:13:20Z");
}

TEST(Counts, ArithmeticSaturatesInsteadOfOverflowing) {
  ObjectCounts big{INT64_MAX - 1, INT64_MAX, 1, 2};
  ObjectCounts one{1, 1, 1, 1};
  ObjectCounts sum = big + one + one;
  EXPECT_EQ(sum.alloc_objects, INT64_MAX);
  EXPECT_EQ(sum.alloc_bytes, INT64_MAX);
  EXPECT_EQ(sum.live_objects, 3);
  ObjectCounts low{INT64_MIN + 1, 0, 0, 0};
  ObjectCounts diff = low - one - one;
  EXPECT_EQ(diff.alloc_objects, INT64_MIN);
  EXPECT_EQ(diff.alloc_bytes, -2);
  EXPECT_EQ((ObjectCounts{5, 50, 2, 20} - ObjectCounts{1, 10, 1, 10}), (ObjectCounts{4, 40, 1, 10}));
}

}  // namespace
}  // namespace heapdoc
