// Fuzzes the sniffing front door (gzip, pprof, text profile, refusals) and the pipeline.
#include "analyzer/readers/input_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace heapdoc;
  return fuzz::Guard([&] {
    InputLimits limits{.max_inflated_bytes = 64ull << 20, .max_file_bytes = 64ull << 20};
    fuzz::RunPipeline(ReadHeapInputBytes(std::string(fuzz::AsView(data, size)), "fuzz.input", limits));
  });
}
