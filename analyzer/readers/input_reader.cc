#include "analyzer/readers/input_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "analyzer/readers/heap_dump_reader.h"
#include "analyzer/readers/memstats_reader.h"
#include "analyzer/readers/pprof_reader.h"
#include "analyzer/readers/text_profile_reader.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

constexpr std::string_view kHeapDumpHeader = "go1.7 heap dump\n";

bool MostlyPrintable(std::string_view head) {
  size_t printable = 0;
  for (unsigned char c : head) printable += (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t' || c >= 0x80;
  return !head.empty() && printable * 100 >= head.size() * 97;
}

// Names what a file that is no heap profile at all looks like.
[[noreturn]] void RefuseUnknown(std::string_view bytes, const std::string& source) {
  std::string_view head = bytes.substr(0, 4096);
  auto first = head.find_first_not_of(" \t\r\n");
  if (head.size() >= 4 && static_cast<unsigned char>(head[0]) == 0x1f && head.substr(1, 3) == "\xEF\xBF\xBD")
    throw InputError(source, "damaged gzip file: its bytes were replaced by U+FFFD characters "
                             "(saved through a text conversion?); fetch the profile again as binary");
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) != 0x8b)
    throw InputError(source, "damaged gzip file: the gzip magic bytes are wrong");
  if (first != std::string_view::npos && (head[first] == '{' || head[first] == '['))
    throw InputError(source, "a JSON document, not a heap profile (MemStats or /debug/vars? pass it with --memstats)");
  if (LooksGzipped(head))
    throw InputError(source, "gzip inside gzip: the profile was compressed twice (gunzip it once, then analyze it)");
  if (head.starts_with("PK\x03\x04")) throw InputError(source, "a zip archive, not a heap profile");
  if (MostlyPrintable(head))
    throw InputError(source, "a text file, not a heap profile (expected a pprof profile, a '?debug=1' text heap "
                             "profile or a heap dump)");
  throw InputError(source, "binary data that is neither a pprof profile nor a heap dump");
}

enum class HeapInputKind { kTextProfile, kPprof };

constexpr size_t kHeadBytes = 4096;  // what the kind of an input is told from

// What the first (inflated) bytes say the input is; throws for what heapdoc does not read here.
HeapInputKind Classify(std::string_view head, bool gzipped, const std::string& source) {
  if (head.empty()) throw InputError(source, gzipped ? "gzip data inflates to nothing" : "empty file");
  if (head.starts_with(kHeapDumpHeader))
    throw InputError(source, "a heap dump must be read from a file (it is streamed)");
  if (LooksLikeTextHeapProfile(head)) return HeapInputKind::kTextProfile;
  if (MostlyPrintable(head) || (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f))
    RefuseUnknown(head, source);
  return HeapInputKind::kPprof;
}

std::string ReadHead(ByteStream& stream) {
  std::string head(kHeadBytes, '\0');
  size_t got = 0;
  while (got < head.size()) {
    size_t n = stream.Read(head.data() + got, head.size() - got);
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  return head;
}

// An input read whole into memory: text profiles, and pprof profiles from pipes (which cannot be
// read twice).
// A pprof profile from a pipe (which cannot be read twice), read whole into memory.
HeapSnapshot ParsePprofBytes(const InputBytes& input, const std::string& source) {
  HeapSnapshot snap = ParsePprofHeapProfile(input.bytes, source);
  snap.profile.gzipped = input.gzipped;
  return snap;
}

}  // namespace

HeapSnapshot ReadHeapInputFile(const std::string& path, const InputLimits& limits) {
  auto stream = OpenFileStream(path, limits);
  std::string head = ReadHead(*stream);
  // Heap dumps are as large as the heap: streamed from the start, never read whole.
  if (LooksLikeHeapDump(head)) return ReadHeapDump(path);
  // Text profiles are read line by line as they inflate.
  if (Classify(head, stream->gzipped(), path) == HeapInputKind::kTextProfile)
    return ReadTextHeapProfile(*stream, head, path);
  // pprof profiles are decoded as they inflate, reopening the file for each pass.
  if (IsRegularFile(path)) {
    stream.reset();
    return ReadPprofHeapProfile([&] { return OpenFileStream(path, limits); }, path);
  }
  return ParsePprofBytes(ReadAll(*stream, limits.max_inflated_bytes, InflatedSizeHint(path), head), path);
}

HeapSnapshot ReadHeapInputBytes(std::string bytes, const std::string& source, const InputLimits& limits) {
  auto stream = OpenMemoryViewStream(bytes, source, limits);
  std::string head = ReadHead(*stream);
  if (Classify(head, stream->gzipped(), source) == HeapInputKind::kTextProfile)
    return ReadTextHeapProfile(*stream, head, source);
  return ReadPprofHeapProfile([&] { return OpenMemoryViewStream(bytes, source, limits); }, source);
}

}  // namespace heapdoc
