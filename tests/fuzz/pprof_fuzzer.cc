// Fuzzes the pprof protobuf reader (inflated bytes) and the pipeline on what it accepts.
#include "analyzer/readers/pprof_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace heapdoc;
  return fuzz::Guard([&] {
    fuzz::RunPipeline(ParsePprofHeapProfile(fuzz::AsView(data, size), "fuzz.pb"));
  });
}
