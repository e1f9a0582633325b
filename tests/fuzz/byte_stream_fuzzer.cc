// Fuzzes the byte-stream layer: gzip detection, multi-member inflation, the caps, and reads in
// odd chunk sizes (the heap dump reader reads through a buffer, ReadAll through a doubling one).
#include <algorithm>
#include <vector>

#include "analyzer/readers/byte_stream.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace heapdoc;
  std::string bytes(fuzz::AsView(data, size));
  fuzz::Guard([&] {
    // A small cap, so that a compact gzip bomb hits it rather than the fuzzer's malloc limit.
    InputLimits limits{.max_inflated_bytes = 16ull << 20, .max_file_bytes = 16ull << 20};
    auto stream = OpenMemoryStream(bytes, "fuzz.bin", limits);
    InputBytes all = ReadAll(*stream, limits.max_inflated_bytes);
    if (!all.gzipped && all.bytes != bytes) std::abort();  // plain bytes pass through unchanged
  });
  fuzz::Guard([&] {
    auto stream = OpenMemoryStream(bytes, "fuzz.bin", InputLimits{.max_inflated_bytes = 1ull << 20});
    std::vector<char> buffer(4099);
    size_t chunk = 1;
    uint64_t total = 0;
    for (;;) {
      size_t n = stream->Read(buffer.data(), chunk);
      if (n > chunk) std::abort();
      if (n == 0) break;
      total += n;
      chunk = chunk * 3 % buffer.size() + 1;
    }
    if (!stream->gzipped() && total != bytes.size()) std::abort();
  });
  return 0;
}
