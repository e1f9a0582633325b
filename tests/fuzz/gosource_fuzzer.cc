// Fuzzes the Go source side: the lexer and declaration parser on the raw text, then the whole
// `heapdoc layout` path (source tree, type resolver, struct layout advisor, renderers) and the
// allocation-site finder on the same text written to a temp directory. A line "@@" splits the
// input into up to four files (a.go, sub/b.go, go.mod, c.go) so that imports and go.mod are reached.
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "analyzer/gosource/allocation_site_finder.h"
#include "analyzer/gosource/go_lexer.h"
#include "analyzer/gosource/go_type_parser.h"
#include "analyzer/report/layout_report.h"
#include "analyzer/gosource/source_tree.h"
#include "analyzer/gosource/struct_layout_advisor.h"
#include "analyzer/gosource/type_resolver.h"
#include "heapmodel/size_classes.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace fs = std::filesystem;
constexpr std::array<const char*, 4> kFiles = {"a.go", "sub/b.go", "go.mod", "c.go"};

const fs::path& TreeRoot() {
  static const fs::path root = [] {
    std::string pattern = (fs::temp_directory_path() / "heapdoc-gosource-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    fs::create_directories(fs::path(pattern) / "sub");
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(TreeRoot(), ec);
    });
    return fs::path(pattern);
  }();
  return root;
}

void WriteTree(std::string_view input) {
  for (const char* name : kFiles) fs::remove(TreeRoot() / name);
  size_t index = 0;
  while (index < kFiles.size()) {
    size_t split = input.find("\n@@\n");
    std::ofstream(TreeRoot() / kFiles[index], std::ios::binary) << input.substr(0, split);
    ++index;
    if (split == std::string_view::npos) break;
    input.remove_prefix(split + 4);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace heapdoc;
  using namespace heapdoc::gosource;
  std::string_view text = fuzz::AsView(data, size);
  return fuzz::Guard([&] {
    GoFile file = ParseGoFile(text, "fuzz.go");
    for (size_t pos = 0; pos < file.tokens.size(); pos += 7) {
      size_t at = pos;
      if (auto type = ParseTypeAt(file.tokens, at)) type->ToString();
    }
    for (const GoTypeDecl& decl : file.types) decl.type.ToString();
    for (const Token& token : file.tokens) {
      unsigned long long value = 0;
      if (token.kind == TokenKind::kInt) ParseGoIntLiteral(token.text, value);
    }

    WriteTree(text);
    SourceTree tree = SourceTree::Load({TreeRoot().string()});
    TypeResolver resolver(tree);
    StructLayoutScan scan = ScanStructLayouts(tree, resolver, SizeClassTable::For(GoVersion{1, 22}));
    RenderLayoutText(scan);
    RenderLayoutNotes(scan, "");
    RenderLayoutJson(scan, "");
    AllocationSiteFinder finder(tree, resolver);
    std::set<int> lines;
    for (const Token& token : file.tokens)
      if (lines.size() < 64) lines.insert(token.line);
    for (int line : lines) {
      finder.FindAll("x/a.go", line);
      finder.FindAll("sub/b.go", line);
    }
  });
}
