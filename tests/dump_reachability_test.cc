// Garbage in heap dumps (analyzer/readers/dump_reachability.h): objects no root reaches. The pool
// pattern's snapshot is taken between collections (its 32 KiB response buffers are garbage in the
// dump); the others after runtime.GC(), where nearly nothing is unreachable.
#include <gtest/gtest.h>

#include <algorithm>

#include "analyzer/readers/input_reader.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::TestdataPath;

const HeapDump& Dump(const HeapSnapshot& snap) { return *snap.heap_dump; }

class Reachability : public ::testing::TestWithParam<const char*> {};

TEST_P(Reachability, ADumpBetweenCollectionsListsTheBuffersAsGarbage) {
  HeapSnapshot snap = ReadHeapInputFile(TestdataPath(std::string("advice/pool/") + GetParam() + "/before/heap.dump.gz"));
  const HeapDump& d = Dump(snap);
  EXPECT_GT(d.unreachable_bytes, 2u << 20);
  auto slot = std::find_if(d.unreachable_by_slot.begin(), d.unreachable_by_slot.end(),
                           [](const auto& row) { return row.first == 32768; });
  ASSERT_NE(slot, d.unreachable_by_slot.end());
  EXPECT_GE(slot->second * 32768, d.unreachable_bytes / 2) << "the buffers are most of the garbage";
  uint64_t garbage_samples = 0;
  for (const DumpBucket& b : d.buckets) garbage_samples += b.sampled_garbage_objects;
  EXPECT_GT(garbage_samples, 0u);
  EXPECT_TRUE(std::any_of(snap.notes.begin(), snap.notes.end(),
                          [](const std::string& n) { return n.find("reachable from no root") != std::string::npos; }));
}

TEST_P(Reachability, AfterAForcedCollectionAlmostNothingIsUnreachable) {
  HeapSnapshot snap = ReadHeapInputFile(TestdataPath(std::string("advice/lifetime/") + GetParam() + "/before/heap.dump.gz"));
  const HeapDump& d = Dump(snap);
  EXPECT_LT(d.unreachable_bytes, 16u << 10) << "the roots the dump lists reach every live object";
  EXPECT_FALSE(std::any_of(snap.notes.begin(), snap.notes.end(),
                           [](const std::string& n) { return n.find("reachable from no root") != std::string::npos; }));
}

INSTANTIATE_TEST_SUITE_P(EveryRecordedGo, Reachability, ::testing::Values("go1.22", "go1.26"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return testing::GoVersionTestName(info.param);
                         });

}  // namespace
}  // namespace heapdoc
