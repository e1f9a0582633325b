#include "heapmodel/go_version.h"

#include <charconv>

#include <fmt/format.h>

namespace heapdoc {

std::string GoVersion::ToString() const { return fmt::format("{}.{}", major, minor); }

std::optional<GoVersion> GoVersion::Parse(std::string_view text) {
  if (text.starts_with("go")) text.remove_prefix(2);
  GoVersion v;
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v.major);
  if (ec != std::errc() || p == end || *p != '.') return std::nullopt;
  auto [q, ec2] = std::from_chars(p + 1, end, v.minor);
  if (ec2 != std::errc()) return std::nullopt;
  if (q != end && *q != '.' && *q != 'r' && *q != 'b') return std::nullopt;  // 1.22.3, 1.22rc1
  if (v.major != 1 || v.minor < 0 || v.minor > 99) return std::nullopt;
  return v;
}

SpanLayoutFeatures FeaturesFor(GoVersion version) {
  SpanLayoutFeatures f;
  f.malloc_header = version >= GoVersion{1, 22};
  f.inline_pointer_bitmap = version >= GoVersion{1, 22};
  f.inline_mark_bits = version >= GoVersion{1, 26};
  return f;
}

}  // namespace heapdoc
