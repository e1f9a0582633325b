// End to end: `heapdoc layout` on the Go packages in testdata/gosrc.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::RunHeapdoc;
using testing::TestdataPath;

std::string Shop() { return TestdataPath("gosrc/shop"); }

TEST(LayoutCommand, ListsStructsWhoseSizeClassShrinks) {
  auto r = RunHeapdoc({"layout", Shop()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string dir = Shop();
  EXPECT_EQ(r.out,
            dir + "/cart.go:25: struct Cart: 56 B (size class 64) could be 40 B (size class 48) by reordering fields: "
                  "items, total, open, locked, status\n" +
                dir + "/cart.go:45: struct Session: 80 B (size class 80) could be 64 B (size class 64) by reordering "
                      "fields: started, user, token, mu, retries, active, expired\n" +
                dir + "/cart.go:73: struct Anon: 32 B (size class 32) could be 24 B (size class 24) by reordering "
                      "fields: inner, c, a, b\n" +
                dir + "/model/model.go:20: struct Audit: 64 B (size class 64) could be 48 B (size class 48) by "
                      "reordering fields: Created, By, Version, Deleted, Flag\n");
  // Skipped types are explained, not silently dropped.
  EXPECT_NE(r.err.find("struct Queue: field items: generic type List[int]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("skipped 2 generic struct types"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("assuming Go 1.22 or later"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("checked 9 structs; 4 would move"), std::string::npos) << r.err;
  // Excluded: _test.go, //go:build ignore, _windows.go, vendor/ and testdata/.
  for (const char* hidden : {"testOnly", "Ignored", "WindowsOnly", "Vendored", "InTestdata"})
    EXPECT_EQ(r.out.find(hidden), std::string::npos) << hidden;
}

TEST(LayoutCommand, MallocHeaderDependsOnTheGoVersion) {
  auto old_go = RunHeapdoc({"layout", Shop(), "--go-version", "1.21"});
  ASSERT_EQ(old_go.exit_code, 0) << old_go.err;
  EXPECT_NE(old_go.out.find("struct Big: 1032 B (size class 1152) could be 1024 B (size class 1024)"),
            std::string::npos)
      << old_go.out;
  EXPECT_EQ(old_go.err.find("assuming"), std::string::npos);
  auto new_go = RunHeapdoc({"layout", Shop(), "--go-version", "go1.22.3"});
  ASSERT_EQ(new_go.exit_code, 0) << new_go.err;
  EXPECT_EQ(new_go.out.find("struct Big"), std::string::npos) << new_go.out;
}

TEST(LayoutCommand, IncludeVendor) {
  auto r = RunHeapdoc({"layout", "--include-vendor", Shop()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("vendor/example.org/lib/lib.go:4: struct Vendored: 24 B (size class 24) could be 16 B"),
            std::string::npos)
      << r.out;
}

TEST(LayoutCommand, Json) {
  auto r = RunHeapdoc({"layout", Shop(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["structs"].size(), 4u);
  const auto& cart = doc["structs"][0];
  EXPECT_EQ(cart["file"], Shop() + "/cart.go");
  EXPECT_EQ(cart["line"], 25);
  EXPECT_EQ(cart["type"], "Cart");
  EXPECT_EQ(cart["current_size"], 56);
  EXPECT_EQ(cart["optimal_size"], 40);
  EXPECT_EQ(cart["current_class_size"], 64);
  EXPECT_EQ(cart["optimal_class_size"], 48);
  EXPECT_EQ(cart["current_order"], nlohmann::json({"open", "total", "locked", "items", "status"}));
  EXPECT_EQ(cart["optimal_order"], nlohmann::json({"items", "total", "open", "locked", "status"}));
  EXPECT_EQ(cart["pointer_bytes"], 32);  // items' pointer word sits at offset 24
  EXPECT_EQ(cart["optimal_pointer_bytes"], 8);
  ASSERT_TRUE(doc["notes"].is_array());
  EXPECT_GE(doc["notes"].size(), 3u);
}

TEST(LayoutCommand, SeveralDirsAndAFile) {
  auto r = RunHeapdoc({"layout", TestdataPath("gosrc/layoutcheck"), TestdataPath("gosrc/shop/model/model.go")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("struct BoolPadding: 24 B (size class 24) could be 16 B (size class 16)"), std::string::npos);
  EXPECT_NE(r.out.find("struct Audit"), std::string::npos);
}

TEST(LayoutCommand, BadInputExitsTwo) {
  auto r = RunHeapdoc({"layout", "/nonexistent/src"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "heapdoc: /nonexistent/src: no such file or directory\n");
  r = RunHeapdoc({"layout", TestdataPath("gosrc/go.mod")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a directory or a .go file"), std::string::npos);
  r = RunHeapdoc({"layout", Shop(), "--go-version", "banana"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--go-version"), std::string::npos);
  EXPECT_EQ(RunHeapdoc({"layout", Shop(), "--format", "xml"}).exit_code, 2);
  EXPECT_EQ(RunHeapdoc({"layout"}).exit_code, 2);
}

TEST(LayoutCommand, HelpDocumentsExitCodes) {
  auto r = RunHeapdoc({"layout", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("never change the exit code"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace heapdoc

namespace heapdoc {
namespace {

// net/http's per-request response sizes a buffer with [len(TimeFormat)]byte: the length of a
// constant string (here, in an imported package, and concatenated) is a constant expression.
TEST(LayoutCommand, ArrayLengthsFromConstantStrings) {
  std::string dir = testing::TempPath("lenpkg");
  std::filesystem::create_directories(dir);
  testing::WriteFileBytes(dir + "/resp.go", R"(package http

import "time"

const TimeFormat = "Mon, 02 Jan 2006 15:04:05 GMT"
const prefix = "HTTP/" + `1.1 `

type response struct {
	conn        *int
	wroteHeader bool
	handlerHeader map[string][]string
	calledHeader  bool
	written       int64
	trailers      []string
	closeAfter    bool
	dateBuf       [len(TimeFormat)]byte
	clenBuf       [10]byte
	when          [len(time.RFC3339)]byte
	proto         [len(prefix) + 1]byte
	closeNotifyCh chan bool
	statusBuf     [3]byte
	cw            [40]byte
	w             *int
	didClose      int32
}
)");
  auto r = testing::RunHeapdoc({"layout", dir, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& s : j["structs"]) {
    if (s["type"] != "response") continue;
    found = true;
    EXPECT_EQ(s["current_size"].get<uint64_t>(), 216u) << s;  // unsafe.Sizeof with Go 1.26
    EXPECT_EQ(s["current_class_size"].get<uint64_t>(), 224u) << s;
    EXPECT_EQ(s["optimal_class_size"].get<uint64_t>(), 192u) << s;
  }
  EXPECT_TRUE(found) << r.out;
}

}  // namespace
}  // namespace heapdoc

#include "analyzer/gosource/package_patterns.h"

namespace heapdoc {
namespace {

// `heapdoc layout ./...` as in go vet: patterns inside the module of the current directory.
TEST(LayoutCommand, PackagePatternsInsideTheModule) {
  std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(testing::TestdataPath("gosrc/shop"));
  auto dirs = gosource::ResolvePackagePatterns({"./...", "...", "./store/...", "example.com/gosrc/shop/...",
                                                "example.com/gosrc", "fmt"});
  std::filesystem::current_path(before);
  ASSERT_EQ(dirs.size(), 6u);
  EXPECT_EQ(dirs[0], ".");
  EXPECT_EQ(dirs[1], ".");
  EXPECT_EQ(dirs[2], "./store");
  EXPECT_EQ(std::filesystem::path(dirs[3]), std::filesystem::path(testing::TestdataPath("gosrc/shop")).lexically_normal());
  EXPECT_EQ(std::filesystem::path(dirs[4]).lexically_normal(),
            std::filesystem::path(testing::TestdataPath("gosrc/")).lexically_normal());
  EXPECT_EQ(dirs[5], "fmt");  // not in the module: left for the loader to name as missing
  // End to end: the same structs as the directory itself.
  auto by_dir = testing::RunHeapdoc({"layout", testing::TestdataPath("gosrc/shop"), "--format", "json"});
  std::filesystem::current_path(testing::TestdataPath("gosrc/shop"));
  auto by_pattern = testing::RunHeapdoc({"layout", "./...", "--format", "json"});
  std::filesystem::current_path(before);
  ASSERT_EQ(by_pattern.exit_code, by_dir.exit_code) << by_pattern.err;
  EXPECT_EQ(nlohmann::json::parse(by_pattern.out)["structs"].size(), nlohmann::json::parse(by_dir.out)["structs"].size());
}

}  // namespace
}  // namespace heapdoc
