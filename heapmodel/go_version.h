// Which Go release wrote a heap, as far as heapdoc can tell: it decides the span layout.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace heapdoc {

struct GoVersion {
  int major = 1;
  int minor = 0;
  auto operator<=>(const GoVersion&) const = default;
  std::string ToString() const;
  // "1.22", "go1.22", "go1.22.3" -> 1.22; nullopt when unparsable.
  static std::optional<GoVersion> Parse(std::string_view text);
};

struct GoVersionGuess {
  GoVersion version{1, 19};
  bool known = false;        // true when given with --go-version or found exactly (e.g. a path)
  std::string evidence;      // what it rests on, for the report
};

// Layout features that change with the Go version (FACTS.md, runtime/sizeclasses.go, mheap.go).
struct SpanLayoutFeatures {
  bool malloc_header = false;         // 1.22+: +8 B for pointerful objects > 512 B
  bool inline_pointer_bitmap = false; // 1.22+: pointerful spans <= 512 B keep their bitmap in-span
  bool inline_mark_bits = false;      // Green Tea (1.26 default): 16..512 B spans reserve mark bits
};

SpanLayoutFeatures FeaturesFor(GoVersion version);

}  // namespace heapdoc
