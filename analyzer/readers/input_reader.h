// Reads one heap input, a file or bytes in memory, by its kind (input_kind.h: pprof protobuf, text
// heap profile, heap dump; gzip or not) with the right reader; anything else gets a clear refusal.
// Commands come through heap_input.h, which adds URLs and companions.
#pragma once

#include <string>

#include "analyzer/readers/byte_stream.h"
#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

HeapSnapshot ReadHeapInputFile(const std::string& path, const InputLimits& limits = {});

// For bytes already in memory (an HTTP body); `source` names them in messages.
HeapSnapshot ReadHeapInputBytes(std::string bytes, const std::string& source, const InputLimits& limits = {});

}  // namespace heapdoc
