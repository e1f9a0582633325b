// gc layouts computed by heapdoc checked against Go's own answer (testdata/gosrc/layoutcheck,
// whose expected.txt is the output of `go run ./layoutcheck` with Go 1.19 on amd64).
#include "heapmodel/type_layout.h"

#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "analyzer/gosource/source_tree.h"
#include "analyzer/gosource/struct_layout_advisor.h"
#include "analyzer/gosource/type_resolver.h"
#include "heapmodel/size_classes.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using gosource::SourceTree;
using gosource::TypeResolver;

struct GoSays {
  uint64_t size = 0, align = 0, ptrdata = 0;
  bool is_struct = false;
  std::vector<uint64_t> offsets;
};

std::map<std::string, GoSays> ReadExpected() {
  std::map<std::string, GoSays> out;
  std::istringstream in(testing::ReadFileBytes(testing::TestdataPath("gosrc/layoutcheck/expected.txt")));
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string name, word;
    words >> name;
    GoSays g;
    while (words >> word) {
      auto eq = word.find('=');
      std::string key = word.substr(0, eq), value = word.substr(eq + 1);
      if (key == "size") g.size = std::stoull(value);
      if (key == "align") g.align = std::stoull(value);
      if (key == "ptrdata") g.ptrdata = std::stoull(value);
      if (key == "offsets") {
        g.is_struct = true;
        std::istringstream list(value);
        std::string off;
        while (std::getline(list, off, ',')) g.offsets.push_back(std::stoull(off));
      }
    }
    out[name] = g;
  }
  return out;
}

class TypeLayoutAgainstGo : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_ = std::make_unique<SourceTree>(SourceTree::Load({testing::TestdataPath("gosrc/layoutcheck")}));
    ASSERT_EQ(tree_->packages().size(), 1u);
    pkg_ = tree_->packages()[0].get();
    resolver_ = std::make_unique<TypeResolver>(*tree_);
    expected_ = ReadExpected();
  }
  std::unique_ptr<SourceTree> tree_;
  const gosource::GoPackage* pkg_ = nullptr;
  std::unique_ptr<TypeResolver> resolver_;
  std::map<std::string, GoSays> expected_;
};

TEST_F(TypeLayoutAgainstGo, EveryDeclaredTypeMatchesGo) {
  size_t compared = 0;
  for (const auto& file : pkg_->files) {
    for (const auto& decl : file.types) {
      SCOPED_TRACE(decl.name);
      if (decl.is_alias) continue;  // Alias is BoolPadding; reflect names it so
      auto it = expected_.find(decl.name);
      ASSERT_NE(it, expected_.end()) << "layoutcheck/main.go does not print " << decl.name;
      const GoSays& go = it->second;
      gosource::NamedTypeRef ref{pkg_, &file, &decl};
      auto result = resolver_->ResolveNamed(ref);
      ASSERT_TRUE(result.layout) << result.problem;
      EXPECT_EQ(result.layout->size_bytes, go.size);
      EXPECT_EQ(result.layout->align_bytes, go.align);
      EXPECT_EQ(result.layout->pointer_bytes, go.ptrdata);
      if (go.is_struct && decl.type.kind == gosource::GoTypeExpr::Kind::kStruct) {
        std::string problem;
        auto fields = resolver_->ResolveFields(*pkg_, file, decl.type, &problem);
        ASSERT_TRUE(fields) << problem;
        std::vector<TypeLayout> layouts;
        for (const auto& f : *fields) layouts.push_back(f.layout);
        auto s = LayOutStruct(layouts);
        ASSERT_TRUE(s);
        EXPECT_EQ(s->field_offsets_bytes, go.offsets);
        EXPECT_EQ(s->layout.size_bytes, go.size);
      }
      ++compared;
    }
  }
  EXPECT_GE(compared, 37u);
}

TEST_F(TypeLayoutAgainstGo, StandardLibraryTableMatchesGo) {
  size_t compared = 0;
  for (const auto& [name, go] : expected_) {
    auto dot = name.rfind('.');
    if (dot == std::string::npos) continue;
    SCOPED_TRACE(name);
    auto layout = StandardLibraryTypeLayout(name.substr(0, dot), name.substr(dot + 1));
    ASSERT_TRUE(layout);
    EXPECT_EQ(layout->size_bytes, go.size);
    EXPECT_EQ(layout->align_bytes, go.align);
    EXPECT_EQ(layout->pointer_bytes, go.ptrdata);
    ++compared;
  }
  EXPECT_EQ(compared, 21u);
}

// The optimal order's layout is what Go gives the same fields written in that order.
TEST_F(TypeLayoutAgainstGo, OptimalOrderMatchesGoForTheReorderedStruct) {
  const gosource::GoFile* file = nullptr;
  const auto* decl = pkg_->FindType("BoolPadding", &file);
  ASSERT_TRUE(decl);
  const auto& table = SizeClassTable::For(GoVersion{1, 22});
  auto advice = gosource::AdviseStruct(*resolver_, {pkg_, file, decl}, table);
  ASSERT_TRUE(advice);
  EXPECT_EQ(advice->optimal_order, (std::vector<std::string>{"b", "a", "c"}));
  EXPECT_EQ(advice->optimal_size_bytes, expected_["BoolPaddingOptimal"].size);

  decl = pkg_->FindType("Pointers", &file);
  advice = gosource::AdviseStruct(*resolver_, {pkg_, file, decl}, table);
  ASSERT_TRUE(advice);
  EXPECT_EQ(advice->current_size_bytes, 48u);
  EXPECT_EQ(advice->optimal_size_bytes, expected_["PointersOptimal"].size);
  // fieldalignment puts *int (no trailing non-pointer bytes) before string (8 trailing bytes),
  // which scans less than PointersOptimal's string-first order.
  EXPECT_EQ(advice->optimal_order, (std::vector<std::string>{"p", "s", "a", "b", "c"}));
  EXPECT_EQ(advice->optimal_pointer_bytes, 16u);
  EXPECT_LT(advice->optimal_pointer_bytes, expected_["PointersOptimal"].ptrdata);
}

TEST(TypeLayout, PredeclaredTypes) {
  EXPECT_EQ(PredeclaredTypeLayout("bool"), (TypeLayout{1, 1, 0}));
  EXPECT_EQ(PredeclaredTypeLayout("complex64"), (TypeLayout{8, 4, 0}));
  EXPECT_EQ(PredeclaredTypeLayout("complex128"), (TypeLayout{16, 8, 0}));
  EXPECT_EQ(PredeclaredTypeLayout("string"), (TypeLayout{16, 8, 8}));
  EXPECT_EQ(PredeclaredTypeLayout("error"), (TypeLayout{16, 8, 16}));
  EXPECT_EQ(PredeclaredTypeLayout("rune"), (TypeLayout{4, 4, 0}));
  EXPECT_FALSE(PredeclaredTypeLayout("Time"));
  EXPECT_EQ(SliceLayout(), (TypeLayout{24, 8, 8}));
  EXPECT_EQ(InterfaceLayout(), (TypeLayout{16, 8, 16}));
  EXPECT_EQ(PointerLikeLayout(), (TypeLayout{8, 8, 8}));
}

TEST(TypeLayout, ArraysScanUpToTheLastElementsPointers) {
  EXPECT_EQ(ArrayLayout(StringLayout(), 3), (TypeLayout{48, 8, 40}));
  EXPECT_EQ(ArrayLayout(StringLayout(), 0), (TypeLayout{0, 8, 0}));
  EXPECT_EQ(ArrayLayout(TypeLayout{2, 2, 0}, 5), (TypeLayout{10, 2, 0}));
  EXPECT_FALSE(ArrayLayout(TypeLayout{8, 8, 0}, uint64_t{1} << 62));
}

TEST(TypeLayout, TrailingZeroSizeFieldTakesAByte) {
  std::vector<TypeLayout> f = {{8, 8, 0}, {0, 1, 0}};
  EXPECT_EQ(LayOutStruct(f)->layout.size_bytes, 16u);
  std::vector<TypeLayout> only_zero = {{0, 1, 0}};
  EXPECT_EQ(LayOutStruct(only_zero)->layout.size_bytes, 0u);
  std::vector<TypeLayout> none;
  EXPECT_EQ(LayOutStruct(none)->layout, (TypeLayout{0, 1, 0}));
}

TEST(TypeLayout, OptimalOrderFollowsFieldalignmentsKeys) {
  std::vector<TypeLayout> f = {
      {1, 1, 0},    // 0 bool
      {0, 8, 0},    // 1 [0]int64: zero size first
      {16, 8, 8},   // 2 string: pointerful, 8 trailing bytes
      {8, 8, 0},    // 3 int64
      {8, 8, 8},    // 4 *T: pointerful, no trailing bytes
      {4, 4, 0},    // 5 int32
      {24, 8, 8},   // 6 slice: 16 trailing bytes
      {16, 8, 16},  // 7 interface: none trailing, bigger than *T
      {1, 1, 0},    // 8 bool: ties keep declaration order
  };
  EXPECT_EQ(OptimalFieldOrder(f), (std::vector<size_t>{1, 7, 4, 2, 6, 3, 5, 0, 8}));
  auto advice = AdviseFieldOrder(f);
  ASSERT_TRUE(advice);
  EXPECT_LE(advice->optimal.layout.size_bytes, advice->current.layout.size_bytes);
  EXPECT_EQ(advice->optimal.layout.pointer_bytes, 16u + 8 + 16 + 8);
}

TEST(TypeLayout, HeapSlotIncludesTheMallocHeaderFromGo122) {
  const auto& go121 = SizeClassTable::For(GoVersion{1, 21});
  const auto& go122 = SizeClassTable::For(GoVersion{1, 22});
  EXPECT_EQ(gosource::HeapSlotBytes({1024, 8, 8}, go121), 1024u);
  EXPECT_EQ(gosource::HeapSlotBytes({1024, 8, 8}, go122), 1152u);  // 1024 + 8 header
  EXPECT_EQ(gosource::HeapSlotBytes({1024, 8, 0}, go122), 1024u);  // pointer-free: no header
  EXPECT_EQ(gosource::HeapSlotBytes({512, 8, 8}, go122), 512u);    // <= 512 B: no header
  EXPECT_EQ(gosource::HeapSlotBytes({0, 1, 0}, go122), 0u);
  EXPECT_EQ(gosource::HeapSlotBytes({40000, 8, 8}, go122), 40960u);  // large: whole pages
}

}  // namespace
}  // namespace heapdoc
