#include "heapmodel/size_classes.h"

#include <gtest/gtest.h>

namespace heapdoc {
namespace {

TEST(SizeClasses, Go119TableMatchesRuntime) {
  const auto& t = SizeClassTable::For({1, 19});
  ASSERT_EQ(t.classes().size(), 67u);  // 68 with class 0
  const SizeClass* c48 = t.ClassForSlot(48);
  ASSERT_NE(c48, nullptr);
  EXPECT_EQ(c48->class_id, 5);
  EXPECT_EQ(c48->objects_per_span, 170u);
  EXPECT_EQ(c48->tail_bytes, 32u);
  const SizeClass* c1408 = t.ClassForSlot(1408);
  EXPECT_EQ(c1408->span_bytes, 16384u);
  EXPECT_EQ(c1408->objects_per_span, 11u);
  EXPECT_EQ(c1408->tail_bytes, 896u);
  EXPECT_EQ(t.ClassForSlot(32768)->class_id, 67);
  EXPECT_EQ(t.ClassForSlot(27264)->span_bytes, 81920u);
  EXPECT_EQ(t.ClassForSlot(33), nullptr);
  EXPECT_EQ(t.ClassForSlot(40960), nullptr);
}

TEST(SizeClasses, EveryClassTailIsSpanMinusSlots) {
  for (auto v : {GoVersion{1, 13}, GoVersion{1, 19}, GoVersion{1, 26}}) {
    const auto& t = SizeClassTable::For(v);
    uint64_t prev = 0;
    for (const auto& c : t.classes()) {
      EXPECT_GT(c.slot_bytes, prev);
      prev = c.slot_bytes;
      EXPECT_EQ(c.span_bytes % kPageBytes, 0u);
      EXPECT_EQ(c.objects_per_span * c.slot_bytes + c.tail_bytes, c.span_bytes);
      EXPECT_LT(c.tail_bytes, c.slot_bytes);
    }
  }
}

TEST(SizeClasses, Go115HasNo24ByteClass) {
  const auto& t = SizeClassTable::For({1, 15});
  EXPECT_EQ(t.classes().size(), 66u);
  EXPECT_EQ(t.ClassForSlot(24), nullptr);
  EXPECT_EQ(t.ClassForRequest(17)->slot_bytes, 32u);
  EXPECT_EQ(SizeClassTable::For({1, 16}).ClassForRequest(17)->slot_bytes, 24u);
}

TEST(SizeClasses, RequestRounding) {
  const auto& t = SizeClassTable::For({1, 21});
  EXPECT_EQ(t.ClassForRequest(1)->slot_bytes, 8u);
  EXPECT_EQ(t.ClassForRequest(33)->slot_bytes, 48u);
  EXPECT_EQ(t.ClassForRequest(1025)->slot_bytes, 1152u);
  EXPECT_EQ(t.ClassForRequest(32768)->slot_bytes, 32768u);
  EXPECT_EQ(t.ClassForRequest(32769), nullptr);
  EXPECT_EQ(LargeObjectSpanBytes(32769), 40960u);
}

TEST(SizeClasses, SpanReservationsByVersion) {
  const auto& old = SizeClassTable::For({1, 21});
  const auto& hdr = SizeClassTable::For({1, 22});
  const auto& greentea = SizeClassTable::For({1, 26});
  const SizeClass& c48 = *old.ClassForSlot(48);
  EXPECT_EQ(old.SlotsPerSpan(c48, SpanKind::kScan), 170u);
  // 1.22+: (8192 - 128) / 48 = 168 for pointerful spans; noscan unchanged.
  EXPECT_EQ(hdr.SlotsPerSpan(*hdr.ClassForSlot(48), SpanKind::kScan), 168u);
  EXPECT_EQ(hdr.SlotsPerSpan(*hdr.ClassForSlot(48), SpanKind::kNoScan), 170u);
  // Green Tea: inline mark bits (128 B) for 16..512 B spans, plus the bitmap for scan spans.
  EXPECT_EQ(greentea.SlotsPerSpan(*greentea.ClassForSlot(48), SpanKind::kNoScan), (8192u - 128) / 48);
  EXPECT_EQ(greentea.SlotsPerSpan(*greentea.ClassForSlot(48), SpanKind::kScan), (8192u - 256) / 48);
  EXPECT_EQ(greentea.SlotsPerSpan(*greentea.ClassForSlot(8), SpanKind::kNoScan), 1024u);
  EXPECT_EQ(greentea.SlotsPerSpan(*greentea.ClassForSlot(576), SpanKind::kScan), 14u);
}

TEST(SizeClasses, MallocHeaderMovesPointerfulObjectsUp) {
  const auto& hdr = SizeClassTable::For({1, 22});
  EXPECT_EQ(SlotBytesForObject(hdr, 1024, true), 1152u);   // 1024 + 8 header
  EXPECT_EQ(SlotBytesForObject(hdr, 1024, false), 1024u);
  EXPECT_EQ(SlotBytesForObject(hdr, 512, true), 512u);     // <= 512: bitmap in span, no header
  EXPECT_EQ(SlotBytesForObject(SizeClassTable::For({1, 21}), 1024, true), 1024u);
  EXPECT_EQ(SlotBytesForObject(hdr, 40000, true), 40960u);
}

}  // namespace
}  // namespace heapdoc
