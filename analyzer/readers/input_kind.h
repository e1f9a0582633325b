// What an input is, told from its first bytes (after any gunzip): the one table that every command,
// the fleet, --save and the MemStats reader consult, so that a file, a fetched body and a saved
// file are recognised alike. Adding a format means adding its row here and its reader.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/readers/byte_stream.h"

namespace heapdoc {

enum class InputKind {
  kEmpty,         // nothing (or only whitespace) to read
  kHeapDump,      // "go1.N heap dump\n": debug.WriteHeapDump
  kTextProfile,   // "heap profile: ..." (?debug=1), or another allocator's text heap profile
  kMemStatsJson,  // '{' or '[': json.Marshal(runtime.MemStats) or expvar's /debug/vars
  kPrometheus,    // "# HELP", "# TYPE" or go_memstats_* lines: client_golang's /metrics
  kOtherText,     // any other text (a README, pprof -raw output, a "# runtime.MemStats" block alone)
  kPprof,         // binary: a pprof protobuf message (whether it is one is checked as it is read)
};

// One row of the table.
struct InputKindInfo {
  InputKind kind;
  const char* name;          // for messages: "a pprof protobuf profile"
  bool heap;                 // read as the heap itself (analyze PROFILE), not as a companion
  bool memstats;             // read as runtime.MemStats (--memstats, or found beside a profile)
  const char* saved_suffix;  // what --save names a fetched body of this kind: ".pb", ".txt", ".json"
  bool (*sniff)(std::string_view head);  // true when the first bytes are of this kind
};

// The rows in the order they are tried; the last (kPprof) takes whatever is left.
const std::vector<InputKindInfo>& InputKindTable();

// How many first bytes the kind is told from.
inline constexpr size_t kSniffBytes = 4096;

// The kind of an input from its first (inflated) bytes.
const InputKindInfo& SniffInputKind(std::string_view head);

// The first kSniffBytes of a stream (fewer at its end).
std::string ReadSniffHead(ByteStream& stream);

// True when the bytes are text rather than binary: no NUL, at most 3% control characters.
bool LooksLikeText(std::string_view head);

}  // namespace heapdoc
