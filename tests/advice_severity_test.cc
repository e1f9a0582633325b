// CI loudness of advice follows its bytes against the heap in use (analyzer/check/advice_severity.h),
// on the real scattered profile (HeapInuse 25.8 MiB from its MemStats).
#include <gtest/gtest.h>

#include "analyzer/analysis.h"
#include "analyzer/check/advice_severity.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

TEST(AdviceSeverity, FollowsTheBytesAgainstHeapInuse) {
  HeapSnapshot snapshot = ReadHeapInputFile(testing::TestdataPath("scattered/go1.26/heap.pb.gz"));
  AttachMemStats(snapshot, ReadMemStatsFile(testing::TestdataPath("scattered/go1.26/memstats.json")));
  AnalysisReport report = Analyze(std::move(snapshot), {});
  ASSERT_TRUE(report.snapshot.memstats);
  uint64_t heap_inuse = report.snapshot.memstats->heap_inuse;
  ASSERT_GT(heap_inuse, 1u << 20);
  Advice advice;
  advice.kind = AdviceKind::kPool;
  advice.confidence = Confidence::kHigh;  // confidence does not make small advice loud
  advice.saving_bytes = 600;
  EXPECT_EQ(SeverityOf(advice, report), AdviceSeverity::kNotice);
  advice.saving_bytes = static_cast<uint64_t>(heap_inuse * kWarningShareOfHeapInuse) + 1;
  EXPECT_EQ(SeverityOf(advice, report), AdviceSeverity::kWarning);
  // Megabytes are a warning even below the share (here 5 % is 1.29 MiB): a lifetime finding worth
  // 1 MiB in a large heap is not a notice.
  ASSERT_GT(heap_inuse * kWarningShareOfHeapInuse, static_cast<double>(kWarningBytes));
  advice.saving_bytes = kWarningBytes;
  EXPECT_EQ(SeverityOf(advice, report), AdviceSeverity::kWarning);
  advice.saving_bytes = kWarningBytes - 1;  // under both
  EXPECT_EQ(SeverityOf(advice, report), AdviceSeverity::kNotice);
  advice.saving_bytes = 0;  // no byte figure (pointer-free, GOMEMLIMIT)
  EXPECT_EQ(SeverityOf(advice, report), AdviceSeverity::kNotice);
}

}  // namespace
}  // namespace heapdoc
