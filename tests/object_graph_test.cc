// The compact object graph (heapmodel/object_graph.h) built directly: spans as runs of slots,
// interior pointers, reserved-tail objects dropped, pointers kept as arena offsets or whole, and
// objects the reader would refuse (out of order, misaligned, size 0) kept without a crash.
#include <gtest/gtest.h>

#include "heapmodel/error.h"
#include "heapmodel/object_graph.h"

namespace heapdoc {
namespace {

constexpr uint64_t kArena = 0xc000000000;

// Two 48 B spans listed out of address order, a large object, and a reserved tail to drop; every
// object points at the next one's middle, the last at a freed slot and outside the heap.
ObjectGraph BuildSample(bool arena) {
  ObjectGraphBuilder b(1000, 1000);
  if (arena) b.SetHeapArena(kArena, kArena + (64ull << 20));
  const uint64_t high = kArena + 0x4000, low = kArena + 0x2000, large = kArena + 0x10000;
  b.StartSpan(high, 48);
  b.AddObject(high, 48);            // 0
  b.AddPointer(low + 20);           //   -> 2 (interior)
  b.AddObject(high + 48 * 3, 48);   // 1
  b.AddPointer(large + 40000);      //   -> 4
  b.AddObject(high + 48 * 170, 48); // reserved tail: dropped with its pointer
  b.AddPointer(high);
  b.DropLastObjects(1);
  b.StartSpan(low, 48);
  b.AddObject(low, 48);             // 2
  b.AddPointer(high + 48 * 3);      //   -> 1
  b.AddPointer(high + 48);          //   freed slot: no edge
  b.AddObject(low + 48, 48);        // 3
  b.AddPointer(0x1234);             //   outside the heap: no edge
  b.StartSpan(large, 49152);
  b.AddObject(large, 49152);        // 4
  b.AddPointer(high + 47);          //   -> 0 (its last byte)
  uint32_t global = b.AddRootSource({RootKind::kBss, 0x500000, 0x10, ""});
  b.AddRoot(global, low + 1);
  return std::move(b).Finish();
}

TEST(ObjectGraphTest, SpansOfSlotsResolvePointersInAndOutOfTheArenaAlike) {
  for (bool arena : {false, true}) {
    SCOPED_TRACE(arena ? "arena offsets" : "whole addresses");
    ObjectGraph g = BuildSample(arena);
    ASSERT_EQ(g.object_count(), 5u);
    EXPECT_EQ(g.address(1), kArena + 0x4000 + 48 * 3);
    EXPECT_EQ(g.size_bytes(1), 48u);
    EXPECT_EQ(g.size_bytes(4), 49152u);
    EXPECT_EQ(g.edge_count(), 4u);
    std::vector<std::vector<ObjectId>> want = {{2}, {4}, {1}, {}, {0}};
    for (ObjectId id = 0; id < 5; ++id)
      EXPECT_EQ(std::vector<ObjectId>(g.edges_begin(id), g.edges_end(id)), want[id]) << id;
    EXPECT_EQ(g.Find(kArena + 0x4000 + 48), kNoObject);  // a free slot
    EXPECT_EQ(g.Find(kArena + 0x4000 + 48 * 170), kNoObject);  // the dropped tail
    EXPECT_EQ(g.Find(kArena + 0x10000 + 49151), 4u);
    EXPECT_EQ(g.Find(kArena + 0x10000 + 49152), kNoObject);
    EXPECT_EQ(g.ObjectsIn(kArena, kArena + 0x5000), (std::vector<ObjectId>{2, 3, 0, 1}));
    ASSERT_EQ(g.roots().size(), 1u);
    EXPECT_EQ(g.roots()[0].target, 2u);
  }
}

TEST(ObjectGraphTest, ObjectsOutOfOrderOrMisalignedStartSpansOfTheirOwn) {
  ObjectGraphBuilder b(100, 100);
  b.StartSpan(0x10000, 64);
  b.AddObject(0x10080, 64);
  b.AddObject(0x10040, 64);  // below the previous one
  b.AddObject(0x10044, 64);  // overlaps it, not on a slot
  b.AddObject(0x20000, 0);   // size 0
  b.AddPointer(0x20000);
  b.DropLastObjects(7);      // more than there are
  b.AddObject(0x30000, 16);
  b.AddPointer(0x30008);
  ObjectGraph g = std::move(b).Finish();
  ASSERT_EQ(g.object_count(), 1u);
  EXPECT_EQ(g.address(0), 0x30000u);
  EXPECT_EQ(g.edge_count(), 1u);
  EXPECT_EQ(*g.edges_begin(0), 0u);
  EXPECT_EQ(g.Find(0x10080), kNoObject);
}

TEST(ObjectGraphTest, RefusesMoreObjectsOrPointersThanItsLimits) {
  ObjectGraphBuilder b(2, 1);
  b.AddObject(0x1000, 16);
  b.AddObject(0x1010, 16);
  EXPECT_THROW(b.AddObject(0x1020, 16), Error);
  b.AddPointer(0x1000);
  EXPECT_THROW(b.AddPointer(0x1000), Error);
}

}  // namespace
}  // namespace heapdoc
