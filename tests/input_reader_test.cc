// Input kinds and how they are read: pprof profiles decoded as they inflate from a reopened file,
// from bytes in memory, or whole from a pipe (which cannot be read twice) — the same snapshot.
#include "analyzer/readers/input_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <thread>

#include "heapmodel/error.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using testing::TestdataPath;

void ExpectSameSites(const HeapSnapshot& a, const HeapSnapshot& b) {
  EXPECT_EQ(a.profile.gzipped, b.profile.gzipped);
  EXPECT_EQ(a.profile.sample_rate_bytes, b.profile.sample_rate_bytes);
  EXPECT_EQ(a.frames.size(), b.frames.size());
  ASSERT_EQ(a.site_samples.size(), b.site_samples.size());
  for (size_t i = 0; i < a.site_samples.size(); ++i) {
    EXPECT_EQ(a.site_samples[i].counts, b.site_samples[i].counts);
    EXPECT_EQ(a.site_samples[i].records, b.site_samples[i].records);
    EXPECT_EQ(a.site_samples[i].heaviest_stack, b.site_samples[i].heaviest_stack);
  }
}

TEST(InputReader, FileMemoryAndPipeGiveTheSameSnapshot) {
  std::string path = TestdataPath("scattered/heap.pb.gz");
  HeapSnapshot from_file = ReadHeapInputFile(path);
  ASSERT_FALSE(from_file.site_samples.empty());
  EXPECT_TRUE(from_file.profile.gzipped);
  ExpectSameSites(ReadHeapInputBytes(testing::ReadFileBytes(path), "memory"), from_file);

  std::string fifo = testing::TempPath("heap.fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { testing::WriteFileBytes(fifo, testing::ReadFileBytes(path)); });
  HeapSnapshot from_pipe = ReadHeapInputFile(fifo);
  writer.join();
  ExpectSameSites(from_pipe, from_file);
}

TEST(InputReader, TruncatedGzipMidMessageIsTheGzipProblem) {
  // Decoded as it inflates, the message ends early where the gzip does; the user hears about
  // the gzip, not about a malformed message.
  std::string gz = testing::ReadFileBytes(TestdataPath("large/heap.pb.gz"));
  std::string path = testing::TempPath("cut.pb.gz");
  testing::WriteFileBytes(path, gz.substr(0, gz.size() * 3 / 4));
  try {
    ReadHeapInputFile(path);
    FAIL() << "accepted a truncated file";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), path + ": truncated gzip stream (the file ends inside compressed data)");
  }
}

}  // namespace
}  // namespace heapdoc
