#include "analyzer/readers/input_reader.h"

#include <fmt/format.h>

#include "analyzer/readers/heap_dump_reader.h"
#include "analyzer/readers/input_kind.h"
#include "analyzer/readers/pprof_reader.h"
#include "analyzer/readers/text_profile_reader.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

// Names what an input that is no heap at all looks like.
[[noreturn]] void RefuseNonHeap(std::string_view head, const InputKindInfo& kind, bool gzipped,
                                const std::string& source) {
  if (head.empty()) throw InputError(source, gzipped ? "gzip data inflates to nothing" : "empty file");
  if (head.size() >= 4 && static_cast<unsigned char>(head[0]) == 0x1f && head.substr(1, 3) == "\xEF\xBF\xBD")
    throw InputError(source, "damaged gzip file: its bytes were replaced by U+FFFD characters "
                             "(saved through a text conversion?); fetch the profile again as binary");
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) != 0x8b)
    throw InputError(source, "damaged gzip file: the gzip magic bytes are wrong");
  if (kind.kind == InputKind::kMemStatsJson)
    throw InputError(source, "a JSON document, not a heap profile (MemStats or /debug/vars? pass it with --memstats)");
  if (kind.kind == InputKind::kPrometheus)
    throw InputError(source, "Prometheus metrics, not a heap profile (go_memstats_*? pass them with --memstats)");
  if (LooksGzipped(head))
    throw InputError(source, "gzip inside gzip: the profile was compressed twice (gunzip it once, then analyze it)");
  if (head.starts_with("PK\x03\x04")) throw InputError(source, "a zip archive, not a heap profile");
  throw InputError(source, "a text file, not a heap profile (expected a pprof profile, a '?debug=1' text heap "
                           "profile or a heap dump)");
}

// The kind of a heap input; anything that is not one is refused here.
const InputKindInfo& HeapKind(std::string_view head, bool gzipped, const std::string& source) {
  const InputKindInfo& kind = SniffInputKind(head);
  bool damaged_gzip = head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f;
  if (!kind.heap || head.empty() || damaged_gzip || head.starts_with("PK\x03\x04"))
    RefuseNonHeap(head, kind, gzipped, source);
  return kind;
}

}  // namespace

HeapSnapshot ReadHeapInputFile(const std::string& path, const InputLimits& limits) {
  auto stream = OpenFileStream(path, limits);
  std::string head = ReadSniffHead(*stream);
  switch (HeapKind(head, stream->gzipped(), path).kind) {
    case InputKind::kHeapDump:  // as large as the heap: streamed from the start, never read whole
      stream.reset();
      return ReadHeapDump(path);
    case InputKind::kTextProfile:  // read line by line as it inflates
      return ReadTextHeapProfile(*stream, head, path);
    default:
      break;
  }
  // pprof profiles are decoded as they inflate, reopening the file for each pass; a pipe cannot be
  // reopened, so its profile is read whole into memory.
  if (IsRegularFile(path)) {
    stream.reset();
    return ReadPprofHeapProfile([&] { return OpenFileStream(path, limits); }, path);
  }
  InputBytes input = ReadAll(*stream, limits.max_inflated_bytes, InflatedSizeHint(path), head);
  HeapSnapshot snap = ParsePprofHeapProfile(input.bytes, path);
  snap.profile.gzipped = input.gzipped;
  return snap;
}

HeapSnapshot ReadHeapInputBytes(std::string bytes, const std::string& source, const InputLimits& limits) {
  auto stream = OpenMemoryViewStream(bytes, source, limits);
  std::string head = ReadSniffHead(*stream);
  switch (HeapKind(head, stream->gzipped(), source).kind) {
    case InputKind::kHeapDump: {
      HeapDumpReadOptions options;
      options.limits = limits;  // bytes in memory are bounded already; their gzip is bounded as asked
      auto dump = OpenMemoryViewStream(bytes, source, options.limits);
      return ReadHeapDump(*dump, options);
    }
    case InputKind::kTextProfile:
      return ReadTextHeapProfile(*stream, head, source);
    default:
      return ReadPprofHeapProfile([&] { return OpenMemoryViewStream(bytes, source, limits); }, source);
  }
}

}  // namespace heapdoc
