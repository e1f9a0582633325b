// The Go source reader: lexer, declaration parser, source tree, profile path matching and
// allocation-site detection on the Go packages in testdata/gosrc.
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>

#include "analyzer/gosource/allocation_site_finder.h"
#include "analyzer/gosource/go_lexer.h"
#include "analyzer/gosource/go_type_parser.h"
#include "analyzer/gosource/source_tree.h"
#include "analyzer/gosource/type_resolver.h"
#include "heapmodel/error.h"
#include "tests/test_support.h"

namespace heapdoc::gosource {
namespace {

using Kind = GoTypeExpr::Kind;

std::vector<std::string> Texts(const LexResult& r) {
  std::vector<std::string> out;
  for (const auto& t : r.tokens) out.push_back(t.kind == TokenKind::kSemicolon ? ";" : t.text);
  return out;
}

TEST(GoSourceLexer, InsertsSemicolonsWhereGoDoes) {
  auto r = LexGo("x := f(a,\n b)\nreturn\n}\ny++\nz[1]\n", "t.go");
  EXPECT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(Texts(r), (std::vector<std::string>{"x", ":=", "f", "(", "a", ",", "b", ")", ";", "return", ";", "}", ";",
                                                "y", "++", ";", "z", "[", "1", "]", ";", ""}));
}

TEST(GoSourceLexer, CommentsStringsAndRunes) {
  auto r = LexGo("a /* one\ntwo */ b // tail \"x\n`raw\n` 'x' '\\'' \"q\\\"\" c", "t.go");
  EXPECT_TRUE(r.error.empty()) << r.error;
  ASSERT_EQ(r.tokens.size(), 11u);  // ... c ; EOF
  EXPECT_EQ(r.tokens[0].text, "a");
  EXPECT_EQ(r.tokens[1].kind, TokenKind::kSemicolon);  // a multi-line comment acts as a newline
  EXPECT_EQ(r.tokens[2].text, "b");
  EXPECT_EQ(r.tokens[2].line, 2);
  EXPECT_EQ(r.tokens[3].kind, TokenKind::kSemicolon);
  EXPECT_EQ(r.tokens[4].kind, TokenKind::kString);
  EXPECT_EQ(r.tokens[4].text, "`raw\n`");
  EXPECT_EQ(r.tokens[4].line, 3);
  EXPECT_EQ(r.tokens[5].kind, TokenKind::kRune);
  EXPECT_EQ(r.tokens[6].text, "'\\''");
  EXPECT_EQ(r.tokens[7].text, "\"q\\\"\"");
  EXPECT_EQ(r.tokens[8].text, "c");
  EXPECT_EQ(r.tokens[8].line, 4);
  EXPECT_EQ(r.tokens[9].kind, TokenKind::kSemicolon);
}

TEST(GoSourceLexer, ReportsUnterminatedLiterals) {
  EXPECT_NE(LexGo("x := \"abc\n", "t.go").error.find("t.go:1:6: string literal not terminated"), std::string::npos);
  EXPECT_FALSE(LexGo("x := `abc", "t.go").error.empty());
  EXPECT_FALSE(LexGo("/* abc", "t.go").error.empty());
}

TEST(GoSourceLexer, IntegerLiterals) {
  unsigned long long v = 0;
  EXPECT_TRUE(ParseGoIntLiteral("1_000", v));
  EXPECT_EQ(v, 1000u);
  EXPECT_TRUE(ParseGoIntLiteral("0x1F", v));
  EXPECT_EQ(v, 31u);
  EXPECT_TRUE(ParseGoIntLiteral("017", v));
  EXPECT_EQ(v, 15u);
  EXPECT_TRUE(ParseGoIntLiteral("0o17", v));
  EXPECT_EQ(v, 15u);
  EXPECT_TRUE(ParseGoIntLiteral("0b101", v));
  EXPECT_EQ(v, 5u);
  EXPECT_TRUE(ParseGoIntLiteral("0", v));
  EXPECT_EQ(v, 0u);
  EXPECT_FALSE(ParseGoIntLiteral("08", v));
  EXPECT_FALSE(ParseGoIntLiteral("99999999999999999999999", v));
  auto r = LexGo("1.5 2e3 3i 0x1p-2 7", "t.go");
  EXPECT_EQ(r.tokens[0].kind, TokenKind::kFloat);
  EXPECT_EQ(r.tokens[1].kind, TokenKind::kFloat);
  EXPECT_EQ(r.tokens[2].kind, TokenKind::kFloat);
  EXPECT_EQ(r.tokens[3].kind, TokenKind::kFloat);
  EXPECT_EQ(r.tokens[4].kind, TokenKind::kInt);
}

constexpr const char* kDecls = R"go(package p

import (
	"time"
	m "example.com/x/model"
)
import "sync"

type (
	A struct {
		a, b  bool `json:"ab"`
		*B
		m.C
		time.Time
		nested struct{ x int16; y *int }
		f      func(int) (string, error)
		g      func()
		ch     <-chan int
		mp     map[string][]*m.D
		arr    [N * 2][3]byte
		i      interface{ Close() error }
		inst   List[int, string]
	}
	B     [4]int
	Alias = A
)

type List[K comparable, V any] struct{ k K; v V }
type Vec[T any] []T
type Arr [N]int
type Pair [2 * N]int

func (a *A) Method() { var x = struct{ z bool }{}; _ = x }

var v = 1

const (
	N = iota + 1
	M
	_
	P
)
const Q int64 = 1 << 10
)go";

TEST(GoSourceParser, TypeDeclarations) {
  GoFile f = ParseGoFile(kDecls, "p.go");
  EXPECT_TRUE(f.error.empty()) << f.error;
  EXPECT_EQ(f.package_name, "p");
  ASSERT_EQ(f.imports.size(), 3u);
  EXPECT_EQ(f.imports[1].name, "m");
  EXPECT_EQ(f.imports[1].path, "example.com/x/model");
  ASSERT_EQ(f.types.size(), 7u);
  const GoTypeDecl& a = f.types[0];
  EXPECT_EQ(a.name, "A");
  EXPECT_EQ(a.line, 10);
  ASSERT_EQ(a.type.kind, Kind::kStruct);
  std::vector<std::string> names, types;
  for (const auto& field : a.type.fields) {
    names.push_back(field.name);
    types.push_back(field.type.ToString());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "B", "C", "Time", "nested", "f", "g", "ch", "mp", "arr", "i",
                                             "inst"}));
  EXPECT_EQ(types, (std::vector<std::string>{"bool", "bool", "*B", "m.C", "time.Time", "struct{...}", "func(...)",
                                             "func(...)", "chan int", "map[string][]*m.D", "[N*2][3]byte",
                                             "interface{...}", "List[int, string]"}));
  EXPECT_TRUE(a.type.fields[2].embedded);
  EXPECT_TRUE(a.type.fields[3].embedded);
  EXPECT_FALSE(a.type.fields[0].embedded);
  EXPECT_EQ(a.type.fields[5].type.fields.size(), 2u);
  EXPECT_EQ(a.type.fields[12].type.kind, Kind::kInstance);
  EXPECT_EQ(f.types[1].name, "B");
  EXPECT_EQ(f.types[1].type.kind, Kind::kArray);
  EXPECT_TRUE(f.types[2].is_alias);
  EXPECT_TRUE(f.types[3].has_type_params);
  EXPECT_TRUE(f.types[4].has_type_params);
  EXPECT_FALSE(f.types[5].has_type_params);  // type Arr [N]int is an array
  EXPECT_EQ(f.types[5].type.kind, Kind::kArray);
  EXPECT_FALSE(f.types[6].has_type_params);  // type Pair [2 * N]int
  std::vector<std::string> consts;
  for (const auto& c : f.consts) consts.push_back(c.name + "@" + std::to_string(c.iota));
  EXPECT_EQ(consts, (std::vector<std::string>{"N@0", "M@1", "_@2", "P@3", "Q@0"}));
}

TEST(GoSourceParser, ConstantsEvaluateWithIotaAndRepetition) {
  std::string dir = testing::TempPath("consts");
  std::filesystem::create_directories(dir);
  testing::WriteFileBytes(dir + "/c.go", kDecls);
  SourceTree tree = SourceTree::Load({dir});
  ASSERT_EQ(tree.packages().size(), 1u);
  const GoPackage& pkg = *tree.packages()[0];
  TypeResolver r(tree);
  auto eval = [&](const std::string& name) {
    const GoFile* f = nullptr;
    const GoConstSpec* c = pkg.FindConst(name, &f);
    return c ? r.EvalConst(pkg, *f, c->expr, c->iota) : std::nullopt;
  };
  EXPECT_EQ(eval("N"), 1);
  EXPECT_EQ(eval("M"), 2);
  EXPECT_EQ(eval("P"), 4);
  EXPECT_EQ(eval("Q"), 1024);
  const GoFile* f = nullptr;
  auto* pair = pkg.FindType("Pair", &f);
  ASSERT_TRUE(pair);
  EXPECT_EQ(r.ResolveNamed({&pkg, f, pair}).layout, (TypeLayout{16, 8, 0}));
  auto* a = pkg.FindType("A", &f);
  auto result = r.ResolveNamed({&pkg, f, a});
  EXPECT_FALSE(result.layout);
  EXPECT_NE(result.problem.find("outside the source tree"), std::string::npos) << result.problem;
}

TEST(GoSourceParser, SyntaxErrorKeepsEarlierDeclarations) {
  GoFile f = ParseGoFile("package p\ntype A struct{ a int }\ntype B struct{ b int; %% }\n", "e.go");
  EXPECT_NE(f.error.find("e.go:3:"), std::string::npos) << f.error;
  ASSERT_GE(f.types.size(), 1u);
  EXPECT_EQ(f.types[0].name, "A");
}

TEST(GoSourceParser, NotGoAtAllIsAnErrorNotACrash) {
  GoFile f = ParseGoFile("\x7f\x45LF\x01\x02 binary junk {{{", "junk.go");
  EXPECT_FALSE(f.error.empty());
  EXPECT_TRUE(f.types.empty());
}

TEST(GoSourceTree, WalksPackagesAndSkipsWhatGoWouldNotBuild) {
  SourceTree tree = SourceTree::Load({testing::TestdataPath("gosrc/shop")});
  std::vector<std::string> names;
  for (const auto& p : tree.packages()) {
    names.push_back(p->name + " " + p->import_path);
    for (const auto& f : p->files) names.push_back(std::filesystem::path(f.path).filename().string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"shop example.com/gosrc/shop", "alloc.go", "cart.go", "list.go",
                                             "model example.com/gosrc/shop/model", "model.go"}));
  SourceTreeOptions with_vendor;
  with_vendor.include_vendor = true;
  with_vendor.include_testdata = true;
  EXPECT_EQ(SourceTree::Load({testing::TestdataPath("gosrc/shop")}, with_vendor).packages().size(), 4u);
}

TEST(GoSourceTree, MissingRootIsAnError) {
  try {
    SourceTree::Load({"/nonexistent/dir"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/dir: no such file or directory");
  }
  EXPECT_THROW(SourceTree::Load({testing::TestdataPath("gosrc/go.mod")}), Error);
}

TEST(GoSourceTree, ImportPathsResolveThroughGoMod) {
  SourceTree tree = SourceTree::Load({testing::TestdataPath("gosrc")});
  const GoPackage* model = tree.PackageForImport("example.com/gosrc/shop/model");
  ASSERT_TRUE(model);
  EXPECT_EQ(model->name, "model");
  EXPECT_FALSE(tree.PackageForImport("github.com/other/model"));  // modules match exactly
}

TEST(GoSourceTree, ImportPathsResolveBySuffixWithoutGoMod) {
  std::string root = testing::TempPath("nomod");
  std::filesystem::create_directories(root + "/internal/store");
  std::filesystem::create_directories(root + "/cmd/app");
  testing::WriteFileBytes(root + "/internal/store/s.go", "package store\ntype Row struct{ a bool; b int64 }\n");
  testing::WriteFileBytes(root + "/cmd/app/main.go",
                          "package main\nimport st \"github.com/u/proj/internal/store\"\n"
                          "type T struct{ r st.Row; c bool }\n");
  SourceTree tree = SourceTree::Load({root});
  ASSERT_EQ(tree.packages().size(), 2u);
  const GoPackage* store = tree.PackageForImport("github.com/u/proj/internal/store");
  ASSERT_TRUE(store);
  EXPECT_EQ(store->name, "store");
  TypeResolver r(tree);
  const GoPackage* app = tree.PackageForImport("github.com/u/proj/cmd/app");
  ASSERT_TRUE(app);
  const GoFile* f = nullptr;
  auto* t = app->FindType("T", &f);
  EXPECT_EQ(r.ResolveNamed({app, f, t}).layout, (TypeLayout{24, 8, 0}));
}

TEST(GoSourceTree, CommonPathSuffix) {
  EXPECT_EQ(CommonPathSuffixElements("/a/b/c.go", "x/b/c.go"), 2u);
  EXPECT_EQ(CommonPathSuffixElements("./b/c.go", "b/c.go"), 2u);
  EXPECT_EQ(CommonPathSuffixElements("C:\\src\\b\\c.go", "/home/b/c.go"), 2u);
  EXPECT_EQ(CommonPathSuffixElements("/a/b/c.go", "/a/b/d.go"), 0u);
}

TEST(GoSourceTree, ProfilePathsMatchByLongestSuffix) {
  SourceTree tree = SourceTree::Load({testing::TestdataPath("gosrc")});
  const GoPackage* pkg = nullptr;
  const GoFile* f = tree.FileForProfilePath("/home/ci/build/proj/shop/alloc.go", &pkg);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->path.ends_with("gosrc/shop/alloc.go"));
  EXPECT_EQ(pkg->name, "shop");
  // -trimpath profiles name files by module path.
  f = tree.FileForProfilePath("example.com/gosrc/shop/model/model.go");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->path.ends_with("shop/model/model.go"));
  EXPECT_TRUE(tree.FileForProfilePath("/elsewhere/model.go"));  // the only model.go
  EXPECT_FALSE(tree.FileForProfilePath("/usr/lib/go/src/runtime/malloc.go"));

  std::string root = testing::TempPath("twins");
  std::filesystem::create_directories(root + "/a");
  std::filesystem::create_directories(root + "/b");
  testing::WriteFileBytes(root + "/a/x.go", "package a\n");
  testing::WriteFileBytes(root + "/b/x.go", "package b\n");
  SourceTree twins = SourceTree::Load({root});
  EXPECT_FALSE(twins.FileForProfilePath("/build/x.go"));  // ambiguous: nothing rather than a guess
  f = twins.FileForProfilePath("/build/b/x.go");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->path.ends_with("b/x.go"));
}

class GoSourceAllocations : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_ = std::make_unique<SourceTree>(SourceTree::Load({testing::TestdataPath("gosrc")}));
    resolver_ = std::make_unique<TypeResolver>(*tree_);
    finder_ = std::make_unique<AllocationSiteFinder>(*tree_, *resolver_);
    source_ = testing::ReadFileBytes(testing::TestdataPath("gosrc/shop/alloc.go"));
  }
  // The line of alloc.go holding `text`, so the test survives edits of the file.
  int LineOf(const std::string& text) {
    std::istringstream in(source_);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
      if (line.find(text) != std::string::npos) return n;
    ADD_FAILURE() << "no line with " << text;
    return 0;
  }
  std::optional<AllocationSite> At(const std::string& text) {
    return finder_->Find("/home/u/proj/shop/alloc.go", LineOf(text));
  }
  std::unique_ptr<SourceTree> tree_;
  std::unique_ptr<TypeResolver> resolver_;
  std::unique_ptr<AllocationSiteFinder> finder_;
  std::string source_;
};

TEST_F(GoSourceAllocations, AddressOfCompositeLiteral) {
  auto s = At("return &Cart{open: true}");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, AllocationKind::kAddressOfComposite);
  EXPECT_EQ(s->type_name, "Cart");
  ASSERT_TRUE(s->layout);
  EXPECT_EQ(s->layout->size_bytes, 56u);
  ASSERT_TRUE(s->named);
  EXPECT_EQ(s->named->QualifiedName(), "example.com/gosrc/shop.Cart");
  EXPECT_FALSE(s->layout_is_element);
}

TEST_F(GoSourceAllocations, ImportedTypeThroughAnAlias) {
  auto s = At("return &m.Item{SKU: \"x\"}");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->type_name, "m.Item");
  ASSERT_TRUE(s->named);
  EXPECT_EQ(s->named->QualifiedName(), "example.com/gosrc/shop/model.Item");
  EXPECT_EQ(s->layout, (TypeLayout{32, 8, 8}));
  s = At("return &m.Audit{Deleted: false}");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->layout->size_bytes, 64u);
}

TEST_F(GoSourceAllocations, NewMakeAndLiterals) {
  auto s = At("o := new(Order)");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, AllocationKind::kNew);
  EXPECT_EQ(s->layout->size_bytes, 80u);

  s = At("out := make([][]byte, 0, 16)");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, AllocationKind::kMakeSlice);
  EXPECT_EQ(s->element_type_name, "[]byte");
  EXPECT_TRUE(s->layout_is_element);
  EXPECT_EQ(s->layout, SliceLayout());
  EXPECT_EQ(s->element_count, 16u);

  s = At("return make(map[string]*Cart, 8)");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, AllocationKind::kMakeMap);
  EXPECT_EQ(s->type_name, "map[string]*Cart");
  EXPECT_FALSE(s->layout);

  s = At("return []m.Item{{SKU: \"a\"}, {SKU: \"b\"}}");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, AllocationKind::kSliceLiteral);
  EXPECT_EQ(s->element_type_name, "m.Item");
  EXPECT_EQ(s->layout->size_bytes, 32u);

  s = At("return make(chan *Order, 4)");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, AllocationKind::kMakeChan);
  EXPECT_EQ(s->element_count, 4u);

  s = At("s := make([]Session, n)");
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->element_count);  // n is not a constant
  EXPECT_EQ(s->layout->size_bytes, 80u);
}

TEST_F(GoSourceAllocations, CompositeLiteralThatEscapes) {
  auto s = At("sink = Order{ID: 1}");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, AllocationKind::kCompositeLiteral);
  EXPECT_EQ(s->type_name, "Order");
}

TEST_F(GoSourceAllocations, NamedMapAndSliceTypes) {
  auto s = At("return Index{\"a\": nil}");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->type_name, "Index");
  EXPECT_FALSE(s->layout);  // buckets, not the map header
  s = At("return Carts{{open: true}}");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->element_type_name, "Cart");
  EXPECT_TRUE(s->layout_is_element);
  EXPECT_EQ(s->layout->size_bytes, 56u);
  ASSERT_TRUE(s->named);
  EXPECT_EQ(s->named->decl->name, "Cart");
}

TEST_F(GoSourceAllocations, AppendFindsTheSliceElementType) {
  auto s = At("c.items = append(c.items, it)");  // a struct field
  ASSERT_TRUE(s);
  EXPECT_EQ(s->kind, AllocationKind::kAppend);
  EXPECT_EQ(s->element_type_name, "m.Item");
  EXPECT_EQ(s->layout->size_bytes, 32u);

  s = At("return append(list, extra...)");  // a parameter
  ASSERT_TRUE(s);
  EXPECT_EQ(s->element_type_name, "Session");

  // Two allocations on one line: the outer slice's growth and the new []byte.
  auto all = finder_->FindAll("shop/alloc.go", LineOf("out = append(out, make([]byte, 64))"));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].kind, AllocationKind::kAppend);
  EXPECT_EQ(all[0].element_type_name, "[]byte");
  EXPECT_EQ(all[1].kind, AllocationKind::kMakeSlice);
  EXPECT_EQ(all[1].element_count, 64u);
  EXPECT_FALSE(finder_->Find("shop/alloc.go", LineOf("out = append(out, make([]byte, 64))")));

  all = finder_->FindAll("shop/alloc.go", LineOf("extra = append(extra, Session{})"));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].element_type_name, "Session");  // from `var extra []Session`
}

TEST_F(GoSourceAllocations, NothingRatherThanAGuess) {
  EXPECT_TRUE(finder_->FindAll("shop/alloc.go", LineOf("if x > 0 {")).empty());
  EXPECT_TRUE(finder_->FindAll("shop/alloc.go", LineOf("func nothing(x int) int {")).empty());
  EXPECT_TRUE(finder_->FindAll("/nowhere/unknown.go", 10).empty());
  EXPECT_TRUE(finder_->FindAll("shop/alloc.go", 100000).empty());
}

}  // namespace
}  // namespace heapdoc::gosource
