#!/usr/bin/env bash
# Builds heapdoc's libFuzzer targets with clang into build-fuzz/ and runs one or all of them.
#   scripts/fuzz.sh [TARGET|all] [SECONDS]      e.g. scripts/fuzz.sh heap_dump 300
# Targets: byte_stream pprof text_profile memstats heap_dump input_reader gosource (tests/fuzz/).
# Each run reads the seeds and regressions in testdata/fuzz/<target>/ and keeps what it discovers in
# build-fuzz/corpus/<target>/; crashes land in build-fuzz/artifacts/<target>/ (see tests/fuzz/README.md
# for turning one into a regression file). Targets run one after another, never in parallel.
# Environment: JOBS (build parallelism, default 2), CXX (default clang++), FUZZ_ARGS (extra libFuzzer flags).
set -euo pipefail
cd "$(dirname "$0")/.."
ALL_TARGETS=(byte_stream pprof text_profile memstats heap_dump input_reader gosource)
target="${1:-all}"
seconds="${2:-60}"
if [ "$target" = all ]; then targets=("${ALL_TARGETS[@]}"); else targets=("$target"); fi
for t in "${targets[@]}"; do
  [ -f "tests/fuzz/${t}_fuzzer.cc" ] || { echo "fuzz.sh: no target '$t' (have: ${ALL_TARGETS[*]})" >&2; exit 2; }
done

cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER="${CXX:-clang++}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHEAPDOC_FUZZ=ON -DHEAPDOC_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"${JOBS:-2}" --target "${targets[@]/%/_fuzzer}"

# Go source seeds are the test programs themselves (not copies): testdata/gosrc and testdata/gen.
extra_seed_dirs() {
  [ "$1" = gosource ] && echo testdata/gosrc/shop testdata/gosrc/shop/model testdata/gosrc/layoutcheck \
    testdata/gen/padded testdata/gen/snap testdata/gen/stacks
  return 0
}

status=0
for t in "${targets[@]}"; do
  corpus="build-fuzz/corpus/$t"
  artifacts="build-fuzz/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  echo "== $t: ${seconds}s"
  # The contract (tests/fuzz/README.md): no crash, no sanitizer report, no hang over 10 s, no
  # allocation over 1 GiB, no process over 2 GiB.
  if ! "build-fuzz/tests/fuzz/${t}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} \
      "$corpus" "testdata/fuzz/$t" $(extra_seed_dirs "$t"); then
    echo "fuzz.sh: $t found a problem; see $artifacts/" >&2
    status=1
  fi
done
exit $status
