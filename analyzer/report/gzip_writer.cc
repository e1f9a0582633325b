// zlib's deflate with a gzip header, fed in chunks so that inputs over 4 GiB (zlib's uInt) work.
#include "analyzer/report/gzip_writer.h"

#include <algorithm>

#include <zlib.h>

#include "heapmodel/error.h"

namespace heapdoc {

std::string GzipCompress(std::string_view bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw Error("gzip: zlib could not start (out of memory?)");
  constexpr size_t kChunk = 1 << 20;
  std::string out;
  char buffer[1 << 16];
  size_t offset = 0;
  int rc = Z_OK;
  do {
    size_t take = std::min(kChunk, bytes.size() - offset);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + offset));
    zs.avail_in = static_cast<uInt>(take);
    offset += take;
    int flush = offset == bytes.size() ? Z_FINISH : Z_NO_FLUSH;
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buffer);
      zs.avail_out = sizeof buffer;
      rc = deflate(&zs, flush);
      if (rc == Z_STREAM_ERROR) {
        deflateEnd(&zs);
        throw Error("gzip: zlib failed to compress");
      }
      out.append(buffer, sizeof buffer - zs.avail_out);
    } while (zs.avail_out == 0);
  } while (rc != Z_STREAM_END);
  deflateEnd(&zs);
  return out;
}

}  // namespace heapdoc
