// Reading inputs as byte streams: files (plain or gzip, detected by magic) with hard size caps,
// so that a zip bomb or a huge file fails cleanly instead of exhausting memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace heapdoc {

struct InputLimits {
  uint64_t max_inflated_bytes = 1ull << 30;  // 1 GiB: profiles are far smaller; dumps are streamed
  uint64_t max_file_bytes = 1ull << 30;      // for inputs read whole (profiles, JSON, text)
};

// A forward-only stream of bytes. Read returns 0 only at the end; it throws Error on bad data
// (corrupt gzip, cap exceeded), with the source's name in the message.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  virtual size_t Read(char* buffer, size_t capacity) = 0;
  virtual const std::string& source() const = 0;
  virtual bool gzipped() const = 0;
};

// Opens a file; gzip (one or more members) is inflated transparently. `max_inflated_bytes`
// caps what a gzip stream may inflate to.
std::unique_ptr<ByteStream> OpenFileStream(const std::string& path, const InputLimits& limits);

// Wraps bytes already in memory (e.g. an HTTP body); `source` names them in errors.
std::unique_ptr<ByteStream> OpenMemoryStream(std::string bytes, std::string source,
                                             const InputLimits& limits);
// The same without a copy: `bytes` must outlive the stream.
std::unique_ptr<ByteStream> OpenMemoryViewStream(std::string_view bytes, std::string source,
                                                 const InputLimits& limits);

// Opens the same input afresh on each call, for readers that read it more than once.
using ByteStreamOpener = std::function<std::unique_ptr<ByteStream>()>;

struct InputBytes {
  std::string bytes;  // inflated content
  bool gzipped = false;
};

// Reads a whole stream (bounded by `max_bytes`), after `prefix` (bytes already read from it).
// `size_hint` (e.g. InflatedSizeHint) sizes the buffer once; a wrong hint only costs regrowth.
InputBytes ReadAll(ByteStream& stream, uint64_t max_bytes, uint64_t size_hint = 0, std::string_view prefix = {});

// What a file will read as: a gzip file's ISIZE trailer, else its size; 0 when unknown.
uint64_t InflatedSizeHint(const std::string& path);
InputBytes ReadInputFile(const std::string& path, const InputLimits& limits);

bool LooksGzipped(std::string_view head);

// A regular file can be reopened and seeked; a pipe, FIFO or terminal cannot.
bool IsRegularFile(const std::string& path);

}  // namespace heapdoc
