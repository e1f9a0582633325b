// Sampling arithmetic of Go's heap profiler (runtime/pprof scaleHeapSample): how many samples a
// scaled count rests on, and the interval around it.
#pragma once

#include <cstdint>

namespace heapdoc {

// Number of profile samples behind a scaled object count of slot size `slot_bytes`
// (inverts pprof's scaleHeapSample); the count itself when the rate is <= 1 (exact).
double SamplesBehind(double scaled_objects, uint64_t slot_bytes, int64_t rate);

// 95 % interval for a Poisson count of k events (Byar's approximation).
void PoissonInterval95(double k, double& low, double& high);

}  // namespace heapdoc
