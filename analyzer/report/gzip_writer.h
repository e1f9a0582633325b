// Gzip (RFC 1952) of bytes in memory, for the binary outputs (a pprof profile is gzipped protobuf).
#pragma once

#include <string>
#include <string_view>

namespace heapdoc {

// One gzip member holding `bytes`; throws heapdoc::Error if zlib fails (out of memory).
std::string GzipCompress(std::string_view bytes);

}  // namespace heapdoc
