#include "analyzer/report/html_report.h"

#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "analyzer/report/markdown_report.h"
#include "analyzer/report/svg_chart.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

constexpr const char* kStyle = R"(
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; margin: 0; }
main { max-width: 1400px; margin: 0 auto; padding: 24px 32px; }
h1 { border-bottom: 1px solid #d0d7de; padding-bottom: 8px; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; margin: 12px 0; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; }
th { background: #f6f8fa; }
tr:nth-child(even) td { background: #fbfcfd; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; background: #f6f8fa; }
pre { padding: 12px; overflow-x: auto; }
blockquote { border-left: 4px solid #d0d7de; margin: 8px 0; padding: 0 12px; color: #57606a; }
svg { max-width: 100%; height: auto; display: block; margin: 12px 0; }
)";

struct CmarkParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct CmarkNodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

// A placeholder no report text contains, to put an SVG where an image was.
std::string Placeholder(const std::string& markdown, size_t index) {
  for (unsigned nonce = 0;; ++nonce) {
    std::string token = "HEAPDOCCHART" + std::to_string(nonce) + "X" + std::to_string(index) + "X";
    if (markdown.find("HEAPDOCCHART" + std::to_string(nonce)) == std::string::npos) return token;
  }
}

}  // namespace

std::string MarkdownToHtml(const std::string& markdown,
                           const std::vector<std::pair<std::string, std::string>>& inline_svgs) {
  cmark_gfm_core_extensions_ensure_registered();
  std::unique_ptr<cmark_parser, CmarkParserDeleter> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
  for (const char* name : {"table", "strikethrough", "autolink"})
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser.get(), ext);
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, CmarkNodeDeleter> doc(cmark_parser_finish(parser.get()));
  if (!doc) throw Error("internal: cmark-gfm could not parse the Markdown report");

  std::vector<cmark_node*> images;
  cmark_iter* iter = cmark_iter_new(doc.get());
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_IMAGE) images.push_back(node);
  }
  cmark_iter_free(iter);
  std::vector<std::pair<std::string, const std::string*>> replacements;  // placeholder -> svg
  for (cmark_node* image : images) {
    const char* url = cmark_node_get_url(image);
    for (const auto& [link, svg] : inline_svgs) {
      if (!url || link != url) continue;
      std::string token = Placeholder(markdown, replacements.size());
      cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
      cmark_node_set_literal(text, token.c_str());
      cmark_node_replace(image, text);
      cmark_node_free(image);
      replacements.emplace_back(token, &svg);
      break;
    }
  }
  char* rendered = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser.get()));
  std::string html = rendered ? rendered : "";
  std::free(rendered);
  for (const auto& [token, svg] : replacements) {
    size_t at = html.find(token);
    if (at != std::string::npos) html.replace(at, token.size(), "\n" + *svg);
  }
  return html;
}

std::string RenderHtmlReport(const AnalysisReport& report) {
  // The Markdown report with its charts linked under names only this renderer uses; then each
  // link becomes the chart itself.
  std::vector<MarkdownImage> images;
  std::vector<std::pair<std::string, std::string>> svgs;
  for (ChartImage& chart : ChartImagesFor(report, "heapdoc-chart")) {
    images.push_back({chart.alt, chart.file_name});
    svgs.emplace_back(chart.file_name, std::move(chart.svg));
  }
  std::string body = MarkdownToHtml(RenderMarkdownReport(report, images, /*fold=*/false), svgs);
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"heapdoc 0.1.0\">\n"
         "<title>heapdoc report: " + XmlEscape(report.snapshot.source) + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
}

}  // namespace heapdoc
