#include "heapmodel/size_classes.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <optional>

namespace heapdoc {
namespace {

struct Row {
  uint64_t slot, span;
};

// class 1.. in order: bytes/obj, bytes/span (Go 1.16 .. 1.26).
constexpr std::array<Row, 67> kRows116 = {{
    {8, 8192},      {16, 8192},     {24, 8192},     {32, 8192},     {48, 8192},     {64, 8192},
    {80, 8192},     {96, 8192},     {112, 8192},    {128, 8192},    {144, 8192},    {160, 8192},
    {176, 8192},    {192, 8192},    {208, 8192},    {224, 8192},    {240, 8192},    {256, 8192},
    {288, 8192},    {320, 8192},    {352, 8192},    {384, 8192},    {416, 8192},    {448, 8192},
    {480, 8192},    {512, 8192},    {576, 8192},    {640, 8192},    {704, 8192},    {768, 8192},
    {896, 8192},    {1024, 8192},   {1152, 8192},   {1280, 8192},   {1408, 16384},  {1536, 8192},
    {1792, 16384},  {2048, 8192},   {2304, 16384},  {2688, 8192},   {3072, 24576},  {3200, 16384},
    {3456, 24576},  {4096, 8192},   {4864, 24576},  {5376, 16384},  {6144, 24576},  {6528, 32768},
    {6784, 40960},  {6912, 49152},  {8192, 8192},   {9472, 57344},  {9728, 49152},  {10240, 40960},
    {10880, 32768}, {12288, 24576}, {13568, 40960}, {14336, 57344}, {16384, 16384}, {18432, 73728},
    {19072, 57344}, {20480, 40960}, {21760, 65536}, {24576, 24576}, {27264, 81920}, {28672, 57344},
    {32768, 32768},
}};

template <size_t N>
std::array<SizeClass, N> Build(const std::array<Row, N>& rows) {
  std::array<SizeClass, N> out{};
  for (size_t i = 0; i < N; ++i) {
    SizeClass& c = out[i];
    c.class_id = static_cast<int>(i + 1);
    c.slot_bytes = rows[i].slot;
    c.span_bytes = rows[i].span;
    c.objects_per_span = c.span_bytes / c.slot_bytes;
    c.tail_bytes = c.span_bytes - c.objects_per_span * c.slot_bytes;
  }
  return out;
}

// Go 1.13-1.15: the same table without the 24 B class.
std::array<Row, 66> Rows113() {
  std::array<Row, 66> r{};
  size_t j = 0;
  for (const Row& row : kRows116)
    if (row.slot != 24) r[j++] = row;
  return r;
}

}  // namespace

SizeClassTable::SizeClassTable(GoVersion version, const SizeClass* classes, size_t count)
    : version_(version), features_(FeaturesFor(version)), classes_(classes), count_(count) {}

const SizeClassTable& SizeClassTable::For(GoVersion version) {
  static const auto classes116 = Build(kRows116);
  static const auto classes113 = Build(Rows113());
  // One table per minor version, built on first use (the span layout differs by version).
  static std::array<std::optional<SizeClassTable>, 100> tables;
  static std::once_flag built[100];
  int minor = std::clamp(version.minor, 0, 99);
  std::call_once(built[minor], [&] {
    if (minor >= 16)
      tables[minor].emplace(SizeClassTable(GoVersion{1, minor}, classes116.data(), classes116.size()));
    else
      tables[minor].emplace(SizeClassTable(GoVersion{1, minor}, classes113.data(), classes113.size()));
  });
  return *tables[minor];
}

const SizeClass* SizeClassTable::ClassForSlot(uint64_t slot_bytes) const {
  auto cls = classes();
  auto it = std::lower_bound(cls.begin(), cls.end(), slot_bytes,
                             [](const SizeClass& c, uint64_t s) { return c.slot_bytes < s; });
  return (it != cls.end() && it->slot_bytes == slot_bytes) ? &*it : nullptr;
}

const SizeClass* SizeClassTable::ClassForRequest(uint64_t size_bytes) const {
  if (size_bytes > kMaxSmallSizeBytes) return nullptr;
  auto cls = classes();
  auto it = std::lower_bound(cls.begin(), cls.end(), std::max<uint64_t>(size_bytes, 1),
                             [](const SizeClass& c, uint64_t s) { return c.slot_bytes < s; });
  return it != cls.end() ? &*it : nullptr;
}

const SizeClass* SizeClassTable::ClassById(int class_id) const {
  if (class_id < 1 || static_cast<size_t>(class_id) > count_) return nullptr;
  return &classes_[class_id - 1];
}

uint64_t SizeClassTable::ReservedBytesPerSpan(const SizeClass& c, SpanKind kind) const {
  uint64_t reserved = 0;
  bool small = c.slot_bytes <= 512;  // heapBitsInSpan
  if (features_.inline_mark_bits && small && c.slot_bytes >= 16) reserved += 128;  // spanInlineMarkBits
  if (features_.inline_pointer_bitmap && small && kind == SpanKind::kScan)
    reserved += c.span_bytes / 8 / 8;  // one bit per pointer-sized word
  return reserved;
}

uint64_t SizeClassTable::SlotsPerSpan(const SizeClass& c, SpanKind kind) const {
  return (c.span_bytes - ReservedBytesPerSpan(c, kind)) / c.slot_bytes;
}

uint64_t SlotBytesForObject(const SizeClassTable& table, uint64_t size_bytes, bool has_pointers) {
  uint64_t size = size_bytes;
  if (table.features().malloc_header && has_pointers && size > 512 && size <= kMaxSmallSizeBytes - 8)
    size += 8;
  const SizeClass* c = table.ClassForRequest(size);
  return c ? c->slot_bytes : LargeObjectSpanBytes(size);
}

}  // namespace heapdoc
