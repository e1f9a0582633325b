// Fuzzes the MemStats reader in every form (JSON, expvar, ?debug=1 trailer, Prometheus), the
// Prometheus text parser on its own, and the diagnosis on what is accepted.
#include "analyzer/readers/memstats_reader.h"
#include "analyzer/readers/prometheus_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace heapdoc;
  std::string_view bytes = fuzz::AsView(data, size);
  fuzz::Guard([&] {
    MemStats memstats = ParseMemStats(bytes, "fuzz.json");
    HeapSnapshot snap;
    snap.source = "fuzz.json";
    AttachMemStats(snap, std::move(memstats));
    fuzz::RunPipeline(std::move(snap));
  });
  fuzz::Guard([&] {
    PromExposition exposition = ParsePrometheusText(bytes, "fuzz.prom");
    for (const PromSample& sample : exposition.samples) FormatPromLabels(sample);
  });
  fuzz::Guard([&] { ParseTextProfileTrailer(bytes, "fuzz.txt"); });
  return 0;
}
