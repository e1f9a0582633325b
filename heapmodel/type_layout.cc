#include "heapmodel/type_layout.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <utility>

namespace heapdoc {
namespace {

constexpr uint64_t kWord = kGoWordBytes;

uint64_t AlignUp(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

struct NamedLayout {
  std::string_view name;
  TypeLayout layout;
};

// spec "Size and alignment guarantees" with the gc compiler's choices for 64-bit targets;
// complex types align like their two float halves.
constexpr std::array<NamedLayout, 23> kPredeclared = {{
    {"bool", {1, 1, 0}},        {"int8", {1, 1, 0}},       {"uint8", {1, 1, 0}},      {"byte", {1, 1, 0}},
    {"int16", {2, 2, 0}},       {"uint16", {2, 2, 0}},     {"int32", {4, 4, 0}},      {"uint32", {4, 4, 0}},
    {"rune", {4, 4, 0}},        {"float32", {4, 4, 0}},    {"int64", {8, 8, 0}},      {"uint64", {8, 8, 0}},
    {"int", {8, 8, 0}},         {"uint", {8, 8, 0}},       {"uintptr", {8, 8, 0}},    {"float64", {8, 8, 0}},
    {"complex64", {8, 4, 0}},   {"complex128", {16, 8, 0}}, {"string", {16, 8, 8}},   {"error", {16, 8, 16}},
    {"any", {16, 8, 16}},       {"comparable", {16, 8, 16}}, {"unsafe.Pointer", {8, 8, 8}},
}};

struct StdlibLayout {
  std::string_view import_path;
  std::string_view name;
  TypeLayout layout;
};

// FACTS.md's table, ptrdata from the types' fields (checked against Go 1.19's runtime type
// descriptors by testdata/gosrc/layoutcheck). sync.WaitGroup is 16/8 from Go 1.18 (12/4 before).
constexpr std::array<StdlibLayout, 21> kStdlib = {{
    {"time", "Time", {24, 8, 24}},          // wall uint64, ext int64, loc *Location
    {"time", "Duration", {8, 8, 0}},
    {"time", "Month", {8, 8, 0}},
    {"time", "Weekday", {8, 8, 0}},
    {"sync", "Mutex", {8, 4, 0}},           // state int32, sema uint32
    {"sync", "RWMutex", {24, 4, 0}},
    {"sync", "WaitGroup", {16, 8, 0}},
    {"sync", "Once", {12, 4, 0}},
    {"sync/atomic", "Int64", {8, 8, 0}},    // 8-aligned on every architecture
    {"sync/atomic", "Uint64", {8, 8, 0}},
    {"sync/atomic", "Int32", {4, 4, 0}},
    {"sync/atomic", "Uint32", {4, 4, 0}},
    {"sync/atomic", "Bool", {4, 4, 0}},
    {"sync/atomic", "Uintptr", {8, 8, 0}},
    {"sync/atomic", "Value", {16, 8, 16}},  // v any
    {"bytes", "Buffer", {40, 8, 8}},        // buf []byte, off int, lastRead int8
    {"strings", "Builder", {32, 8, 16}},    // addr *Builder, buf []byte
    {"context", "Context", {16, 8, 16}},    // an interface
    {"context", "CancelFunc", {8, 8, 8}},
    {"io/fs", "FileMode", {4, 4, 0}},       // uint32
    {"os", "FileMode", {4, 4, 0}},
}};

struct StdlibName {
  std::string_view import_path;
  std::string_view name;
};

// Standard-library interface types that structs commonly hold: every interface is two pointer
// words, so these need no table row of their own.
constexpr std::array<StdlibName, 33> kStdlibInterfaces = {{
    {"io", "Reader"},          {"io", "Writer"},          {"io", "Closer"},           {"io", "Seeker"},
    {"io", "ReadCloser"},      {"io", "WriteCloser"},     {"io", "ReadWriter"},       {"io", "ReadWriteCloser"},
    {"io", "ReadSeeker"},      {"io", "ReadSeekCloser"},  {"io", "ReaderAt"},         {"io", "WriterAt"},
    {"io", "ByteReader"},      {"io", "ByteScanner"},     {"io", "RuneReader"},       {"io", "StringWriter"},
    {"fmt", "Stringer"},       {"sort", "Interface"},     {"hash", "Hash"},           {"hash", "Hash32"},
    {"hash", "Hash64"},        {"net", "Conn"},           {"net", "Listener"},        {"net", "Addr"},
    {"net", "PacketConn"},     {"net/http", "Handler"},   {"net/http", "RoundTripper"}, {"net/http", "ResponseWriter"},
    {"reflect", "Type"},       {"log/slog", "Handler"},   {"io/fs", "FS"},            {"io/fs", "File"},
    {"database/sql/driver", "Conn"},
}};

// Standard-library types defined as a slice or a map: their layout is the slice's or the map's.
constexpr std::array<StdlibName, 4> kStdlibSlices = {{
    {"net", "IP"}, {"net", "IPMask"}, {"encoding/json", "RawMessage"}, {"net", "HardwareAddr"}}};
constexpr std::array<StdlibName, 3> kStdlibMaps = {{{"net/http", "Header"}, {"net/url", "Values"}, {"net/textproto", "MIMEHeader"}}};

}  // namespace

std::optional<TypeLayout> PredeclaredTypeLayout(std::string_view name) {
  for (const auto& p : kPredeclared)
    if (p.name == name) return p.layout;
  return std::nullopt;
}

TypeLayout PointerLikeLayout() { return {kWord, kWord, kWord}; }
TypeLayout StringLayout() { return {2 * kWord, kWord, kWord}; }
TypeLayout SliceLayout() { return {3 * kWord, kWord, kWord}; }
TypeLayout InterfaceLayout() { return {2 * kWord, kWord, 2 * kWord}; }

std::optional<TypeLayout> ArrayLayout(const TypeLayout& elem, uint64_t length) {
  if (length != 0 && elem.size_bytes > kMaxTypeBytes / length) return std::nullopt;
  TypeLayout a;
  a.size_bytes = elem.size_bytes * length;
  a.align_bytes = elem.align_bytes;
  // The last element's ptrdata ends the array's: (n-1)*size + ptrdata(elem).
  a.pointer_bytes = (length == 0 || elem.pointer_bytes == 0) ? 0 : (length - 1) * elem.size_bytes + elem.pointer_bytes;
  return a;
}

std::optional<TypeLayout> StandardLibraryTypeLayout(std::string_view import_path, std::string_view name) {
  for (const auto& s : kStdlib)
    if (s.import_path == import_path && s.name == name) return s.layout;
  for (const auto& s : kStdlibInterfaces)
    if (s.import_path == import_path && s.name == name) return InterfaceLayout();
  for (const auto& s : kStdlibSlices)
    if (s.import_path == import_path && s.name == name) return SliceLayout();
  for (const auto& s : kStdlibMaps)
    if (s.import_path == import_path && s.name == name) return PointerLikeLayout();
  return std::nullopt;
}

std::optional<StructLayout> LayOutStruct(std::span<const TypeLayout> fields) {
  StructLayout s;
  s.layout.align_bytes = 1;
  uint64_t offset = 0;
  for (size_t i = 0; i < fields.size(); ++i) {
    const TypeLayout& f = fields[i];
    uint64_t align = std::max<uint64_t>(f.align_bytes, 1);
    s.layout.align_bytes = std::max(s.layout.align_bytes, align);
    offset = AlignUp(offset, align);
    s.field_offsets_bytes.push_back(offset);
    if (f.pointer_bytes != 0) s.layout.pointer_bytes = offset + f.pointer_bytes;
    uint64_t size = f.size_bytes;
    // A pointer to a trailing zero-size field must not point past the object (cmd/compile).
    if (i + 1 == fields.size() && size == 0 && offset != 0) size = 1;
    offset += size;
    if (offset > kMaxTypeBytes) return std::nullopt;
  }
  s.layout.size_bytes = AlignUp(offset, s.layout.align_bytes);
  return s;
}

std::vector<size_t> OptimalFieldOrder(std::span<const TypeLayout> fields) {
  std::vector<size_t> order(fields.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) {
    const TypeLayout& a = fields[i];
    const TypeLayout& b = fields[j];
    bool zero_a = a.size_bytes == 0, zero_b = b.size_bytes == 0;
    if (zero_a != zero_b) return zero_a;
    if (a.align_bytes != b.align_bytes) return a.align_bytes > b.align_bytes;
    bool noptr_a = a.pointer_bytes == 0, noptr_b = b.pointer_bytes == 0;
    if (noptr_a != noptr_b) return noptr_b;
    if (!noptr_a) {
      uint64_t trail_a = a.size_bytes - a.pointer_bytes, trail_b = b.size_bytes - b.pointer_bytes;
      if (trail_a != trail_b) return trail_a < trail_b;
    }
    return a.size_bytes > b.size_bytes;
  });
  return order;
}

std::optional<FieldOrderAdvice> AdviseFieldOrder(std::span<const TypeLayout> fields) {
  auto current = LayOutStruct(fields);
  if (!current) return std::nullopt;
  FieldOrderAdvice advice;
  advice.current = std::move(*current);
  advice.optimal_order = OptimalFieldOrder(fields);
  std::vector<TypeLayout> reordered;
  for (size_t i : advice.optimal_order) reordered.push_back(fields[i]);
  auto optimal = LayOutStruct(reordered);
  if (!optimal) return std::nullopt;
  advice.optimal = std::move(*optimal);
  return advice;
}

}  // namespace heapdoc
