#include "heapmodel/sampling.h"

#include <algorithm>
#include <cmath>

namespace heapdoc {

double SamplesBehind(double scaled_objects, uint64_t slot_bytes, int64_t rate) {
  if (rate <= 1 || slot_bytes == 0) return scaled_objects;
  double p = 1 - std::exp(-static_cast<double>(slot_bytes) / static_cast<double>(rate));
  return scaled_objects * p;
}

void PoissonInterval95(double k, double& low, double& high) {
  const double z = 1.959964;
  if (k <= 0) {
    low = 0;
    high = 3.689;  // -ln(0.025)
    return;
  }
  low = k * std::pow(1 - 1 / (9 * k) - z / (3 * std::sqrt(k)), 3);
  double k1 = k + 1;
  high = k1 * std::pow(1 - 1 / (9 * k1) + z / (3 * std::sqrt(k1)), 3);
  low = std::max(0.0, low);
}

}  // namespace heapdoc
