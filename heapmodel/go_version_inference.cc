#include "heapmodel/go_version_inference.h"

#include <array>
#include <cstdint>
#include <optional>
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

// Allocation lines of runtime functions in the real profiles and heap dumps of each toolchain
// (runtime.malg's `new(g)`, runtime.allocm's `new(m)`, runtime.main's `fn()`; profiles record the line, dumps the return
// address's line; Go 1.26 dump stacks start in mallocgc). Patch releases can move a line, so a
// match is evidence, not proof.
struct LineFingerprint {
  std::string_view function;
  std::string_view file_suffix;
  int64_t line;
  GoVersion version;
};
constexpr LineFingerprint kLineFingerprints[] = {
    {"runtime.allocm", "runtime/proc.go", 1743, {1, 18}},   {"runtime.malg", "runtime/proc.go", 4034, {1, 18}},
    {"runtime.allocm", "runtime/proc.go", 1759, {1, 19}},   {"runtime.malg", "runtime/proc.go", 4076, {1, 19}},
    {"runtime.allocm", "runtime/proc.go", 2108, {1, 22}},   {"runtime.malg", "runtime/proc.go", 4856, {1, 22}},
    {"runtime.malg", "runtime/proc.go", 4857, {1, 22}},     {"runtime.allocm", "runtime/proc.go", 2236, {1, 24}},
    {"runtime.malg", "runtime/proc.go", 5002, {1, 24}},     {"runtime.malg", "runtime/proc.go", 5003, {1, 24}},
    {"runtime.allocm", "runtime/proc.go", 2339, {1, 25}},   {"runtime.malg", "runtime/proc.go", 5137, {1, 25}},
    {"runtime.malg", "runtime/proc.go", 5274, {1, 26}},
    // runtime.main's call of main.main: under every allocation of the main goroutine.
    {"runtime.main", "runtime/proc.go", 250, {1, 19}},      {"runtime.main", "runtime/proc.go", 271, {1, 22}},
    {"runtime.main", "runtime/proc.go", 283, {1, 24}},      {"runtime.main", "runtime/proc.go", 290, {1, 26}},     {"runtime.mallocgc", "runtime/malloc.go", 1141, {1, 26}},
    {"runtime.mallocgc", "runtime/malloc.go", 1143, {1, 26}}, {"runtime.mallocgc", "runtime/malloc.go", 1150, {1, 26}},
    {"runtime.mallocgc", "runtime/malloc.go", 1152, {1, 26}}, {"runtime.mallocgc", "runtime/malloc.go", 1189, {1, 26}},
};

// First release of each minor version (FACTS.md): a profile taken before a release cannot have
// been written by it.
struct Release {
  GoVersion version;
  int year, month;
};
constexpr Release kReleases[] = {{{1, 16}, 2021, 2}, {{1, 17}, 2021, 8}, {{1, 18}, 2022, 3}, {{1, 19}, 2022, 8},
                                 {{1, 20}, 2023, 2}, {{1, 21}, 2023, 8}, {{1, 22}, 2024, 2}, {{1, 23}, 2024, 8},
                                 {{1, 24}, 2025, 2}, {{1, 25}, 2025, 8}, {{1, 26}, 2026, 2}};

// Days since 1970-01-01 of the first day of a month (proleptic Gregorian; Howard Hinnant's formula).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The newest release out by `time_nanos`; nullopt when the time is unset or before every release
// listed.
std::optional<Release> NewestReleaseAt(int64_t time_nanos) {
  if (time_nanos <= 0) return std::nullopt;
  int64_t day = time_nanos / 1'000'000'000 / 86400;
  std::optional<Release> newest;
  for (const Release& r : kReleases)
    if (DaysFromCivil(r.year, r.month, 1) <= day) newest = r;
  return newest;
}

}  // namespace

GoVersionGuess InferGoVersion(const HeapSnapshot& snapshot) {
  if (snapshot.go_version.known) return snapshot.go_version;  // a reader read it (heap dump params)
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
      if (f.line == fp.line && f.function == fp.function && f.file.ends_with(fp.file_suffix)) {
        guess.version = fp.version;
        guess.known = false;
        guess.evidence = fmt::format("{} allocates at {}:{} as in Go {}", fp.function,
                                     fp.file_suffix.substr(fp.file_suffix.rfind('/') + 1), fp.line, fp.version.ToString());
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
  // Nothing exact: the newest release heapdoc models, but never one released after the profile
  // was taken, and never older than what its functions prove.
  guess.version = kDefaultGoVersion;
  std::string why = "no version evidence in the profile";
  if (auto newest = NewestReleaseAt(snapshot.profile.time_nanos); newest && newest->version < guess.version) {
    guess.version = newest->version;
    why = fmt::format("taken before Go {} was released; Go {} was the newest release then",
                      GoVersion{1, newest->version.minor + 1}.ToString(), newest->version.ToString());
  }
  if (lower_bound && *lower_bound > guess.version) guess.version = *lower_bound;
  if (lower_bound) why = fmt::format("at least Go {} ({}); {}", lower_bound->ToString(), bound_evidence, why);
  guess.evidence = fmt::format("{}; assumed Go {} (use --go-version)", why, guess.version.ToString());
  return guess;
}

GoVersionGuess ChooseGoVersion(const HeapSnapshot& snapshot, std::optional<GoVersion> explicit_version) {
  if (explicit_version) return {*explicit_version, true, "given with --go-version"};
  return InferGoVersion(snapshot);
}

}  // namespace heapdoc
