#include "analyzer/readers/byte_stream.h"

#include <gtest/gtest.h>

#include "heapmodel/error.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::Gzip;

InputBytes ReadMemory(std::string bytes, InputLimits limits = {}) {
  auto s = OpenMemoryStream(std::move(bytes), "mem.gz", limits);
  return ReadAll(*s, limits.max_inflated_bytes);
}

TEST(ByteStream, PlainBytesPassThrough) {
  auto r = ReadMemory("hello world");
  EXPECT_FALSE(r.gzipped);
  EXPECT_EQ(r.bytes, "hello world");
}

TEST(ByteStream, InflatesGzip) {
  std::string text(3'000'000, 'x');
  for (size_t i = 0; i < text.size(); i += 7) text[i] = static_cast<char>('a' + i % 26);
  auto r = ReadMemory(Gzip(text));
  EXPECT_TRUE(r.gzipped);
  EXPECT_EQ(r.bytes, text);
}

TEST(ByteStream, ConcatenatedMembersAreJoined) {
  auto r = ReadMemory(Gzip("abc") + Gzip("def"));
  EXPECT_EQ(r.bytes, "abcdef");
}

TEST(ByteStream, TrailingJunkAfterValidStreamIsAnError) {
  try {
    ReadMemory(Gzip("abc") + "\n\x01junk");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("followed by bytes that are not gzip"), std::string::npos) << e.what();
  }
}

TEST(ByteStream, TruncatedGzipIsAnError) {
  std::string gz = Gzip(std::string(100000, 'q') + "tail");
  gz.resize(gz.size() / 2);
  try {
    ReadMemory(gz);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("mem.gz: truncated gzip"), std::string::npos) << e.what();
  }
}

TEST(ByteStream, CorruptGzipIsAnError) {
  std::string gz = Gzip(std::string(1000, 'q'));
  for (size_t i = 12; i < gz.size() - 8; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  EXPECT_THROW(ReadMemory(gz), Error);
}

TEST(ByteStream, ZipBombHitsTheCap) {
  std::string gz = Gzip(std::string(64 << 20, '\0'));  // 64 MiB of zeros -> ~64 KiB
  InputLimits limits;
  limits.max_inflated_bytes = 16 << 20;
  try {
    ReadMemory(gz, limits);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("zip bomb"), std::string::npos) << e.what();
  }
}

TEST(ByteStream, MissingFileNamesTheFile) {
  try {
    OpenFileStream("/nonexistent/heap.pb.gz", {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/heap.pb.gz: No such file or directory");
  }
}

}  // namespace
}  // namespace heapdoc
