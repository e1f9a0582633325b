#include "analyzer/readers/memstats_reader.h"

#include <fmt/format.h>

#include "analyzer/readers/byte_stream.h"
#include "analyzer/readers/input_kind.h"
#include "analyzer/readers/memstats_fields.h"
#include "analyzer/readers/memstats_json_reader.h"
#include "analyzer/readers/memstats_prometheus_reader.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

constexpr std::string_view kFormsWeRead =
    "runtime.MemStats JSON, expvar /debug/vars, a ?debug=1 heap profile or Prometheus go_memstats_* "
    "text";

// `bytes` are already inflated; `gzipped` only improves a message.
MemStats ParseInflated(std::string_view bytes, const std::string& source, bool gzipped) {
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
  const InputKindInfo& kind = SniffInputKind(text);
  if (kind.kind != InputKind::kEmpty && !kind.memstats)
    throw InputError(source, fmt::format("binary data{}, not runtime.MemStats ({})",
                                         gzipped ? " inside gzip (a pprof profile?)" : "", kFormsWeRead));
  MemStats m;
  switch (kind.kind) {
    case InputKind::kEmpty:
      throw InputError(source, bytes.empty() ? "empty file: no runtime.MemStats in it"
                                             : "only whitespace: no runtime.MemStats in it");
    case InputKind::kMemStatsJson:
      m = ParseMemStatsJson(text, source);
      break;
    case InputKind::kPrometheus:
      if (auto trailer = ParseTextProfileTrailer(text, source)) return *trailer;
      m = ParseMemStatsPrometheus(text, source);
      break;
    case InputKind::kTextProfile:
    case InputKind::kOtherText: {
      if (auto trailer = ParseTextProfileTrailer(text, source)) return *trailer;
      if (kind.kind == InputKind::kTextProfile)
        throw InputError(source, "a ?debug=1 heap profile without its # runtime.MemStats block (cut off before "
                                 "the end?)");
      size_t first = text.find_first_not_of(" \t\r\n");
      throw InputError(source, fmt::format("not runtime.MemStats in a form heapdoc reads ({}); it starts "
                                           "with \"{}\"",
                                           kFormsWeRead, Excerpt(text.substr(first, text.find('\n', first) - first))));
    }
    case InputKind::kHeapDump:
    case InputKind::kPprof:
      break;  // refused above
  }
  m.notes = MemStatsConsistencyNotes(m);
  return m;
}

}  // namespace

MemStats ParseMemStats(std::string_view bytes, const std::string& source) {
  if (!LooksGzipped(bytes)) {
    if (bytes.size() > kMaxMemStatsInputBytes)
      throw InputError(source, fmt::format("larger than the {} MiB limit for MemStats (runtime.MemStats is a few KiB)",
                                           kMaxMemStatsInputBytes >> 20));
    return ParseInflated(bytes, source, false);
  }
  InputLimits limits;
  limits.max_inflated_bytes = kMaxMemStatsInputBytes;
  limits.max_file_bytes = kMaxMemStatsInputBytes;
  auto stream = OpenMemoryStream(std::string(bytes), source, limits);
  return ParseInflated(ReadAll(*stream, kMaxMemStatsInputBytes).bytes, source, true);
}

MemStats ReadMemStatsFile(const std::string& path) {
  InputLimits limits;
  limits.max_inflated_bytes = kMaxMemStatsInputBytes;
  limits.max_file_bytes = kMaxMemStatsInputBytes;
  InputBytes input = ReadInputFile(path, limits);
  return ParseInflated(input.bytes, path, input.gzipped);
}

}  // namespace heapdoc
