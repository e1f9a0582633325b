// Markdown charts, SVG and the self-contained HTML report (units; renderer and browser checks are
// the ctest render_markdown_html).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "analyzer/analysis.h"
#include "analyzer/readers/input_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "analyzer/report/html_report.h"
#include "analyzer/report/markdown_report.h"
#include "analyzer/report/svg_chart.h"
#include "analyzer/report/table.h"
#include "analyzer/report/text_report.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::RunHeapdoc;
using testing::TempPath;
using testing::TestdataPath;

AnalysisReport Load(bool dump) {
  HeapSnapshot s = ReadHeapInputFile(TestdataPath("scattered/heap.pb.gz"));
  if (dump) AttachHeapDump(s, ReadHeapInputFile(TestdataPath("scattered/heap.dump.gz")));
  AttachMemStats(s, ReadMemStatsFile(TestdataPath("scattered/memstats.json")));
  return Analyze(std::move(s), {});
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(SvgChart, OneBarPerClassWithSpans) {
  AnalysisReport report = Load(false);
  std::string svg = RenderSpanBytesChart(report);
  ASSERT_FALSE(svg.empty());
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  size_t classes = 0;
  for (const auto& c : report.model.classes) classes += c.span_bytes > 0;
  // The 20 classes with the most free-slot bytes, largest first (scattered has more).
  ASSERT_GT(classes, 20u);
  EXPECT_EQ(Count(svg, "<g><title>"), 20u);
  EXPECT_NE(svg.find(fmt::format("20 of {} size classes", classes)), std::string::npos) << svg.substr(0, 600);
  const ClassModel* worst = &report.model.classes.front();
  for (const auto& c : report.model.classes)
    if (c.free_slot_bytes > worst->free_slot_bytes) worst = &c;
  size_t first_bar = svg.find("<g><title>");
  EXPECT_EQ(svg.find(fmt::format("<g><title>{} \u00b7", worst->class_id)), first_bar) << "the worst class is not first";
  EXPECT_NE(svg.find("#e15759"), std::string::npos);  // free slots are drawn (scattered is fragmented)
  EXPECT_TRUE(RenderOccupancyChart(report).empty());   // no heap dump: no occupancy histogram
  EXPECT_FALSE(RenderOccupancyChart(Load(true)).empty());
}

TEST(SvgChart, EscapesText) { EXPECT_EQ(XmlEscape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;"); }

TEST(SvgChart, ImagesAreNamedAfterTheReport) {
  AnalysisReport report = Load(true);
  auto images = ChartImagesFor(report, "out/dir/report.md");
  ASSERT_EQ(images.size(), 3u);
  EXPECT_EQ(images[0].file_name, "report.svg");
  EXPECT_EQ(images[0].path, "out/dir/report.svg");
  EXPECT_EQ(images[1].file_name, "report-occupancy.svg");
  EXPECT_EQ(images[2].file_name, "report-spans.svg");
  EXPECT_EQ(ChartImagesFor(Load(false), "report.md").size(), 1u);  // no dump: no occupancy, no span map
  EXPECT_EQ(ChartImagesFor(report, "report")[0].path, "report.svg");
}

TEST(MarkdownReport, LinksChartsOnlyWhenGiven) {
  AnalysisReport report = Load(false);
  EXPECT_EQ(RenderMarkdownReport(report).find("!["), std::string::npos);
  std::string md = RenderMarkdownReport(report, {{"Span bytes", "my report.svg"}});
  EXPECT_NE(md.find("![Span bytes](<my report.svg>)"), std::string::npos);
}

TEST(HtmlReport, SelfContainedWithInlineCharts) {
  AnalysisReport report = Load(true);
  std::string html = RenderHtmlReport(report);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(Count(html, "<svg"), 3u);  // span bytes, occupancy histogram, span map
  EXPECT_GE(Count(html, "<table>"), 4u);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(html.find("<h2>Size classes</h2>"), std::string::npos);
}

TEST(HtmlReport, MarkdownRawHtmlIsNotPassedThrough) {
  std::string html = MarkdownToHtml("| f |\n| --- |\n| <script>alert(1)</script> |\n\n![c](x.svg)\n",
                                    {{"x.svg", "<svg id=\"chart\"></svg>"}});
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_NE(html.find("<table>"), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"chart\"></svg>"), std::string::npos) << html;
}

TEST(AnalyzeCommand, MarkdownFileGetsChartsBesideIt) {
  std::string md = TempPath("out/report.md");
  std::filesystem::create_directories(std::filesystem::path(md).parent_path());
  auto r = RunHeapdoc({"analyze", TestdataPath("scattered/heap.pb.gz"), "--memstats", TestdataPath("scattered/memstats.json"),
                       "--dump", TestdataPath("scattered/heap.dump.gz"), "--format", "markdown", "-o", md});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = testing::ReadFileBytes(md);
  EXPECT_NE(text.find("](<report.svg>)"), std::string::npos);
  EXPECT_NE(text.find("](<report-occupancy.svg>)"), std::string::npos);
  EXPECT_EQ(testing::ReadFileBytes(TempPath("out/report.svg")).rfind("<svg", 0), 0u);
  auto h = RunHeapdoc({"analyze", TestdataPath("scattered/heap.pb.gz"), "--format", "html"});
  ASSERT_EQ(h.exit_code, 0) << h.err;
  EXPECT_EQ(Count(h.out, "<svg"), 1u);  // profile only: no occupancy histogram
}

TEST(TextReport, SitePathsRelativeToTheModuleRoot) {
  AnalysisReport report = Load(false);
  std::string plain = RenderTextReport(report);
  EXPECT_NE(plain.find("heapdoc/testdata/gen/scattered/main.go:39"), std::string::npos);
  std::string rooted = RenderTextReport(report, 0, false, "heapdoc/testdata/gen");
  EXPECT_NE(rooted.find("files relative to the module root heapdoc/testdata/gen"), std::string::npos) << rooted;
  EXPECT_NE(rooted.find("  scattered/main.go:39 "), std::string::npos) << rooted;
  EXPECT_NE(rooted.find("runtime/proc.go:"), std::string::npos) << rooted;  // outside the root: as recorded
}

TEST(Table, LineUnderARowLeavesColumnWidthsAlone) {
  Table table({{"#"}, {"function", Align::kLeft}, {"bytes"}});
  table.AddRow({"1", "main.f", "48 B"});
  table.AddLineUnderRow("called from main.main (main.go:20)");
  table.AddRow({"2", "main.g", "1.00 KiB"});
  EXPECT_EQ(table.RenderText(),
            "  #  function     bytes\n"
            "  1  main.f        48 B\n"
            "     called from main.main (main.go:20)\n"
            "  2  main.g    1.00 KiB\n");
  EXPECT_EQ(table.RenderMarkdown(),
            "| # | function | bytes |\n| ---: | :--- | ---: |\n| 1 | main.f | 48\u00a0B |\n"
            "|  | called from main.main (main.go:20) |  |\n| 2 | main.g | 1.00\u00a0KiB |\n");
}

TEST(AnalyzeCommand, SitesShowTheirCallers) {
  auto text = RunHeapdoc({"analyze", TestdataPath("scattered/heap.pb.gz"), "--memstats", TestdataPath("scattered/memstats.json")});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  size_t site = text.out.find("  1  main.churn ");
  ASSERT_NE(site, std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("\n     called from main.main (main.go:54) <- runtime.main (proc.go:250)\n", site),
            text.out.find('\n', site))
      << text.out;

  // healthy: allocations inside the standard library, reached from a third-party module's init
  // through eight regexp frames, and from this repository's dot-less module `heapdoc/...`.
  auto json_run = RunHeapdoc({"analyze", TestdataPath("healthy/heap.pb.gz"), "--format", "json"});
  ASSERT_EQ(json_run.exit_code, 0) << json_run.err;
  auto sites = nlohmann::json::parse(json_run.out)["sites"];
  auto find = [&](const std::string& function) {
    for (const auto& s : sites)
      if (s["function"] == function) return s;
    ADD_FAILURE() << "no site " << function;
    return nlohmann::json::object();
  };
  auto regexp = find("regexp/syntax.(*compiler).inst");
  ASSERT_EQ(regexp["user_frame"], 8);
  EXPECT_EQ(regexp["caller_path"][0]["function"], "regexp/syntax.(*compiler).loop");
  EXPECT_EQ(regexp["caller_path"][8]["function"], "github.com/prometheus/common/model.init");
  EXPECT_EQ(regexp["caller_path"][8]["file"], "github.com/prometheus/common/model/metric.go");
  EXPECT_EQ(regexp["caller_path"][8]["line"], 27);
  EXPECT_EQ(find("os.statNolog")["user_frame"], 2);
  EXPECT_EQ(find("os.statNolog")["caller_path"][2]["function"], "heapdoc/testdata/gen/snap.Write");
  auto user_leaf = find("main.loadPoints");
  EXPECT_TRUE(user_leaf["user_frame"].is_null());
  EXPECT_EQ(user_leaf["caller_path"][0]["function"], "main.main");

  ::setenv("COLUMNS", "250", 1);  // wide enough that the caller line is not wrapped
  auto healthy = RunHeapdoc({"analyze", TestdataPath("healthy/heap.pb.gz")});
  ::unsetenv("COLUMNS");
  ASSERT_EQ(healthy.exit_code, 0) << healthy.err;
  EXPECT_NE(healthy.out.find("     called through 8 library frames from github.com/prometheus/common/model.init "
                             "(metric.go:27) <- runtime.doInit (proc.go:6329)"),
            std::string::npos)
      << healthy.out;
}

}  // namespace
}  // namespace heapdoc

namespace heapdoc {
namespace {

// A PR comment or job summary: the verdict in the first lines, what to change and the top sites
// next, every other table folded in <details>, no image link unless charts were written beside it.
TEST(MarkdownReport, VerdictFirstAndTheRestFolded) {
  HeapSnapshot snap = ReadHeapInputFile(testing::TestdataPath("pinning/go1.26/heap.pb.gz"));
  AttachMemStats(snap, ReadMemStatsFile(testing::TestdataPath("pinning/go1.26/memstats.json")));
  AnalysisReport report = Analyze(std::move(snap), {});
  std::string md = RenderMarkdownReport(report);
  size_t verdict = md.find("**Verdict: dangerous**");
  ASSERT_NE(verdict, std::string::npos);
  EXPECT_LT(std::count(md.begin(), md.begin() + static_cast<std::ptrdiff_t>(verdict), '\n'), 3);
  size_t change = md.find("## What to change"), sites = md.find("allocation sites (by cost)"), fold = md.find("<details>");
  ASSERT_NE(fold, std::string::npos);
  EXPECT_LT(change, sites);
  EXPECT_LT(sites, fold);
  EXPECT_NE(md.find("<summary>Size classes ("), std::string::npos);
  EXPECT_EQ(md.find("!["), std::string::npos);
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t at = md.find(what); at != std::string::npos; at = md.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<details>"), count("</details>"));
  EXPECT_GE(count("<details>"), 3u);
}

}  // namespace
}  // namespace heapdoc
