// Fuzzes the streaming heap dump reader (plain or gzip, through a memory stream) and the pipeline.
#include "analyzer/readers/heap_dump_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace heapdoc;
  std::string bytes(fuzz::AsView(data, size));
  LooksLikeHeapDump(bytes);
  return fuzz::Guard([&] {
    HeapDumpReadOptions options;
    // The reader streams; a gzip bomb only costs time, so keep the fuzzer's inputs quick.
    options.limits.max_inflated_bytes = 64ull << 20;
    auto stream = OpenMemoryStream(std::move(bytes), "fuzz.dump", options.limits);
    fuzz::RunPipeline(ReadHeapDump(*stream, options));
  });
}
