#include "heapmodel/diagnosis.h"

#include "heapmodel/units.h"

#include <fmt/format.h>

namespace heapdoc {
namespace {

std::string Bytes(uint64_t bytes) { return FormatBytes(static_cast<int64_t>(std::min<uint64_t>(bytes, INT64_MAX))); }

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kHealthy: return "healthy";
    case Verdict::kWatch: return "watch";
    case Verdict::kDangerous: return "dangerous";
    case Verdict::kUnknown: return "unknown";
  }
  return "unknown";
}

Diagnosis Diagnose(const MemStats* ms, const HeapModel& model) {
  Diagnosis d;
  d.external_waste_bytes = model.free_slot_bytes;
  d.internal_waste_bytes = model.internal_waste_bytes;
  d.tail_waste_bytes = model.tail_bytes;
  if (!ms) {
    d.lines.push_back({"fragmentation", "unknown",
                       "needs runtime.MemStats (--memstats FILE: JSON, /debug/vars, Prometheus, or a ?debug=1 profile)"});
    return d;
  }
  d.has_memstats = true;
  d.memstats_form = ms->form;
  d.heap_alloc_bytes = ms->heap_alloc;
  d.heap_inuse_bytes = ms->heap_inuse;
  d.heap_idle_bytes = ms->heap_idle;
  d.heap_released_bytes = ms->heap_released;
  d.heap_sys_bytes = ms->heap_sys;
  d.num_gc = ms->num_gc;
  d.gc_cpu_fraction = ms->gc_cpu_fraction;
  if (ms->heap_inuse > 0) {
    d.fragmentation_ratio = static_cast<double>(ms->heap_inuse - std::min(ms->heap_alloc, ms->heap_inuse)) /
                            static_cast<double>(ms->heap_inuse);
    d.verdict = d.fragmentation_ratio < 0.20 ? Verdict::kHealthy : d.fragmentation_ratio <= 0.50 ? Verdict::kWatch : Verdict::kDangerous;
  }
  d.os_held_bytes = ms->heap_sys > ms->heap_released ? ms->heap_sys - ms->heap_released : 0;
  d.os_held_per_alloc = ms->heap_alloc ? static_cast<double>(d.os_held_bytes) / static_cast<double>(ms->heap_alloc) : 0;
  d.gomemlimit_thrash_risk = d.verdict == Verdict::kDangerous || d.os_held_per_alloc > 2.0;

  d.lines.push_back({"HeapAlloc", Bytes(ms->heap_alloc), "bytes in allocated objects (slot sizes), live or not yet collected"});
  d.lines.push_back({"HeapInuse", Bytes(ms->heap_inuse), "bytes in spans that hold at least one object; a span returns only when all its slots are free"});
  d.lines.push_back({"fragmentation", fmt::format("{:.1f} % ({})", d.fragmentation_ratio * 100, VerdictName(d.verdict)),
                     "(HeapInuse - HeapAlloc) / HeapInuse: span bytes no object uses; < 20 % healthy, 20-50 % watch, > 50 % dangerous"});
  d.lines.push_back({"HeapIdle", Bytes(ms->heap_idle), "bytes in empty spans, kept for reuse or released"});
  d.lines.push_back({"HeapReleased", Bytes(ms->heap_released), "idle bytes already returned to the OS"});
  d.lines.push_back({"OS holds", fmt::format("{} = {:.1f}x HeapAlloc", Bytes(d.os_held_bytes), d.os_held_per_alloc),
                     "HeapSys - HeapReleased: heap memory the process still holds, against what its objects need"});
  if (ms->num_gc || ms->gc_cpu_fraction) {
    std::string v = ms->num_gc ? fmt::format("{} cycle{}", *ms->num_gc, *ms->num_gc == 1 ? "" : "s") : "";
    if (ms->gc_cpu_fraction) v += fmt::format("{}{:.2f} % of CPU", v.empty() ? "" : ", ", *ms->gc_cpu_fraction * 100);
    d.lines.push_back({"GC", v, "collections so far and the share of CPU they took since the program started"});
  }
  if (d.gomemlimit_thrash_risk)
    d.lines.push_back({"GOMEMLIMIT risk", "high",
                       "fragmented spans count against GOMEMLIMIT but no collection can free them: near the limit the GC "
                       "runs back to back (thrashing) while live data stays small"});
  return d;
}

}  // namespace heapdoc
