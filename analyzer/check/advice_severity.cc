#include "analyzer/check/advice_severity.h"

namespace heapdoc {

AdviceSeverity SeverityOf(const Advice& advice, const AnalysisReport& report) {
  if (advice.saving_bytes == 0) return AdviceSeverity::kNotice;
  if (advice.saving_bytes >= kWarningBytes) return AdviceSeverity::kWarning;
  uint64_t heap_inuse = report.snapshot.memstats ? report.snapshot.memstats->heap_inuse : 0;
  if (heap_inuse == 0) heap_inuse = report.model.span_bytes;
  if (heap_inuse == 0) return AdviceSeverity::kNotice;
  double share = static_cast<double>(advice.saving_bytes) / static_cast<double>(heap_inuse);
  return share >= kWarningShareOfHeapInuse ? AdviceSeverity::kWarning : AdviceSeverity::kNotice;
}

}  // namespace heapdoc
