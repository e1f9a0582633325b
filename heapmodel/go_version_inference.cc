#include "heapmodel/go_version_inference.h"

#include <array>
#include <string_view>

#include <fmt/format.h>

namespace heapdoc {
namespace {

// "go1.21.3", "go-1.19", "go1.22" inside a toolchain path: /usr/lib/go-1.19/src/runtime/...,
// golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64/src/..., /sdk/go1.21.5/src/...
std::optional<GoVersion> VersionInPath(std::string_view file) {
  size_t src = file.find("/src/");
  if (src == std::string_view::npos) return std::nullopt;
  std::string_view prefix = file.substr(0, src);
  for (size_t pos = prefix.rfind("go"); pos != std::string_view::npos; pos = pos ? prefix.rfind("go", pos - 1) : std::string_view::npos) {
    std::string_view rest = prefix.substr(pos + 2);
    if (rest.starts_with("-")) rest.remove_prefix(1);
    if (!rest.starts_with("1.")) {
      if (pos == 0) break;
      continue;
    }
    size_t end = rest.find_first_not_of("0123456789.");
    if (auto v = GoVersion::Parse(rest.substr(0, end))) return v;
    if (pos == 0) break;
  }
  return std::nullopt;
}

struct PackageMarker {
  std::string_view prefix;  // function name prefix or file path fragment
  GoVersion since;
};

// Packages that first appeared in a release: seeing them proves the profile is at least that new.
constexpr std::array<PackageMarker, 6> kMarkers = {{
    {"internal/runtime/maps.", {1, 24}},
    {"weak.", {1, 24}},
    {"unique.", {1, 23}},
    {"iter.", {1, 23}},
    {"internal/runtime/atomic.", {1, 23}},
    {"slices.", {1, 21}},
}};

// Allocation lines of runtime functions seen in real profiles whose Go version was known (from a
// toolchain path in the same profile or the program that wrote it). Patch releases can move a line,
// so a match is evidence, not proof.
struct LineFingerprint {
  std::string_view function;
  int64_t line;
  GoVersion version;
};
constexpr std::array<LineFingerprint, 6> kLineFingerprints = {{
    {"runtime.allocm", 1743, {1, 18}},
    {"runtime.malg", 4034, {1, 18}},
    {"runtime.allocm", 1759, {1, 19}},
    {"runtime.malg", 4076, {1, 19}},
    {"runtime.allocm", 2339, {1, 25}},
    {"runtime.malg", 5137, {1, 25}},
}};

}  // namespace

GoVersionGuess InferGoVersion(const HeapSnapshot& snapshot) {
  GoVersionGuess guess;
  std::optional<GoVersion> lower_bound;
  std::string bound_evidence;
  std::optional<GoVersionGuess> fingerprint;
  for (const Frame& f : snapshot.frames) {
    if (auto v = VersionInPath(f.file)) {
      guess.version = *v;
      guess.known = true;
      guess.evidence = fmt::format("Go {} toolchain path {}", v->ToString(), f.file);
      return guess;
    }
    for (const auto& fp : kLineFingerprints) {
      if (f.function == fp.function && f.line == fp.line && f.file.ends_with("runtime/proc.go")) {
        guess.version = fp.version;
        guess.known = false;
        guess.evidence = fmt::format("{} allocates at proc.go:{} as in Go {}", fp.function, fp.line, fp.version.ToString());
        fingerprint = guess;
      }
    }
    for (const auto& m : kMarkers) {
      if (f.function.starts_with(m.prefix) && (!lower_bound || m.since > *lower_bound)) {
        lower_bound = m.since;
        bound_evidence = fmt::format("function {} exists from Go {}", f.function, m.since.ToString());
      }
    }
  }
  if (fingerprint && (!lower_bound || fingerprint->version >= *lower_bound)) return *fingerprint;
  guess.version = kDefaultGoVersion;
  if (lower_bound && *lower_bound > guess.version) guess.version = *lower_bound;
  guess.evidence = lower_bound ? fmt::format("at least Go {} ({}); assumed Go {}", lower_bound->ToString(),
                                             bound_evidence, guess.version.ToString())
                               : fmt::format("no version evidence in the profile; assumed Go {} (use --go-version)",
                                             guess.version.ToString());
  return guess;
}

GoVersionGuess ChooseGoVersion(const HeapSnapshot& snapshot, std::optional<GoVersion> explicit_version) {
  if (explicit_version) return {*explicit_version, true, "given with --go-version"};
  return InferGoVersion(snapshot);
}

}  // namespace heapdoc
