// File and memory byte streams, with transparent, capped gzip inflation (zlib).
#include "analyzer/readers/byte_stream.h"

#include <sys/stat.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "heapmodel/error.h"

namespace heapdoc {
namespace {

constexpr size_t kChunkBytes = 256 * 1024;

// Where compressed (or plain) bytes come from.
class RawSource {
 public:
  virtual ~RawSource() = default;
  virtual size_t Read(char* buffer, size_t capacity) = 0;
};

// heapdoc reads regular files and the pipes and FIFOs it is given; a device (/dev/zero,
// /dev/urandom) never ends, and a directory is no input: refused before they are opened.
void RefuseUnreadableKind(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;  // fopen says why
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
    throw InputError(path, "a device file, not a profile (heapdoc reads regular files, pipes and http(s) URLs)");
  if (S_ISDIR(st.st_mode)) throw InputError(path, "a directory, not a file");
  if (S_ISSOCK(st.st_mode)) throw InputError(path, "a socket, not a file");
}

class FileSource : public RawSource {
 public:
  FileSource(const std::string& path) : path_(path) {
    RefuseUnreadableKind(path);
    file_ = std::fopen(path.c_str(), "rb");
    if (!file_) throw InputError(path, std::strerror(errno));
  }
  ~FileSource() override {
    if (file_) std::fclose(file_);
  }
  size_t Read(char* buffer, size_t capacity) override {
    size_t n = std::fread(buffer, 1, capacity, file_);
    if (n == 0 && std::ferror(file_)) throw InputError(path_, "read error");
    return n;
  }

 private:
  std::string path_;
  FILE* file_ = nullptr;
};

class MemorySource : public RawSource {
 public:
  explicit MemorySource(std::string bytes) : owned_(std::move(bytes)), bytes_(owned_) {}
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  size_t Read(char* buffer, size_t capacity) override {
    size_t n = std::min(capacity, bytes_.size() - offset_);
    if (n) std::memcpy(buffer, bytes_.data() + offset_, n);
    offset_ += n;
    return n;
  }

 private:
  std::string owned_;
  std::string_view bytes_;  // owned_, or bytes the caller keeps alive
  size_t offset_ = 0;
};

// Streams a RawSource through, inflating gzip members when the first bytes are the gzip magic.
class DecodingStream : public ByteStream {
 public:
  DecodingStream(std::unique_ptr<RawSource> raw, std::string source, const InputLimits& limits)
      : raw_(std::move(raw)), source_(std::move(source)), limits_(limits), input_(kChunkBytes) {
    Refill();
    gzipped_ = LooksGzipped(std::string_view(input_.data() + in_pos_, in_len_ - in_pos_));
    if (gzipped_) {
      std::memset(&zs_, 0, sizeof zs_);
      // 16 + MAX_WBITS: gzip wrapper only.
      if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) throw InputError(source_, "cannot start zlib");
      zlib_open_ = true;
    }
  }
  ~DecodingStream() override {
    if (zlib_open_) inflateEnd(&zs_);
  }

  const std::string& source() const override { return source_; }
  bool gzipped() const override { return gzipped_; }

  size_t Read(char* buffer, size_t capacity) override {
    if (!gzipped_) {
      size_t n = 0;
      if (in_pos_ < in_len_) {
        n = std::min(capacity, in_len_ - in_pos_);
        std::memcpy(buffer, input_.data() + in_pos_, n);
        in_pos_ += n;
      } else {
        n = raw_->Read(buffer, capacity);
      }
      return n;
    }
    return Inflate(buffer, capacity);
  }

 private:
  void Refill() {
    in_pos_ = 0;
    in_len_ = raw_->Read(input_.data(), input_.size());
    compressed_total_ += in_len_;
  }

  size_t Inflate(char* buffer, size_t capacity) {
    if (finished_) return 0;
    zs_.next_out = reinterpret_cast<Bytef*>(buffer);
    zs_.avail_out = static_cast<uInt>(std::min<size_t>(capacity, 1u << 30));
    while (zs_.avail_out > 0) {
      if (in_pos_ == in_len_) {
        Refill();
        if (in_len_ == 0) {
          if (member_started_)
            throw InputError(source_, "truncated gzip stream (the file ends inside compressed data)");
          finished_ = true;
          break;
        }
      }
      zs_.next_in = reinterpret_cast<Bytef*>(input_.data() + in_pos_);
      zs_.avail_in = static_cast<uInt>(in_len_ - in_pos_);
      member_started_ = true;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      in_pos_ = in_len_ - zs_.avail_in;
      if (rc == Z_STREAM_END) {
        member_started_ = false;
        // Another gzip member may follow (concatenated gzip); anything else is trailing junk.
        if (!NextMemberFollows()) {
          finished_ = true;
          break;
        }
        inflateReset(&zs_);
        continue;
      }
      if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT)
        throw InputError(source_, fmt::format("corrupt gzip data ({})", zs_.msg ? zs_.msg : "bad data"));
      if (rc == Z_MEM_ERROR) throw InputError(source_, "out of memory inflating gzip");
      if (rc == Z_BUF_ERROR && zs_.avail_in > 0) break;
    }
    size_t produced = capacity - zs_.avail_out;
    inflated_total_ += produced;
    if (inflated_total_ > limits_.max_inflated_bytes)
      throw InputError(source_, fmt::format("gzip data inflates past the {} MiB limit (a zip bomb?)",
                                            limits_.max_inflated_bytes >> 20));
    return produced;
  }

  bool NextMemberFollows() {
    if (in_pos_ == in_len_) Refill();
    if (in_len_ == 0) return false;
    std::string_view rest(input_.data() + in_pos_, in_len_ - in_pos_);
    if (LooksGzipped(rest)) return true;
    // gzip(1) warns and pprof refuses: a damaged or wrongly concatenated file.
    throw InputError(source_, "the gzip stream is followed by bytes that are not gzip (file damaged or "
                              "truncated in transit?)");
  }

  std::unique_ptr<RawSource> raw_;
  std::string source_;
  InputLimits limits_;
  std::vector<char> input_;
  size_t in_pos_ = 0, in_len_ = 0;
  uint64_t compressed_total_ = 0, inflated_total_ = 0;
  bool gzipped_ = false, zlib_open_ = false, finished_ = false, member_started_ = false;
  z_stream zs_{};
};

}  // namespace

bool LooksGzipped(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

std::unique_ptr<ByteStream> OpenFileStream(const std::string& path, const InputLimits& limits) {
  return std::make_unique<DecodingStream>(std::make_unique<FileSource>(path), path, limits);
}

std::unique_ptr<ByteStream> OpenMemoryStream(std::string bytes, std::string source,
                                             const InputLimits& limits) {
  return std::make_unique<DecodingStream>(std::make_unique<MemorySource>(std::move(bytes)),
                                          std::move(source), limits);
}

std::unique_ptr<ByteStream> OpenMemoryViewStream(std::string_view bytes, std::string source,
                                                 const InputLimits& limits) {
  return std::make_unique<DecodingStream>(std::make_unique<MemorySource>(bytes), std::move(source), limits);
}

InputBytes ReadAll(ByteStream& stream, uint64_t max_bytes, uint64_t size_hint, std::string_view prefix) {
  InputBytes out;
  out.gzipped = stream.gzipped();
  size_t used = prefix.size();
  // One allocation when the size is known (a gzip trailer's ISIZE, a file's size); +1 so that the
  // end is seen without growing.
  uint64_t initial = std::clamp<uint64_t>(size_hint + 1, 1 << 20, std::max<uint64_t>(max_bytes + 1, 1 << 20));
  out.bytes.resize(std::max<size_t>(static_cast<size_t>(initial), used));
  if (!prefix.empty()) std::memcpy(out.bytes.data(), prefix.data(), prefix.size());  // an empty view's data() may be null
  for (;;) {
    if (used == out.bytes.size()) out.bytes.resize(out.bytes.size() * 2);
    size_t n = stream.Read(out.bytes.data() + used, out.bytes.size() - used);
    if (n == 0) break;
    used += n;
    if (used > max_bytes)
      throw InputError(stream.source(), fmt::format("input is larger than the {} MiB limit", max_bytes >> 20));
  }
  out.bytes.resize(used);
  return out;
}

bool IsRegularFile(const std::string& path) {
  std::error_code ignored;
  return std::filesystem::is_regular_file(path, ignored);
}

uint64_t InflatedSizeHint(const std::string& path) {
  if (!IsRegularFile(path)) return 0;  // reopening a pipe would block or lose bytes
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  unsigned char head[2] = {0, 0}, tail[4] = {0, 0, 0, 0};
  uint64_t hint = 0;
  if (std::fread(head, 1, 2, f) == 2 && std::fseek(f, 0, SEEK_END) == 0) {
    long size = std::ftell(f);
    if (head[0] == 0x1f && head[1] == 0x8b) {
      // ISIZE: the last member's inflated size mod 2^32, little-endian.
      if (size >= 18 && std::fseek(f, -4, SEEK_END) == 0 && std::fread(tail, 1, 4, f) == 4)
        hint = uint64_t{tail[0]} | uint64_t{tail[1]} << 8 | uint64_t{tail[2]} << 16 | uint64_t{tail[3]} << 24;
      // The trailer is not checked until the end: a damaged or crafted one must not make a small
      // file allocate a GiB up front. Deflate inflates at most 1032:1.
      hint = std::min<uint64_t>(hint, static_cast<uint64_t>(size) * 1032);
    } else if (size > 0) {
      hint = static_cast<uint64_t>(size);
    }
  }
  std::fclose(f);
  return hint;
}

InputBytes ReadInputFile(const std::string& path, const InputLimits& limits) {
  auto stream = OpenFileStream(path, limits);
  return ReadAll(*stream, limits.max_inflated_bytes, InflatedSizeHint(path));
}

}  // namespace heapdoc
