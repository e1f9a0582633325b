// heapdoc against `go tool pprof -raw` on real profiles: the corpus in ../shared/corpus and the
// profiles our Go programs wrote (testdata/<scenario>). pprof's figures were recorded when the
// test data was generated (testdata/corpus_expected, testdata/*/expected.json).
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"
#include "analyzer/readers/input_reader.h"
#include "heapmodel/error.h"
#include "heapmodel/size_classes.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

namespace fs = std::filesystem;
using testing::CorpusPath;
using testing::ReadFileBytes;
using testing::TestdataPath;

struct ManifestEntry {
  std::string file, kind;
};

std::vector<ManifestEntry> ReadManifest() {
  std::ifstream in(std::string(HEAPDOC_SHARED_DIR) + "/corpus/MANIFEST.tsv");
  std::vector<ManifestEntry> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    ManifestEntry e;
    std::getline(fields, e.file, '\t');
    std::getline(fields, e.kind, '\t');
    if (!e.file.starts_with("memstats/")) out.push_back(e);
  }
  return out;
}

// Compares heapdoc's totals and per-size-class figures with what pprof -raw reported.
void ExpectMatchesPprof(const std::string& profile_path, const std::string& expected_path) {
  SCOPED_TRACE(profile_path);
  auto expected = nlohmann::json::parse(ReadFileBytes(expected_path));
  AnalysisReport report = Analyze(ReadHeapInputFile(profile_path), {});
  const auto& totals = expected["totals"];
  const ObjectCounts& t = report.breakdown.totals;
  auto value = [](const nlohmann::json& obj, const char* key) -> int64_t { return obj.contains(key) ? obj[key].get<int64_t>() : 0; };
  // pprof reads a text profile whose alloc and inuse totals agree as one pair, objects/space.
  bool single_pair = totals.contains("space");
  const char* live_objects_key = single_pair ? "objects" : "inuse_objects";
  const char* live_bytes_key = single_pair ? "space" : "inuse_space";
  if (!single_pair) {
    EXPECT_EQ(t.alloc_objects, value(totals, "alloc_objects"));
    EXPECT_EQ(t.alloc_bytes, value(totals, "alloc_space"));
  }
  EXPECT_EQ(t.live_objects, value(totals, live_objects_key));
  EXPECT_EQ(t.live_bytes, value(totals, live_bytes_key));
  EXPECT_EQ(report.snapshot.profile.sample_rate_bytes, expected["period"].get<int64_t>());

  // pprof groups by the `bytes` label; a class row is one slot size (sizes no class has go to
  // the next larger class), the large row all > 32 KiB.
  const SizeClassTable& table = SizeClassTable::For(report.go_version.version);
  std::map<int64_t, ObjectCounts> by_size;
  ObjectCounts large;
  for (const auto& [size, v] : expected["by_size"].items()) {
    if (size == "none") continue;
    ObjectCounts c{value(v, "alloc_objects"), value(v, "alloc_space"), value(v, live_objects_key), value(v, live_bytes_key)};
    if (single_pair) c.alloc_objects = c.alloc_bytes = 0;
    uint64_t s = std::stoull(size);
    const SizeClass* cls = table.ClassForRequest(s);
    if (!cls) large += c;
    else by_size[static_cast<int64_t>(cls->slot_bytes)] += c;
  }
  // Records without a `bytes` label: pprof leaves them unsized, heapdoc derives their size from
  // bytes/objects, so their classes cannot be compared.
  bool unsized = false;
  if (expected["by_size"].contains("none"))
    for (const auto& [k, v] : expected["by_size"]["none"].items()) unsized |= v.get<int64_t>() != 0;
  for (const ClassRow& row : report.breakdown.classes) {
    if (unsized) break;
    if (row.class_id == 0) {
      EXPECT_EQ(row.counts.live_bytes, large.live_bytes) << "large objects";
      EXPECT_EQ(row.counts.live_objects, large.live_objects) << "large objects";
      continue;
    }
    SCOPED_TRACE("class slot " + std::to_string(row.slot_bytes));
    auto it = by_size.find(static_cast<int64_t>(row.slot_bytes));
    ASSERT_NE(it, by_size.end());
    EXPECT_EQ(row.counts.live_bytes, it->second.live_bytes);
    EXPECT_EQ(row.counts.live_objects, it->second.live_objects);
    if (!single_pair) {
      EXPECT_EQ(row.counts.alloc_bytes, it->second.alloc_bytes);
      EXPECT_EQ(row.counts.alloc_objects, it->second.alloc_objects);
    }
  }
  // Invariant: class rows and unknown-size records add up to the totals.
  ObjectCounts sum = report.breakdown.unknown_size;
  for (const ClassRow& row : report.breakdown.classes) sum += row.counts;
  EXPECT_EQ(sum.live_bytes, t.live_bytes);
  EXPECT_EQ(sum.alloc_bytes, t.alloc_bytes);
}

TEST(Corpus, HeapProfilesMatchPprofRaw) {
  if (testing::SharedCorpusMissing()) GTEST_SKIP() << "no ../shared/corpus";
  int compared = 0;
  for (const auto& e : ReadManifest()) {
    std::string expected = TestdataPath("corpus_expected/" + e.file + ".json");
    if (!fs::exists(expected)) continue;
    ExpectMatchesPprof(CorpusPath(e.file), expected);
    ++compared;
  }
  EXPECT_GE(compared, 30);
}

TEST(Corpus, NonHeapAndBrokenFilesAreRefusedCleanly) {
  if (testing::SharedCorpusMissing()) GTEST_SKIP() << "no ../shared/corpus";
  int refused = 0;
  for (const auto& e : ReadManifest()) {
    if (e.kind != "not-go-heap" && e.kind != "broken") continue;
    SCOPED_TRACE(e.file);
    auto r = testing::RunHeapdoc({"analyze", CorpusPath(e.file)});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(r.out.empty());
    // One line, naming the file.
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(e.file), std::string::npos) << r.err;
    if (e.kind == "not-go-heap") {
      EXPECT_NE(r.err.find("not a Go heap profile"), std::string::npos) << r.err;
    }
    ++refused;
  }
  EXPECT_GE(refused, 10);
}

TEST(Corpus, DeltaProfilesAreSaidToBeNoSingleMoment) {
  if (testing::SharedCorpusMissing()) GTEST_SKIP() << "no ../shared/corpus";
  int seen = 0;
  for (const auto& e : ReadManifest()) {
    if (e.kind != "derived-delta" && e.kind != "derived-diff") continue;
    SCOPED_TRACE(e.file);
    AnalysisReport r = Analyze(ReadHeapInputFile(CorpusPath(e.file)), {});
    EXPECT_TRUE(r.snapshot.profile.is_delta);
    bool said = false;
    for (const auto& n : r.notes) said |= n.find("not the heap at one moment") != std::string::npos;
    EXPECT_TRUE(said);
    ++seen;
  }
  EXPECT_GE(seen, 2);
  // A heap profile written by the runtime is one moment.
  EXPECT_FALSE(Analyze(ReadHeapInputFile(TestdataPath("scattered/heap.pb.gz")), {}).snapshot.profile.is_delta);
}

TEST(Corpus, GeneratedProfilesMatchPprofRaw) {
  int compared = 0;
  for (const auto& dir : fs::directory_iterator(TestdataPath(""))) {
    if (!fs::exists(dir.path() / "expected.json")) continue;
    ExpectMatchesPprof((dir.path() / "heap.pb.gz").string(), (dir.path() / "expected.json").string());
    if (fs::exists(dir.path() / "expected-text.json")) {
      fs::path text = dir.path() / (fs::exists(dir.path() / "heap.txt") ? "heap.txt" : "heap.txt.gz");
      ExpectMatchesPprof(text.string(), (dir.path() / "expected-text.json").string());
    }
    ++compared;
  }
  EXPECT_GE(compared, 8);
}

}  // namespace
}  // namespace heapdoc
