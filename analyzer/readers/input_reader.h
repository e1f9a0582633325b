// The front door for heap inputs: sniffs what a file is (gzip or not; pprof protobuf, text heap
// profile, heap dump) and hands it to the right reader. Anything else gets a clear refusal.
#pragma once

#include <string>

#include "analyzer/readers/byte_stream.h"
#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

HeapSnapshot ReadHeapInputFile(const std::string& path, const InputLimits& limits = {});

// For bytes already in memory (an HTTP body); `source` names them in messages.
HeapSnapshot ReadHeapInputBytes(std::string bytes, const std::string& source, const InputLimits& limits = {});

}  // namespace heapdoc
