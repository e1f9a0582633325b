#include "analyzer/readers/protobuf_input.h"

#include <algorithm>
#include <climits>

#include <fmt/format.h>

namespace heapdoc {
namespace {

constexpr int kBufferBytes = 64 * 1024;

}  // namespace

ProtobufInput::ProtobufInput(std::unique_ptr<ByteStream> stream, uint64_t max_bytes)
    : stream_(std::move(stream)), max_bytes_(std::min<uint64_t>(max_bytes, INT_MAX)), buffer_(kBufferBytes) {}

bool ProtobufInput::Next(const void** data, int* size) {
  if (handed_out_ == buffered_) {
    if (error_) return false;
    try {
      buffered_ = static_cast<int>(stream_->Read(buffer_.data(), buffer_.size()));
    } catch (const Error& e) {
      error_ = e;
      buffered_ = 0;
    }
    handed_out_ = 0;
    if (buffered_ == 0) return false;
    if (static_cast<uint64_t>(position_) + static_cast<uint64_t>(buffered_) > max_bytes_) {
      error_ = InputError(stream_->source(), fmt::format("profile is larger than the {} MiB limit", max_bytes_ >> 20));
      buffered_ = 0;
      return false;
    }
  }
  *data = buffer_.data() + handed_out_;
  *size = buffered_ - handed_out_;
  position_ += *size;
  handed_out_ = buffered_;
  return true;
}

void ProtobufInput::BackUp(int count) {
  handed_out_ -= count;
  position_ -= count;
}

bool ProtobufInput::Skip(int count) {
  const void* data;
  int size;
  while (count > 0) {
    if (!Next(&data, &size)) return false;
    if (size > count) {
      BackUp(size - count);
      return true;
    }
    count -= size;
  }
  return true;
}

}  // namespace heapdoc
