// Fuzzes the legacy text heap profile reader (?debug=1), its MemStats trailer, and the pipeline.
#include "analyzer/readers/memstats_reader.h"
#include "analyzer/readers/text_profile_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace heapdoc;
  std::string_view text = fuzz::AsView(data, size);
  LooksLikeTextHeapProfile(text);
  return fuzz::Guard([&] {
    HeapSnapshot snap = ParseTextHeapProfile(text, "fuzz.txt");
    snap.memstats = ParseTextProfileTrailer(text, "fuzz.txt");
    fuzz::RunPipeline(std::move(snap));
  });
}
