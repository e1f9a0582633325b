// Findings: what a Go engineer should change, with the evidence, the bytes it saves and how sure
// heapdoc is. Produced by the advisor (analyzer/advice), printed by the renderers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace heapdoc {

// Every advice kind, once: (enumerator, name in JSON/SARIF/CLI). The enum, kAllAdviceKinds and
// AdviceKindName are generated from this list, so a new kind is one line here and no renderer that
// lists kinds (SARIF's rules) can miss it.
#define HEAPDOC_ADVICE_KINDS(X)                 \
  X(kFieldAlignment, "fieldalignment")          \
  X(kPool, "pool")                              \
  X(kLifetime, "lifetime")                      \
  X(kRetainedCapacity, "retained-capacity")     \
  X(kMapRebuild, "map-rebuild")                 \
  X(kPointerFree, "pointer-free")               \
  X(kLargeObject, "large-object")               \
  X(kGoMemLimit, "gomemlimit")

enum class AdviceKind {
#define HEAPDOC_ADVICE_ENUMERATOR(id, name) id,
  HEAPDOC_ADVICE_KINDS(HEAPDOC_ADVICE_ENUMERATOR)
#undef HEAPDOC_ADVICE_ENUMERATOR
};
// Every kind, in declaration order: renderers that list kinds (SARIF rules) iterate this.
inline constexpr AdviceKind kAllAdviceKinds[] = {
#define HEAPDOC_ADVICE_LISTED(id, name) AdviceKind::id,
    HEAPDOC_ADVICE_KINDS(HEAPDOC_ADVICE_LISTED)
#undef HEAPDOC_ADVICE_LISTED
};

const char* AdviceKindName(AdviceKind kind);  // "fieldalignment", "pool", "lifetime", ...

enum class Confidence { kLow, kMedium, kHigh };
const char* ConfidenceName(Confidence c);

struct Advice {
  AdviceKind kind = AdviceKind::kFieldAlignment;
  std::string function;  // the allocation site the advice is about ("" for heap-wide advice)
  std::string file;      // as in the profile; `source_file` when matched to --source
  int64_t line = 0;
  std::string source_file;  // the file in the user's tree, when found
  std::string type;         // Go type, when known
  uint64_t saving_bytes = 0;
  Confidence confidence = Confidence::kMedium;
  std::string message;             // one paragraph: what to change and why
  std::vector<std::string> evidence;  // the figures it rests on
  std::string suggested_code;      // e.g. the reordered struct, when there is one

  // fieldalignment only.
  std::optional<uint64_t> current_size, optimal_size, current_class_size, optimal_class_size;
  std::vector<std::string> current_order, optimal_order;

  // lifetime only: the other site sharing the class.
  std::string other_function, other_file;
  int64_t other_line = 0;

  // lifetime, from a heap dump's object graph: what keeps the site's survivors alive.
  std::string held_by;                    // the root's name ("main.survivors"), "" when unknown
  std::string held_by_kind;               // "global (bss)", "goroutine frame", ...
  std::vector<std::string> holder_path;   // hops from the root to a survivor, described
  uint64_t held_objects = 0;              // sampled survivors held through that root
  uint64_t sampled_survivors = 0;         // sampled survivors with a path from a root
};

}  // namespace heapdoc
