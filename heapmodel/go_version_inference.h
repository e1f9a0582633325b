// Guesses which Go release wrote a profile from what its frames reveal (toolchain paths,
// packages that only exist from some release on), and says what the guess rests on.
#pragma once

#include <optional>

#include "heapmodel/heap_snapshot.h"

namespace heapdoc {

// The version assumed when nothing in the profile tells: the newest release heapdoc models.
inline constexpr GoVersion kDefaultGoVersion{1, 26};

GoVersionGuess InferGoVersion(const HeapSnapshot& snapshot);

// `explicit_version` (from --go-version) wins; otherwise the inference.
GoVersionGuess ChooseGoVersion(const HeapSnapshot& snapshot, std::optional<GoVersion> explicit_version);

}  // namespace heapdoc
