// Issue 13, "Nothing breaks": hostile Go source, hostile command lines, outputs over inputs, and
// inputs that must not hang or grow memory. Inputs are generated here, small.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "analyzer/gosource/go_type_parser.h"
#include "analyzer/gosource/source_tree.h"
#include "analyzer/gosource/struct_layout_advisor.h"
#include "analyzer/gosource/type_resolver.h"
#include "analyzer/readers/memstats_reader.h"
#include "analyzer/readers/text_profile_reader.h"
#include "heapmodel/error.h"
#include "heapmodel/size_classes.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

namespace fs = std::filesystem;
using testing::ReadFileBytes;
using testing::RunHeapdoc;
using testing::TempPath;
using testing::TestdataPath;
using testing::WriteFileBytes;

std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Three hostile declarations (each far deeper than kMaxTypeDepth), then an ordinary struct.
std::string DeeplyNestedSource() {
  return "package p\n"
         "type Deep struct{ a " + Repeat("struct{ a ", 10000) + "int" + Repeat(" }", 10000) + " }\n"
         "type Parens " + Repeat("(", 20000) + "int" + Repeat(")", 20000) + "\n"
         "type Arrays struct{ a " + Repeat("[2]", 30000) + "int }\n"
         "type Fine struct{ a bool; b int64; c bool }\n";
}

int CountLines(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(GoSourceDepth, ParserSkipsTypesNestedTooDeeply) {
  gosource::GoFile f = gosource::ParseGoFile(DeeplyNestedSource(), "deep.go");
  EXPECT_EQ(f.error, "");
  ASSERT_EQ(f.notes.size(), 3u);
  EXPECT_EQ(f.notes[0], "deep.go:2:6: type Deep nested too deeply (over 200 levels); skipped");
  EXPECT_NE(f.notes[1].find("deep.go:3:6: type Parens nested too deeply"), std::string::npos);
  EXPECT_NE(f.notes[2].find("deep.go:4:6: type Arrays nested too deeply"), std::string::npos);
  ASSERT_EQ(f.types.size(), 1u);  // the types after them are still read
  EXPECT_EQ(f.types[0].name, "Fine");
  // The allocation finder's entry point is bounded too.
  size_t pos = 0;
  std::vector<gosource::Token> tokens = gosource::ParseGoFile("package p\nvar x = " + Repeat("*", 50000) + "int\n", "v.go").tokens;
  for (pos = 0; pos < tokens.size() && !tokens[pos].Is("*"); ++pos) {
  }
  EXPECT_FALSE(gosource::ParseTypeAt(tokens, pos).has_value());
}

TEST(GoSourceDepth, LayoutAndAnalyzeReportOneLineAndGoOn) {
  std::string dir = TempPath("deep");
  fs::create_directories(dir);
  WriteFileBytes(dir + "/deep.go", DeeplyNestedSource());
  auto layout = RunHeapdoc({"layout", dir});
  EXPECT_EQ(layout.exit_code, 0) << layout.err;
  EXPECT_EQ(CountLines(layout.err, "nested too deeply"), 3) << layout.err;
  EXPECT_NE(layout.err.find(dir + "/deep.go:2:6: type Deep nested too deeply (over 200 levels); skipped"),
            std::string::npos)
      << layout.err;
  EXPECT_NE(layout.out.find("struct Fine: 24 B"), std::string::npos) << layout.out;
  auto analyze = RunHeapdoc({"analyze", TestdataPath("scattered/heap.pb.gz"), "--source", dir});
  EXPECT_EQ(analyze.exit_code, 0) << analyze.err;
}

TEST(GoSourceDepth, ChainsOfNamedTypesAreBounded) {
  // type T0 struct{ n T1 } ... T9999 struct{ n int }: the resolver nests through the names.
  std::string src = "package p\n";
  for (int i = 0; i < 10000; ++i) src += "type T" + std::to_string(i) + " struct{ b bool; n T" + std::to_string(i + 1) + "; c bool }\n";
  src += "type T10000 struct{ n int64 }\n";
  std::string dir = TempPath("chain");
  fs::create_directories(dir);
  WriteFileBytes(dir + "/chain.go", src);
  auto layout = RunHeapdoc({"layout", dir});
  EXPECT_EQ(layout.exit_code, 0) << layout.err;
  EXPECT_NE(layout.err.find("type nested too deeply (over 200 levels)"), std::string::npos) << layout.err;
  // The last ~200 are within the limit and are laid out (and checked).
  EXPECT_NE(layout.out.find("struct T9999: 24 B"), std::string::npos) << layout.out.substr(0, 500);
  // Deep constant expressions are bounded too.
  WriteFileBytes(dir + "/chain.go", "package p\nconst N = " + Repeat("(", 20000) + "1" + Repeat(")", 20000) +
                                        "\ntype A struct{ a [" + Repeat("-", 20000) + "1]int; b [N]int }\n");
  auto consts = RunHeapdoc({"layout", dir});
  EXPECT_EQ(consts.exit_code, 0) << consts.err;
}

TEST(GoSourceDepth, BuildConstraintNestingIsBounded) {
  std::string dir = TempPath("constraint");
  fs::create_directories(dir);
  WriteFileBytes(dir + "/a.go", "//go:build " + Repeat("!", 100000) + "linux\n\npackage p\ntype A struct{ a int }\n");
  WriteFileBytes(dir + "/b.go", "//go:build " + Repeat("(", 100000) + "linux\n\npackage p\n");
  auto r = RunHeapdoc({"layout", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// A package of n structs, each using the next (a bool between int64s puts every one in a larger
// class than needed), in one file.
std::string ManyStructs(int n) {
  std::string src = "package many\n";
  for (int i = 0; i < n; ++i) {
    src += "type S" + std::to_string(i) + " struct {\n\ta bool\n\tb int64\n\tc bool\n";
    if (i + 1 < n && i % 2 == 0) src += "\tnext *S" + std::to_string(i + 1) + "\n";
    src += "}\n";
  }
  return src;
}

TEST(GoSourceScale, LayoutOfTwentyThousandStructs) {
  // Was quadratic (each name looked up by scanning every declaration); no timing is asserted here,
  // only the result: bench figures are in the README.
  std::string dir = TempPath("many");
  fs::create_directories(dir);
  WriteFileBytes(dir + "/many.go", ManyStructs(20000));
  auto r = RunHeapdoc({"layout", dir, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"structs_checked\": 20000"), std::string::npos) << r.out.substr(r.out.size() - 300);
  // S1 (24 B: bool, int64, bool) fits 16 B reordered: the 24 B class to the 16 B class.
  EXPECT_EQ(CountLines(r.out, "\"current_size\": 24,"), 10000);
  EXPECT_NE(r.out.find("\"type\": \"S19999\""), std::string::npos);
}

TEST(SourceTreeWalk, FifosDevicesAndLinksAreNotRead) {
  std::string dir = TempPath("walk");
  fs::create_directories(dir);
  WriteFileBytes(dir + "/a.go", "package p\ntype A struct{ a bool; b int64; c bool }\n");
  ASSERT_EQ(mkfifo((dir + "/fifo.go").c_str(), 0600), 0);  // would block the walk forever
  fs::create_symlink("/dev/zero", dir + "/zero.go");       // would never end
  fs::create_symlink("fifo.go", dir + "/tofifo.go");
  auto r = RunHeapdoc({"layout", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("struct A: 24 B"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(dir + "/zero.go: a symbolic link to something that is not a regular file; skipped"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(dir + "/tofifo.go: a symbolic link"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("fifo.go: a symbolic"), r.err.find("tofifo.go: a symbolic") + 2) << "the FIFO itself is skipped quietly";
}

TEST(CommandLine, TimeoutMustBeFinitePositive) {
  for (const char* bad : {"nan", "inf", "-1", "0", "abc", "1e9"}) {
    auto r = RunHeapdoc({"analyze", "http://127.0.0.1:1/", "--timeout", bad});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(r.err.starts_with("heapdoc: ")) << r.err;
    EXPECT_NE(r.err.find("--timeout"), std::string::npos) << r.err;
  }
}

TEST(CommandLine, OptionErrorsAreOneLine) {
  for (std::vector<std::string> args : {std::vector<std::string>{"analyze", "--bogus", "x"},
                                        {"analyze"}, {"frobnicate"}, {"analyze", "x", "--format", "pdf"}, {}}) {
    auto r = RunHeapdoc(args);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(r.err.starts_with("heapdoc: ")) << r.err;
    EXPECT_TRUE(r.err.ends_with(" (see heapdoc --help)\n")) << r.err;
  }
  auto help = RunHeapdoc({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
}

TEST(CommandLine, DirectoryOfSkippedFilesSaysWhy) {
  std::string dir = TempPath("onlyreadme");
  fs::create_directories(dir);
  WriteFileBytes(dir + "/README", "nothing to see here\n");
  auto r = RunHeapdoc({"analyze", dir});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "heapdoc: no profile to analyze: 1 file skipped as plainly not heap profiles (" + dir +
                       "/README)\n");
}

struct OutputCase {
  std::vector<std::string> args;
  std::string protected_file;
};

TEST(Outputs, NeverOverwriteAnInput) {
  std::string profile = TempPath("in.pb.gz");
  fs::copy_file(TestdataPath("scattered/heap.pb.gz"), profile);
  std::string memstats = TempPath("vars.json");
  fs::copy_file(TestdataPath("scattered/memstats.json"), memstats);
  std::string link = TempPath("hardlink.pb.gz");
  fs::create_hard_link(profile, link);
  std::string chart_stem = profile.substr(0, profile.size() - 3);  // in.pb.gz -> in.pb.md charts to in.pb.svg
  std::string svg_input = chart_stem + ".svg";
  fs::copy_file(profile, svg_input);
  std::string original = ReadFileBytes(profile);
  std::string dir = fs::path(profile).parent_path().string();
  std::vector<OutputCase> cases = {
      {{"analyze", profile, "-o", profile}, profile},
      {{"analyze", profile, "-o", link}, profile},                        // the same file by another name
      {{"analyze", profile, "-o", dir + "/./in.pb.gz"}, profile},
      {{"analyze", profile, "--memstats", memstats, "-o", memstats}, memstats},
      {{"analyze", svg_input, "--format", "markdown", "-o", chart_stem + ".md"}, svg_input},  // the chart
      {{"analyze", profile, link, "-o", link}, profile},                  // fleet
      {{"diff", profile, TestdataPath("scattered/heap.pb.gz"), "-o", profile}, profile},
      {{"check", profile, "--max-site-cost", "1GiB", "-o", profile}, profile},
  };
  for (const auto& c : cases) {
    std::string before = ReadFileBytes(c.protected_file);
    auto r = RunHeapdoc(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args[0] << " " << c.args.back();
    EXPECT_NE(r.err.find("refusing to overwrite it"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(ReadFileBytes(c.protected_file), before) << c.args.back();
  }
  EXPECT_EQ(ReadFileBytes(profile), original);
}

TEST(Outputs, WrittenAtomicallyInPlace) {
  std::string out = TempPath("report.txt");
  WriteFileBytes(out, "old report\n");
  ASSERT_EQ(chmod(out.c_str(), 0640), 0);
  auto r = RunHeapdoc({"analyze", TestdataPath("scattered/heap.pb.gz"), "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(ReadFileBytes(out).find("Size classes"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u) << "the replaced file keeps its mode";
  for (const auto& e : fs::directory_iterator(fs::path(out).parent_path()))
    EXPECT_EQ(e.path().string().find(".heapdoc-"), std::string::npos) << "no temporary file left: " << e.path();
  // A directory that cannot be written leaves nothing behind and names the path.
  auto bad = RunHeapdoc({"analyze", TestdataPath("scattered/heap.pb.gz"), "-o", "/nonexistent-dir/report.txt"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("/nonexistent-dir/report.txt: cannot write"), std::string::npos) << bad.err;
}

TEST(TextProfileStreaming, BlankLinesRecordsWithoutStacksAndLongLines) {
  std::string text = "heap profile: 2: 64 [3: 96] @ heap/1\n" + std::string(3 << 20, '\n') +
                     "1: 32 [2: 64] @\n"  // no stack: dropped, as pprof drops it
                     "1: 32 [1: 32] @ 0x10 0x20\n" + std::string(100, '\n');
  HeapSnapshot snap = ParseTextHeapProfile(text, "blank.txt");
  ASSERT_EQ(snap.site_samples.size(), 1u);
  ASSERT_EQ(snap.notes.size(), 1u);
  EXPECT_EQ(snap.notes[0], "1 record without a stack (nothing after '@') dropped, as pprof drops them");
  std::string long_line = "heap profile: 1: 32 [1: 32] @ heap/1\n1: 32 [1: 32] @" + Repeat(" 0x1", 400000) + "\n";
  try {
    ParseTextHeapProfile(long_line, "long.txt");
    ADD_FAILURE() << "a 1.6 MB line was accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "long.txt: line 2 is longer than 1 MiB: not a text heap profile");
  }
}

TEST(TextProfileStreaming, TrailerAfterRecordsAsBefore) {
  // The streamed reader finds the same MemStats as the whole-text trailer parser.
  std::string path = TestdataPath("scattered/heap.txt");
  if (!fs::exists(path)) GTEST_SKIP() << "no ?debug=1 profile in testdata/scattered";
  std::string text = ReadFileBytes(path);
  HeapSnapshot snap = ParseTextHeapProfile(text, path);
  auto trailer = ParseTextProfileTrailer(text, path);
  ASSERT_TRUE(snap.memstats.has_value());
  ASSERT_TRUE(trailer.has_value());
  EXPECT_EQ(snap.memstats->heap_inuse, trailer->heap_inuse);
  EXPECT_EQ(snap.memstats->pause_ns, trailer->pause_ns);
}

TEST(MemStatsLimit, UncompressedBytesOverTheLimitAreRefused) {
  std::string big = "{\"memstats\": {\"HeapAlloc\": 1, \"pad\": \"" + std::string(kMaxMemStatsInputBytes, 'x') + "\"}}";
  try {
    ParseMemStats(big, "http://h/debug/vars");
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("larger than the 64 MiB limit"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace heapdoc
