// Map header recognition (analyzer/readers/dump_map_finder.h) on real dumps of a program whose
// maps are known: testdata/gen/maps/main.go writes each map's header address and entries, read
// from the header with unsafe, beside its dump (testdata/maps/go1.NN/).
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "analyzer/readers/heap_dump_reader.h"
#include "analyzer/readers/byte_stream.h"
#include "heapmodel/go_map.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::ReadFileBytes;
using testing::TestdataPath;

struct Known {
  uint64_t bucket_bytes_old, group_bytes_swiss;  // 8 slots of key and value (+ tophash, overflow / + ctrl)
};

// From the types in main.go: a Go <= 1.23 bucket is 8 tophash bytes, 8 keys, 8 values and the
// overflow pointer; a swiss group the 8-byte control word and 8 {key, value} slots.
const std::map<std::string, Known> kKnown = {
    {"small", {8 + 64 + 64 + 8, 8 + 8 * 16}},     // map[int]int
    {"ints", {8 + 64 + 64 + 8, 8 + 8 * 16}},      // map[uint64]int64
    {"narrow", {8 + 32 + 8 + 8, 8 + 8 * 8}},      // map[int32]uint8
    {"wide", {8 + 64 + 320 + 8, 8 + 8 * 48}},     // map[int64][5]int64
    {"strs", {8 + 128 + 128 + 8, 8 + 8 * 32}},    // map[string]string
    {"inside", {8 + 128 + 64 + 8, 8 + 8 * 24}},   // map[string]*point, in a struct
    {"swept", {8 + 64 + 64 + 8, 8 + 8 * 16}},     // map[uint64]int64, 30,000 swept to 600
    {"sized", {8 + 64 + 64 + 8, 8 + 8 * 16}},     // make(map[uint64]int64, 600): swept rebuilt
    {"crowded", {8 + 32 + 32 + 8, 8 + 8 * 8}},    // map[uint32]uint32, 52 entries in 8 buckets
};

class DumpMaps : public ::testing::TestWithParam<std::string> {};

TEST_P(DumpMaps, EveryKnownMapIsFoundWithItsEntriesAndLayout) {
  std::string dir = "maps/" + GetParam() + "/";
  nlohmann::json truth = nlohmann::json::parse(ReadFileBytes(TestdataPath(dir + "maps.json")));
  HeapSnapshot snap = ReadHeapDump(TestdataPath(dir + "heap.dump.gz"));
  ASSERT_TRUE(snap.heap_dump);
  const HeapDump& dump = *snap.heap_dump;
  bool swiss = GetParam() >= "go1.24";
  std::map<uint64_t, const DumpMap*> by_header;
  for (const DumpMap& m : dump.maps) {
    EXPECT_TRUE(by_header.emplace(m.header_address, &m).second) << "one header found twice";
    EXPECT_LE(m.entries, m.slots);
    EXPECT_GE(m.storage_bytes, uint64_t{m.bucket_bytes} * m.slots / 8);
  }
  for (const auto& r : truth["maps"]) {
    std::string name = r["name"];
    SCOPED_TRACE(name);
    auto it = by_header.find(r["header"].get<uint64_t>());
    if (name == "empty") {  // no storage yet: nothing to find
      EXPECT_EQ(it, by_header.end());
      continue;
    }
    ASSERT_NE(it, by_header.end());
    const DumpMap& m = *it->second;
    EXPECT_EQ(m.entries, r["entries"].get<uint64_t>());
    const Known& k = kKnown.at(name);
    if (!swiss) {
      EXPECT_EQ(m.layout, DumpMapLayout::kBuckets);
      EXPECT_EQ(m.bucket_bytes, k.bucket_bytes_old);
      EXPECT_EQ(m.log2_buckets, r["b"].get<int>());
      EXPECT_EQ(m.slots, 8u << r["b"].get<int>());
      EXPECT_EQ(m.overflow_buckets, r["noverflow"].get<uint32_t>());
      // B = 3 preallocates no overflow buckets: each is an 80 B object besides the 640 B array.
      if (name == "crowded") {
        EXPECT_EQ(m.storage_bytes, 640 + 80 * r["noverflow"].get<uint64_t>());
      }
    } else if (r["dir_len"].get<int>() == 0) {
      EXPECT_EQ(m.layout, DumpMapLayout::kSwissGroup);
      EXPECT_EQ(m.bucket_bytes, k.group_bytes_swiss);
      EXPECT_EQ(m.slots, 8u);
    } else {
      EXPECT_EQ(m.layout, DumpMapLayout::kSwissTables);
      EXPECT_EQ(m.bucket_bytes, k.group_bytes_swiss);
      EXPECT_GE(m.tables, 1u);
      EXPECT_LE(m.tables, r["dir_len"].get<uint32_t>());
    }
    // Swept to 2 % of its peak, the map keeps the storage of the peak.
    if (name == "swept") EXPECT_LT(m.entries * 4, m.slots);
    else EXPECT_GE(m.entries * 4, m.slots) << m.entries << " in " << m.slots;
    // Its storage arrays are listed for the alloc-sample join.
    bool listed = false;
    for (const DumpMapStorage& s : dump.map_storage) listed |= s.address == m.storage_address;
    EXPECT_TRUE(listed);
  }
  // The sizing a rebuild is predicted with (heapmodel/go_map.h) is the runtime's: a map made for
  // what swept holds takes what the program's own make(map, len(swept)) took.
  const DumpMap* swept = nullptr;
  const DumpMap* sized = nullptr;
  for (const auto& r : truth["maps"]) {
    auto it = by_header.find(r["header"].get<uint64_t>());
    if (it == by_header.end()) continue;
    if (r["name"] == "swept") swept = it->second;
    if (r["name"] == "sized") sized = it->second;
  }
  ASSERT_TRUE(swept && sized);
  const SizeClassTable& table = SizeClassTable::For(snap.go_version.version);
  EXPECT_EQ(RebuiltMapStorageBytes(*swept, swept->entries, table), sized->storage_bytes);
  EXPECT_EQ(RebuiltMapStorageBytes(*sized, sized->entries, table), sized->storage_bytes);
  EXPECT_GT(MapRebuildSavingBytes(*swept, table), swept->storage_bytes * 3 / 4);
  EXPECT_EQ(MapRebuildSavingBytes(*sized, table), sized->whole_span_free_bytes);

  // Besides the program's maps, only those the standard library keeps: two small map[string]*T
  // (208 B buckets) from Go 1.22 on, and in Go 1.19 also unicode's tables built at init
  // (Categories, Scripts, Properties: map[string]*RangeTable).
  size_t library_maps = GetParam() == "go1.19" ? 6 : 2;
  EXPECT_LE(dump.maps.size(), truth["maps"].size() - 1 + library_maps) << "false positives?";
}

// The swept map's header in a real dump, its words changed one at a time: every change that no
// map could have is refused (the map is not found), and nothing crashes.
TEST_P(DumpMaps, HeaderWordsNoMapCouldHaveAreRefused) {
  std::string dir = "maps/" + GetParam() + "/";
  nlohmann::json truth = nlohmann::json::parse(ReadFileBytes(TestdataPath(dir + "maps.json")));
  uint64_t header = 0;
  for (const auto& r : truth["maps"])
    if (r["name"] == "swept") header = r["header"];
  std::string bytes = ReadInputFile(TestdataPath(dir + "heap.dump.gz"), InputLimits{}).bytes;
  // The object record: tag 1, the address, then the contents' length 48 and the 48 bytes.
  std::string record = "\x01";
  for (uint64_t v = header; ; v >>= 7) {
    record += static_cast<char>((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
    if (v < 0x80) break;
  }
  record += "\x30";
  size_t at = bytes.find(record);
  ASSERT_NE(at, std::string::npos);
  size_t contents = at + record.size();
  bool swiss = GetParam() >= "go1.24";
  auto found = [&](const std::string& changed) {
    std::string path = testing::TempPath("changed.dump");
    testing::WriteFileBytes(path, changed);
    HeapSnapshot snap = ReadHeapDump(path);
    for (const DumpMap& m : snap.heap_dump->maps)
      if (m.header_address == header) return true;
    return false;
  };
  ASSERT_TRUE(found(bytes));
  struct Change {
    size_t offset;
    uint8_t value;
  };
  // hmap: B (the array is not 2^B buckets), flags, count's top byte, buckets 8 bytes on. Swiss
  // Map: globalDepth, globalShift, the padding, used's top byte, dirPtr 8 bytes on.
  std::vector<Change> changes = swiss ? std::vector<Change>{{32, 7}, {33, 3}, {37, 1}, {7, 1}, {16, 0x88}}
                                      : std::vector<Change>{{9, 20}, {8, 0x40}, {7, 1}, {16, 0x88}};
  for (const Change& c : changes) {
    std::string changed = bytes;
    changed[contents + c.offset] = static_cast<char>(c.value);
    EXPECT_FALSE(found(changed)) << "byte " << c.offset << " set to " << int{c.value};
  }
}

// Without the object graph a swiss map's directory cannot be followed to its tables: only the
// bucket arrays (Go <= 1.23) and small swiss maps are found, with the same storage.
TEST_P(DumpMaps, WithoutTheGraphOnlyMapsWithOneStorageObject) {
  std::string dir = "maps/" + GetParam() + "/";
  nlohmann::json truth = nlohmann::json::parse(ReadFileBytes(TestdataPath(dir + "maps.json")));
  HeapDumpReadOptions options;
  options.build_graph = false;
  HeapSnapshot snap = ReadHeapDump(TestdataPath(dir + "heap.dump.gz"), options);
  std::map<uint64_t, const DumpMap*> by_header;
  for (const DumpMap& m : snap.heap_dump->maps) by_header.emplace(m.header_address, &m);
  bool swiss = GetParam() >= "go1.24";
  HeapSnapshot with_graph = ReadHeapDump(TestdataPath(dir + "heap.dump.gz"));
  for (const auto& r : truth["maps"]) {
    if (r["name"] == "empty") continue;
    bool one_object = !swiss || r["dir_len"].get<int>() == 0;
    auto it = by_header.find(r["header"].get<uint64_t>());
    ASSERT_EQ(it != by_header.end(), one_object) << r["name"];
    if (!one_object) continue;
    // Overflow buckets of their own: with the graph, the objects mapextra lists (pointer-free
    // buckets); without it, hmap.noverflow beyond the array's preallocated ones. They agree.
    for (const DumpMap& m : with_graph.heap_dump->maps)
      if (m.header_address == it->first) {
        EXPECT_EQ(m.storage_bytes, it->second->storage_bytes) << r["name"];
      }
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, DumpMaps, ::testing::Values("go1.19", "go1.22", "go1.24", "go1.26"));

}  // namespace
}  // namespace heapdoc
