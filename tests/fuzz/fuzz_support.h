// Shared by the fuzz targets: the reader contract check and the pipeline every parsed input goes
// through (analysis and the JSON report, as `heapdoc analyze --format json` runs them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include "analyzer/analysis.h"
#include "analyzer/report/json_report.h"
#include "heapmodel/error.h"
#include "heapmodel/heap_snapshot.h"

namespace heapdoc::fuzz {

inline std::string_view AsView(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A snapshot a reader accepted must survive analysis and rendering; an Error there is an
// acceptable refusal, anything else is a bug.
inline void RunPipeline(HeapSnapshot snapshot) {
  AnalysisReport report = Analyze(std::move(snapshot), {});
  std::string json = RenderJsonReport(report);
  if (json.empty()) std::abort();
}

// The contract of every reader: return, or throw heapdoc::Error. Any other exception is reported
// with its type and message, then aborts so that libFuzzer (or the replay test) records a crash.
template <typename Body>
int Guard(Body&& body) {
  try {
    body();
  } catch (const heapdoc::Error&) {
    // A refusal with a message: the contract.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heapdoc fuzz: escaped exception %s: %s\n", typeid(e).name(), e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "heapdoc fuzz: escaped non-std exception\n");
    std::abort();
  }
  return 0;
}

}  // namespace heapdoc::fuzz
