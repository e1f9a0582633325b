// The text report fits the terminal: with COLUMNS=120 no line of `heapdoc analyze` is wider than
// 120 columns, on every committed profile and heap dump in testdata/ (alone, and with the MemStats
// beside it); and the wrapping and shortening helpers keep their promises.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "analyzer/report/table.h"
#include "analyzer/report/text_wrap.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

namespace fs = std::filesystem;

// The widest line of `text` and the line itself.
std::pair<size_t, std::string> WidestLine(const std::string& text) {
  std::pair<size_t, std::string> widest{0, ""};
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (DisplayWidth(line) > widest.first) widest = {DisplayWidth(line), line};
  return widest;
}

std::vector<fs::path> CommittedProfiles() {
  std::vector<fs::path> found;
  fs::path root = testing::TestdataPath("");
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string rel = fs::relative(entry.path(), root).string();
    if (rel.rfind("fuzz/", 0) == 0) continue;  // fuzz seeds are broken on purpose
    std::string name = entry.path().filename().string();
    if (name == "heap.pb.gz" || name == "heap.dump.gz" || name == "heap.txt" || name == "heap.txt.gz")
      found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

TEST(TextWidth, EveryCommittedProfileFits120Columns) {
  constexpr size_t kWidth = 120;
  ::setenv("COLUMNS", "120", 1);
  size_t analyzed = 0;
  size_t widest_seen = 0;
  for (const fs::path& profile : CommittedProfiles()) {
    std::vector<std::vector<std::string>> runs = {{"analyze", profile.string()}};
    fs::path memstats = profile.parent_path() / "memstats.json";
    if (profile.filename() == "heap.pb.gz" && fs::exists(memstats))
      runs.push_back({"analyze", profile.string(), "--memstats", memstats.string()});
    for (const auto& args : runs) {
      testing::RunResult r = testing::RunHeapdoc(args);
      if (r.exit_code == 2) continue;  // a profile kept to test a refusal
      ASSERT_EQ(r.exit_code, 0) << profile << "\n" << r.err;
      auto [width, line] = WidestLine(r.out);
      widest_seen = std::max(widest_seen, width);
      EXPECT_LE(width, kWidth) << profile << (args.size() > 2 ? " --memstats" : "") << ":\n" << line;
      ++analyzed;
    }
  }
  ::unsetenv("COLUMNS");
  EXPECT_GE(analyzed, 100u) << "the walk over testdata/ found too few profiles";
  std::printf("%zu reports, widest line %zu columns\n", analyzed, widest_seen);
}

TEST(TextWidth, NarrowColumnsShortenNamesThenLeaveColumnsOut) {
  Table table({{"function", Align::kLeft}, {"bytes"}, {"extra", Align::kRight, 1}});
  table.AddRow({"github.com/acme/service/internal/store.(*Cache).Put", "1.00 MiB", "12,345,678"});
  table.AddLineUnderRow("called from main.handler (server.go:88) <- net/http.HandlerFunc.ServeHTTP (server.go:2136)");
  std::string wide = table.RenderText("  ", 0);
  EXPECT_NE(wide.find("(*Cache).Put"), std::string::npos);
  std::string narrow = table.RenderText("  ", 40);
  EXPECT_LE(WidestLine(narrow).first, 40u) << narrow;
  EXPECT_NE(narrow.find("…"), std::string::npos) << narrow;
  EXPECT_NE(narrow.find("left out at this width: extra"), std::string::npos) << narrow;
  EXPECT_NE(narrow.find("1.00 MiB"), std::string::npos) << narrow;
}

TEST(TextWidth, WrapKeepsIndentAndWords) {
  std::string text = WrapParagraph("one two three four five six seven eight nine ten", 20, "  1. ", "     ");
  EXPECT_EQ(text, "  1. one two three\n     four five six\n     seven eight\n     nine ten\n");
  EXPECT_EQ(TruncateMiddle("abcdefghij", 5), "ab…ij");
  EXPECT_EQ(TruncateMiddle("abc", 5), "abc");
  // A word longer than a line is cut, never left sticking out.
  std::string path = WrapParagraph("see /very/long/path/that/does/not/fit/anywhere/at/all.go", 24, "", "  ");
  EXPECT_LE(WidestLine(path).first, 24u) << path;
}

TEST(MarkdownTable, FiguresKeepTheirUnits) {
  Table table({{"what", Align::kLeft}, {"bytes"}});
  table.AddRow({"free slots", "1.38 KiB"});
  table.AddRow({"share", "12.5 %"});
  std::string md = table.RenderMarkdown();
  EXPECT_NE(md.find("1.38\u00a0KiB"), std::string::npos) << md;
  EXPECT_NE(md.find("12.5\u00a0%"), std::string::npos) << md;
  EXPECT_NE(md.find("free slots"), std::string::npos) << md;  // words still break
}

}  // namespace
}  // namespace heapdoc
