// Reads pprof protobuf heap profiles (gzipped or not) into a HeapSnapshot, validating every
// index and id, resolving inlined frames, and refusing profiles that are not Go heap profiles.
// The message is decoded as it inflates, in two passes over the stream: memory follows the
// profile's tables and sites, not its size.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/readers/byte_stream.h"
#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

struct PprofLimits {
  uint64_t max_message_bytes = 512ull << 20;  // the decoded protobuf message
};

// `open` gives a fresh stream of the same input each time it is called (a file reopened, bytes in
// memory): the reader reads it twice, and a third time only to rank a malformed message above a
// semantic error. Throws Error naming `source`.
HeapSnapshot ReadPprofHeapProfile(const ByteStreamOpener& open, const std::string& source,
                                  const PprofLimits& limits = {});

// The same for a message, or the gzip of one, already in memory.
HeapSnapshot ParsePprofHeapProfile(std::string_view bytes, const std::string& source, const PprofLimits& limits = {});

}  // namespace heapdoc
