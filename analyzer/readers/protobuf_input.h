// A ByteStream (file or memory, gzip inflated on the way, with heapdoc's caps) as protobuf's
// ZeroCopyInputStream, so that CodedInputStream can decode a message as it inflates instead of
// from a buffer holding all of it.
#pragma once

#include <google/protobuf/io/zero_copy_stream.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "analyzer/readers/byte_stream.h"
#include "heapmodel/error.h"

namespace heapdoc {

class ProtobufInput : public google::protobuf::io::ZeroCopyInputStream {
 public:
  // `max_bytes`: a stream longer than this ends early and ThrowIfFailed() says so.
  ProtobufInput(std::unique_ptr<ByteStream> stream, uint64_t max_bytes);

  bool Next(const void** data, int* size) override;
  void BackUp(int count) override;
  bool Skip(int count) override;
  int64_t ByteCount() const override { return position_; }

  // Throws why the stream ended early (corrupt or truncated gzip, a cap), if it did.
  // CodedInputStream cannot carry an exception through, so a failing Read ends the stream and is
  // kept; the reader reports it in place of whatever the early end looked like to it.
  void ThrowIfFailed() const {
    if (error_) throw *error_;
  }

 private:
  std::unique_ptr<ByteStream> stream_;
  uint64_t max_bytes_;
  std::vector<char> buffer_;
  int buffered_ = 0;     // bytes in buffer_
  int handed_out_ = 0;   // of which handed out by Next (minus BackUp)
  int64_t position_ = 0;
  std::optional<Error> error_;
};

}  // namespace heapdoc
