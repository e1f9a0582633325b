// Broken and hostile inputs: each gets one line on stderr naming the file and the problem, exit
// code 2, and never a crash, a hang or a huge allocation.
#include <gtest/gtest.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include "profile.pb.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::Gzip;
using testing::RunHeapdoc;
using testing::TempPath;
using testing::WriteFileBytes;

namespace pb = perftools::profiles;

// A small valid Go heap profile, to be broken in specific ways.
pb::Profile ValidProfile() {
  pb::Profile p;
  for (const char* s : {"", "alloc_objects", "count", "alloc_space", "bytes", "inuse_objects", "inuse_space",
                        "space", "main.alloc", "/src/main.go"})
    p.add_string_table(s);
  auto add_type = [&](int type, int unit) {
    auto* vt = p.add_sample_type();
    vt->set_type(type);
    vt->set_unit(unit);
  };
  add_type(1, 2);
  add_type(3, 4);
  add_type(5, 2);
  add_type(6, 4);
  p.mutable_period_type()->set_type(7);
  p.mutable_period_type()->set_unit(4);
  p.set_period(524288);
  auto* f = p.add_function();
  f->set_id(1);
  f->set_name(8);
  f->set_filename(9);
  auto* loc = p.add_location();
  loc->set_id(1);
  auto* line = loc->add_line();
  line->set_function_id(1);
  line->set_line(10);
  auto* s = p.add_sample();
  s->add_location_id(1);
  for (int v : {10, 480, 5, 240}) s->add_value(v);
  auto* label = s->add_label();
  label->set_key(4);  // "bytes"
  label->set_num(48);
  return p;
}

struct Outcome {
  int exit_code;
  std::string err;
};

Outcome Analyze(const std::string& name, const std::string& bytes) {
  std::string path = TempPath(name);
  WriteFileBytes(path, bytes);
  auto r = RunHeapdoc({"analyze", path});
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line expected: " << r.err;
  EXPECT_NE(r.err.find(path), std::string::npos) << "the message names the file: " << r.err;
  return {r.exit_code, r.err};
}

void ExpectRefused(const std::string& name, const std::string& bytes, const std::string& problem) {
  SCOPED_TRACE(name);
  Outcome o = Analyze(name, bytes);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(problem), std::string::npos) << o.err;
}

TEST(BadInput, ValidProfileIsAccepted) {
  std::string path = TempPath("ok.pb.gz");
  WriteFileBytes(path, Gzip(ValidProfile().SerializeAsString()));
  auto r = RunHeapdoc({"analyze", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("main.alloc"), std::string::npos);
}

TEST(BadInput, EmptyFile) { ExpectRefused("empty.pb.gz", "", "empty file"); }

TEST(BadInput, TruncatedGzip) {
  std::string gz = Gzip(ValidProfile().SerializeAsString());
  ExpectRefused("truncated.pb.gz", gz.substr(0, gz.size() / 2), "truncated gzip");
}

TEST(BadInput, GzipOfGarbage) {
  std::string garbage;
  for (int i = 0; i < 5000; ++i) garbage += static_cast<char>((i * 7919) % 251);
  ExpectRefused("garbage.pb.gz", Gzip(garbage), "not a pprof protobuf profile");
}

TEST(BadInput, BinaryGarbage) {
  std::string garbage;
  for (int i = 0; i < 5000; ++i) garbage += static_cast<char>((i * 7919) % 251);
  ExpectRefused("garbage.bin", garbage, "not a pprof profile");
}

TEST(BadInput, TextFile) { ExpectRefused("notes.txt", "hello\nthis is not a profile\n", "a text file, not a heap profile"); }

TEST(BadInput, JsonFile) { ExpectRefused("memstats.json", "{\"HeapAlloc\": 1}", "a JSON document"); }

TEST(BadInput, ZipBomb) {
  // 2 GiB of zeros: refused at the first byte (tag 0 is no protobuf), long before the inflation
  // cap; built from 64 MiB members to keep the test's own memory small.
  std::string zeros(64u << 20, '\0');
  std::string member = Gzip(zeros);
  std::string bomb;
  for (int i = 0; i < 32; ++i) bomb += member;
  ExpectRefused("bomb.pb.gz", bomb, "gzip data is not a pprof protobuf profile");
  // A well-formed message of 2 GiB: a profile followed by 64 MiB unknown fields. Decoding it as it
  // inflates stops at the 512 MiB message cap.
  std::string field = ValidProfile().SerializeAsString();
  google::protobuf::io::StringOutputStream out(&field);
  {
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.WriteTag(google::protobuf::internal::WireFormatLite::MakeTag(
        100, google::protobuf::internal::WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
    coded.WriteVarint32(static_cast<uint32_t>(zeros.size()));
  }
  std::string padded_member = Gzip(field + zeros);
  std::string padded_bomb;
  for (int i = 0; i < 32; ++i) padded_bomb += padded_member;
  ExpectRefused("padded-bomb.pb.gz", padded_bomb, "larger than the 512 MiB limit");
}

TEST(BadInput, StringIndexOutOfRange) {
  auto p = ValidProfile();
  p.mutable_function(0)->set_name(999);
  ExpectRefused("badstring.pb.gz", Gzip(p.SerializeAsString()), "refers to string 999");
}

TEST(BadInput, NegativeStringIndex) {
  auto p = ValidProfile();
  p.mutable_sample_type(0)->set_type(-5);
  ExpectRefused("negstring.pb.gz", Gzip(p.SerializeAsString()), "refers to string -5");
}

TEST(BadInput, DanglingLocationId) {
  auto p = ValidProfile();
  p.mutable_sample(0)->add_location_id(0xffffffffffffull);
  ExpectRefused("dangling.pb.gz", Gzip(p.SerializeAsString()), "which does not exist");
}

TEST(BadInput, DanglingFunctionId) {
  auto p = ValidProfile();
  p.mutable_location(0)->mutable_line(0)->set_function_id(77);
  ExpectRefused("danglingfn.pb.gz", Gzip(p.SerializeAsString()), "refers to function 77");
}

TEST(BadInput, DuplicateLocationId) {
  auto p = ValidProfile();
  *p.add_location() = p.location(0);
  ExpectRefused("dup.pb.gz", Gzip(p.SerializeAsString()), "duplicate location id 1");
}

TEST(BadInput, AbsurdIdsAreFineWhenConsistent) {
  auto p = ValidProfile();
  p.mutable_location(0)->set_id(0xfffffffffffffff0ull);
  p.mutable_sample(0)->set_location_id(0, 0xfffffffffffffff0ull);
  p.mutable_function(0)->set_id(1ull << 62);
  p.mutable_location(0)->mutable_line(0)->set_function_id(1ull << 62);
  std::string path = TempPath("absurd.pb.gz");
  WriteFileBytes(path, Gzip(p.SerializeAsString()));
  auto r = RunHeapdoc({"analyze", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(BadInput, WrongValueCount) {
  auto p = ValidProfile();
  p.mutable_sample(0)->add_value(1);
  ExpectRefused("values.pb.gz", Gzip(p.SerializeAsString()), "has 5 values but the profile has 4 sample types");
}

TEST(BadInput, CpuProfileIsNamed) {
  pb::Profile p;
  for (const char* s : {"", "samples", "count", "cpu", "nanoseconds"}) p.add_string_table(s);
  auto* a = p.add_sample_type();
  a->set_type(1);
  a->set_unit(2);
  auto* b = p.add_sample_type();
  b->set_type(3);
  b->set_unit(4);
  ExpectRefused("cpu.pb.gz", Gzip(p.SerializeAsString()), "(a CPU profile)");
}

TEST(BadInput, MissingFile) {
  auto r = RunHeapdoc({"analyze", "/nonexistent/heap.pb.gz"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "heapdoc: /nonexistent/heap.pb.gz: No such file or directory\n");
}

TEST(BadInput, UsageErrorExitsTwo) {
  auto r = RunHeapdoc({"analyze"});
  EXPECT_EQ(r.exit_code, 2);
  r = RunHeapdoc({"analyze", "x", "--format", "yaml"});
  EXPECT_EQ(r.exit_code, 2);
}


// Issue 13: wrong figures and unclear messages.

TEST(BadInputFigures, NegativePeriodIsRefused) {
  pb::Profile p = ValidProfile();
  p.set_period(-1);
  ExpectRefused("negperiod.pb.gz", Gzip(p.SerializeAsString()), "invalid sampling period -1");
}

TEST(BadInputFigures, AbsurdCountsAreRefused) {
  pb::Profile p = ValidProfile();
  auto* s = p.mutable_sample(0);
  for (int i = 0; i < 4; ++i) s->set_value(i, INT64_MAX);
  ExpectRefused("int64max.pb.gz", Gzip(p.SerializeAsString()), "more than any Go heap holds");
  // Many samples each below the limit add up past it.
  pb::Profile many = ValidProfile();
  for (int i = 0; i < 300; ++i) {
    auto* extra = many.add_sample();
    *extra = many.sample(0);
    for (int v = 0; v < 4; ++v) extra->set_value(v, int64_t{1} << 50);
  }
  ExpectRefused("manylarge.pb.gz", Gzip(many.SerializeAsString()), "add up to more than 2^56");
  ExpectRefused("int64max.txt",
                "heap profile: 1: 9223372036854775807 [1: 9223372036854775807] @ heap/1048576\n"
                "9223372036854775807: 9223372036854775807 [9223372036854775807: 9223372036854775807] @ 0x1\n",
                "more than any Go heap holds");
}

TEST(BadInputFigures, TooManyStringsAreRefusedNamingTheLimit) {
  // 4,194,305 one-byte strings (12 MB of message, 40 KB gzipped): past the string-table limit.
  std::string message = std::string("\x32\x00", 2);
  message.reserve(3 * (4194305 + 1));
  for (int i = 0; i < 4194305; ++i) message += std::string("\x32\x01" "a", 3);
  ExpectRefused("strings.pb.gz", Gzip(message), "more than 4194304 strings");
}

TEST(BadInputMessages, GzipInsideGzipSaysSo) {
  ExpectRefused("twice.pb.gz", Gzip(Gzip(ValidProfile().SerializeAsString())), "gzip inside gzip");
}

TEST(BadInputMessages, DeviceFilesAreRefusedAtOnce) {
  for (const char* device : {"/dev/zero", "/dev/urandom"}) {
    auto r = RunHeapdoc({"analyze", device});
    EXPECT_EQ(r.exit_code, 2) << device;
    EXPECT_EQ(r.err, std::string("heapdoc: ") + device +
                         ": a device file, not a profile (heapdoc reads regular files, pipes and http(s) URLs)\n");
  }
  std::string profile = TempPath("ok.pb.gz");
  WriteFileBytes(profile, Gzip(ValidProfile().SerializeAsString()));
  for (const char* flag : {"--memstats", "--dump"}) {
    auto r = RunHeapdoc({"analyze", profile, flag, "/dev/zero"});
    EXPECT_EQ(r.exit_code, 2) << flag;
    EXPECT_NE(r.err.find("heapdoc: /dev/zero: a device file"), std::string::npos) << flag << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(BadInputMessages, UnsupportedUrlSchemes) {
  auto ftp = RunHeapdoc({"analyze", "ftp://example.com/heap.pb.gz"});
  EXPECT_EQ(ftp.exit_code, 2);
  EXPECT_EQ(ftp.err, "heapdoc: ftp://example.com/heap.pb.gz: unsupported URL scheme ftp (heapdoc reads http and https)\n");
  auto file = RunHeapdoc({"analyze", "file:///tmp/heap.pb.gz"});
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_NE(file.err.find("unsupported URL scheme file"), std::string::npos) << file.err;
}

}  // namespace
}  // namespace heapdoc
