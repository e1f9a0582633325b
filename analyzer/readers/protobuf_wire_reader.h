// The protobuf wire format read field by field with protobuf's CodedInputStream, for readers that
// walk a message as it inflates instead of materialising it (pprof_reader.cc). It accepts exactly
// what the generated parser accepts (5-byte tags and sizes, groups, UTF-8 checked by the caller),
// and reports any malformed input as WireError. protobuf's internal WireFormatLite is used only
// here. Header-only: the hot loop of the pprof reader must inline these calls.
#pragma once

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream.h>
#include <google/protobuf/stubs/common.h>
#include <google/protobuf/wire_format_lite.h>

#include <climits>
#include <cstdint>
#include <string>
#include <string_view>

namespace heapdoc::protowire {

using google::protobuf::io::CodedInputStream;
using WFL = google::protobuf::internal::WireFormatLite;

constexpr int kRecursionLimit = 16;  // as the message parser was configured

// Thrown when the bytes are not a well-formed protobuf message; the reader using WireReader turns
// it into the user-facing error.
struct WireError {};

constexpr int kUnboundedMessage = INT_MAX;  // the top level before its length is known

constexpr int FieldOf(uint32_t tag) { return static_cast<int>(tag >> 3); }
constexpr WFL::WireType WireTypeOf(uint32_t tag) { return static_cast<WFL::WireType>(tag & 7); }

// Reads one message and its sub-messages. Sub-message ends are tracked as positions rather than
// with CodedInputStream::PushLimit (an out-of-line call per field): a field that runs past its
// message's end is caught at the next tag, so a message is accepted exactly when the generated
// parser would accept it. Nesting counts against the same recursion limit.
class WireReader {
 public:
  // `message_bytes`: the top-level message's length, or kUnboundedMessage when it ends where the
  // stream does.
  WireReader(google::protobuf::io::ZeroCopyInputStream* input, int message_bytes)
      : in_(input), end_(message_bytes) {
    in_.SetRecursionLimit(kRecursionLimit);
  }

  // The next tag of the current message, or 0 at its end. Tag 0, field 0 and end-group tags
  // cannot legally appear here.
  uint32_t NextTag() {
    int at = in_.CurrentPosition();
    if (at >= end_) {
      if (at > end_) throw WireError{};  // the last field overran the message
      return 0;
    }
    if (end_ == kUnboundedMessage) {  // only the top level: its end is the stream's
      const void* data;
      int size;
      if (!in_.GetDirectBufferPointer(&data, &size)) return 0;
    }
    uint32_t tag = ReadTag();
    if (WireTypeOf(tag) == WFL::WIRETYPE_END_GROUP) throw WireError{};
    return tag;
  }

  uint64_t ReadVarint() {
    uint64_t v;
    if (!in_.ReadVarint64(&v)) throw WireError{};
    return v;
  }

  // The length of a length-delimited field, which must fit in what is left of its message.
  // (The generated parser reads sizes of at most 5 bytes, as it does tags.)
  int ReadLength() {
    int at = in_.CurrentPosition();
    int length;
    if (!in_.ReadVarintSizeAsInt(&length) || in_.CurrentPosition() - at > kMaxTagOrSizeBytes ||
        length > end_ - in_.CurrentPosition())
      throw WireError{};
    return length;
  }

  // Unknown fields (and known ones with an unexpected wire type, as the generated parser does).
  // Not WireFormatLite::SkipField: it takes tags and sizes of up to 10 bytes inside groups and
  // unknown fields, which the generated parser refuses.
  void SkipField(uint32_t tag) {
    switch (WireTypeOf(tag)) {
      case WFL::WIRETYPE_VARINT: ReadVarint(); return;
      case WFL::WIRETYPE_FIXED64: return Skip(8);
      case WFL::WIRETYPE_FIXED32: return Skip(4);
      case WFL::WIRETYPE_LENGTH_DELIMITED: return Skip(ReadLength());
      case WFL::WIRETYPE_START_GROUP: {
        if (!in_.IncrementRecursionDepth()) throw WireError{};
        for (;;) {
          if (in_.CurrentPosition() >= end_) throw WireError{};  // no end-group tag in the message
          uint32_t inner = ReadTag();
          if (WireTypeOf(inner) == WFL::WIRETYPE_END_GROUP) {
            if (FieldOf(inner) != FieldOf(tag)) throw WireError{};
            break;
          }
          SkipField(inner);
        }
        in_.DecrementRecursionDepth();
        return;
      }
      default: throw WireError{};  // an end-group tag out of place, or wire types 6 and 7
    }
  }

  // The bytes of a length-delimited field.
  std::string ReadBytes() {
    int length = ReadLength();
    std::string out;
    if (!in_.ReadString(&out, length)) throw WireError{};
    return out;
  }

  // Enters the length-delimited sub-message whose tag was just read; returns the outer end.
  int EnterMessage() {
    int length = ReadLength();
    if (!in_.IncrementRecursionDepth()) throw WireError{};
    int outer_end = end_;
    end_ = in_.CurrentPosition() + length;
    return outer_end;
  }
  // Called once NextTag has found the sub-message's end.
  void LeaveMessage(int outer_end) {
    end_ = outer_end;
    in_.DecrementRecursionDepth();
  }

  // Where the stream is, to bound runs (packed fields) inside the current message.
  int Position() const { return in_.CurrentPosition(); }

 private:
  static constexpr int kMaxTagOrSizeBytes = 5;

  // Any tag but 0 and field 0, of at most 5 bytes like the generated parser's (CodedInputStream
  // alone would take 10 and drop the high bits).
  uint32_t ReadTag() {
    int at = in_.CurrentPosition();
    uint32_t tag = in_.ReadTagNoLastTag();
    if (FieldOf(tag) == 0 || in_.CurrentPosition() - at > kMaxTagOrSizeBytes) throw WireError{};
    return tag;
  }

  void Skip(int bytes) {
    if (!in_.Skip(bytes)) throw WireError{};
  }

  CodedInputStream in_;
  int end_;  // of the message being read
};

// A repeated varint field, packed (one length-delimited run) or not (one varint per tag);
// proto3 writers may emit either. Other wire types are unknown fields, as for the generated
// parser.
template <typename Add>
void ReadRepeatedVarint(WireReader& in, uint32_t tag, Add&& add) {
  if (WireTypeOf(tag) == WFL::WIRETYPE_VARINT) {
    add(in.ReadVarint());
  } else if (WireTypeOf(tag) == WFL::WIRETYPE_LENGTH_DELIMITED) {
    int length = in.ReadLength();
    int end = in.Position() + length;
    while (in.Position() < end) add(in.ReadVarint());
    if (in.Position() != end) throw WireError{};  // the last varint ran past the run
  } else {
    in.SkipField(tag);
  }
}

// A singular varint field (last one wins); other wire types are unknown fields.
template <typename T>
void ReadScalar(WireReader& in, uint32_t tag, T& out) {
  if (WireTypeOf(tag) == WFL::WIRETYPE_VARINT) out = static_cast<T>(in.ReadVarint());
  else in.SkipField(tag);
}

// Calls on_field(tag) for every field of the sub-message whose tag was just read, if it is
// length-delimited (else the field is unknown and skipped).
template <typename OnField>
void ReadMessage(WireReader& in, uint32_t tag, OnField&& on_field) {
  if (WireTypeOf(tag) != WFL::WIRETYPE_LENGTH_DELIMITED) return in.SkipField(tag);
  int outer_end = in.EnterMessage();
  while (uint32_t t = in.NextTag()) on_field(t);
  in.LeaveMessage(outer_end);
}

// proto3 `string` fields must be valid UTF-8.
inline bool IsValidUtf8(std::string_view s) {
  return google::protobuf::internal::IsStructurallyValidUTF8(s.data(), static_cast<int>(s.size()));
}

}  // namespace heapdoc::protowire
