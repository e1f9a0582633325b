// The input front door: the input-kind table on real files (and their gzip), MemStats found beside a
// profile as --save and the generators lay them out, companions attached in one place, --inputs lists.
#include "analyzer/readers/heap_input.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "analyzer/fleet/fleet_inputs.h"
#include "analyzer/readers/byte_stream.h"
#include "analyzer/readers/input_kind.h"
#include "analyzer/readers/memstats_reader.h"
#include "heapmodel/error.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

namespace fs = std::filesystem;
using testing::ReadFileBytes;
using testing::TempPath;
using testing::TestdataPath;
using testing::WriteFileBytes;

InputKind KindOfFile(const std::string& path) { return SniffInputKind(ReadSniffHead(*OpenFileStream(path, {}))).kind; }

TEST(InputKind, RealFilesAreToldApartPlainAndGzipped) {
  const std::pair<const char*, InputKind> cases[] = {
      {"scattered/heap.pb.gz", InputKind::kPprof},        {"scattered/heap.txt", InputKind::kTextProfile},
      {"scattered/heap.dump.gz", InputKind::kHeapDump},   {"scattered/memstats.json", InputKind::kMemStatsJson},
      {"scattered/vars.json", InputKind::kMemStatsJson},  {"scattered/metrics.prom", InputKind::kPrometheus},
      {"scattered/pprof-raw.txt", InputKind::kOtherText}, {"README.md", InputKind::kOtherText},
  };
  for (const auto& [file, kind] : cases) {
    SCOPED_TRACE(file);
    EXPECT_EQ(KindOfFile(TestdataPath(file)), kind);
    // The kind is told after gunzip: the same file compressed is the same kind.
    std::string gz = TempPath(fs::path(file).filename().string() + ".gz");
    std::string bytes = ReadFileBytes(TestdataPath(file));
    WriteFileBytes(gz, LooksGzipped(bytes) ? bytes : testing::Gzip(bytes));
    EXPECT_EQ(KindOfFile(gz), kind);
  }
  EXPECT_EQ(SniffInputKind("").kind, InputKind::kEmpty);
  EXPECT_EQ(SniffInputKind(" \n\t\n").kind, InputKind::kEmpty);
  EXPECT_EQ(SniffInputKind(std::string("\x0a\x04\x08\x01\x10\x02", 6)).kind, InputKind::kPprof);
}

// The table's heap and memstats columns are what the readers take: a heap kind reads as a heap, a
// MemStats kind parses as MemStats, and the others are refused.
TEST(InputKind, TheTableSaysWhatEachReaderTakes) {
  for (const char* file : {"scattered/heap.pb.gz", "scattered/heap.txt", "scattered/heap.dump.gz", "scattered/memstats.json",
                           "scattered/vars.json", "scattered/metrics.prom"}) {
    SCOPED_TRACE(file);
    std::string path = TestdataPath(file);
    const InputKindInfo& kind = SniffInputKind(ReadSniffHead(*OpenFileStream(path, {})));
    bool read_as_heap = true, read_as_memstats = true;
    try {
      LoadHeapInput({path});
    } catch (const Error&) {
      read_as_heap = false;
    }
    try {
      ReadMemStatsFile(path);
    } catch (const Error&) {
      read_as_memstats = false;
    }
    EXPECT_EQ(read_as_heap, kind.heap);
    EXPECT_EQ(read_as_memstats, kind.memstats);
  }
}

TEST(MemStatsBeside, FindsTheFilesSaveAndTheGeneratorsWrite) {
  std::string dir = TempPath("beside");
  fs::create_directories(dir);
  for (const char* name : {"heap.pb.gz", "memstats.json", "127.0.0.1_6060-heap.pb.gz", "127.0.0.1_6060-vars.json",
                           "127.0.0.1_6060-2-allocs.pb.gz", "lonely-heap.pb.gz"})
    WriteFileBytes(dir + "/" + name, "x");
  EXPECT_EQ(MemStatsBeside(dir + "/heap.pb.gz"), dir + "/memstats.json");
  EXPECT_EQ(MemStatsBeside(dir + "/127.0.0.1_6060-heap.pb.gz"), dir + "/127.0.0.1_6060-vars.json");
  // Another service's prefix, or none beside it: not paired with someone else's MemStats.
  EXPECT_EQ(MemStatsBeside(dir + "/127.0.0.1_6060-2-allocs.pb.gz"), "");
  EXPECT_EQ(MemStatsBeside(dir + "/lonely-heap.pb.gz"), "");
  // vars.json is preferred (what --save writes), then memstats.json.
  WriteFileBytes(dir + "/vars.json", "x");
  EXPECT_EQ(MemStatsBeside(dir + "/heap.pb.gz"), dir + "/vars.json");
}

TEST(HeapInput, MemStatsBesideAreAttachedOnlyWhenAsked) {
  std::string profile = TestdataPath("scattered/heap.pb.gz");
  LoadedInput plain = LoadHeapInput({profile});
  EXPECT_FALSE(plain.snapshot.memstats.has_value());
  LoadedInput paired = LoadHeapInput({.input = profile, .memstats_beside = true});
  ASSERT_TRUE(paired.snapshot.memstats.has_value());
  MemStats beside = ReadMemStatsFile(MemStatsBeside(profile));
  EXPECT_EQ(paired.snapshot.memstats->heap_inuse, beside.heap_inuse);
  EXPECT_EQ(paired.snapshot.memstats->origin, MemStatsBeside(profile));
  // An explicit --memstats wins over what lies beside.
  std::string other = TestdataPath("healthy/memstats.json");
  LoadedInput given = LoadHeapInput({.input = profile, .memstats = other, .memstats_beside = true});
  EXPECT_EQ(given.snapshot.memstats->heap_inuse, ReadMemStatsFile(other).heap_inuse);
  // A ?debug=1 profile keeps its own trailer.
  LoadedInput text = LoadHeapInput({.input = TestdataPath("scattered/heap.txt"), .memstats_beside = true});
  EXPECT_EQ(text.snapshot.memstats->form, MemStatsForm::kTextTrailer);
}

TEST(HeapInput, BrokenMemStatsBesideIsANoteNotAnError) {
  std::string dir = TempPath("broken");
  fs::create_directories(dir);
  fs::copy_file(TestdataPath("scattered/heap.pb.gz"), dir + "/heap.pb.gz");
  WriteFileBytes(dir + "/memstats.json", "{\"HeapInuse\": ");
  LoadedInput loaded = LoadHeapInput({.input = dir + "/heap.pb.gz", .memstats_beside = true});
  EXPECT_FALSE(loaded.snapshot.memstats.has_value());
  ASSERT_FALSE(loaded.snapshot.notes.empty());
  EXPECT_NE(loaded.snapshot.notes.back().find(dir + "/memstats.json: truncated JSON"), std::string::npos)
      << loaded.snapshot.notes.back();
}

TEST(HeapInput, CompanionsAndRefusalsNameTheirFile) {
  std::string profile = TestdataPath("scattered/heap.pb.gz");
  LoadedInput with_dump = LoadHeapInput({profile, "", TestdataPath("scattered/heap.dump.gz")});
  EXPECT_TRUE(with_dump.snapshot.heap_dump.has_value());
  EXPECT_TRUE(with_dump.snapshot.memstats.has_value());  // the dump's own
  try {
    LoadHeapInput({TestdataPath("scattered/memstats.json")});
    ADD_FAILURE() << "MemStats JSON was read as a heap";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), TestdataPath("scattered/memstats.json") +
                                         ": a JSON document, not a heap profile (MemStats or /debug/vars? pass it "
                                         "with --memstats)");
  }
  try {
    LoadHeapInput({"ftp://example.com/heap"});
    ADD_FAILURE() << "ftp accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "ftp://example.com/heap: unsupported URL scheme ftp (heapdoc reads http and https)");
  }
}

TEST(InputList, CommentsBlankLinesAndSpaceAreIgnored) {
  std::string list = TempPath("inputs.txt");
  WriteFileBytes(list, "# the fleet\n\n  a/heap.pb.gz  \r\nhttp://127.0.0.1:6060\n\t# off: b/heap.pb.gz\nc.pb.gz");
  EXPECT_EQ(ReadInputList(list), (std::vector<std::string>{"a/heap.pb.gz", "http://127.0.0.1:6060", "c.pb.gz"}));
  std::string empty = TempPath("empty.txt");
  WriteFileBytes(empty, "# nothing\n\n");
  try {
    ReadInputList(empty);
    ADD_FAILURE() << "an empty list was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), empty + ": the --inputs list names no profile (one path or URL a line)");
  }
  std::string missing = TempPath("missing.txt");
  try {
    ReadInputList(missing);
    ADD_FAILURE() << "a missing list was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), missing + ": cannot read the --inputs list: No such file or directory");
  }
}

}  // namespace
}  // namespace heapdoc
