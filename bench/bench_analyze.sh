#!/usr/bin/env bash
# Speed of `heapdoc analyze` against `gzip -dc` and `go tool pprof -top` on a heap profile with
# many distinct stacks, written by a real Go program (testdata/gen/stacks).
# Usage: bench/bench_analyze.sh [STACKS ...]   (default: 131072 = 2^17)
# Prints, per input: decompressed size, median wall time of each tool over several runs, peak RSS,
# and the ratios heapdoc/gzip and pprof/heapdoc.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
mkdir -p "$OUT"
[ -x build/heapdoc ] || { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j"$(nproc)" >/dev/null; }
command -v go >/dev/null || { echo "bench: needs Go (apt-get install golang-go)" >&2; exit 2; }

STACKS=("$@")
[ ${#STACKS[@]} -gt 0 ] || STACKS=(131072)
RUNS=${RUNS:-7}

# Median wall-clock seconds of a command over $RUNS runs (output discarded).
median_seconds() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.4f", a[int((NR+1)/2)]}'
}

peak_rss_mib() {
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1/1024}'
}

(cd testdata/gen && go build -o "$OUT/stacks" ./stacks)

printf '%-10s %10s %10s %10s %12s %10s %12s %14s\n' stacks MiB gzip_s heapdoc_s pprof_s heap_MiB "heap/gzip" "pprof/heapdoc"
for n in "${STACKS[@]}"; do
  prof=$OUT/stacks-$n.pb.gz
  [ -f "$prof" ] || "$OUT/stacks" -stacks "$n" -o "$prof" >/dev/null
  raw_mib=$(gzip -dc "$prof" | wc -c | awk '{printf "%.1f", $1/1048576}')
  g=$(median_seconds gzip -dc "$prof")
  h=$(median_seconds build/heapdoc analyze "$prof" --top 20)
  p=$(RUNS=3 median_seconds go tool pprof -top "$prof")
  rss=$(peak_rss_mib build/heapdoc analyze "$prof")
  printf '%-10s %10s %10s %10s %12s %10s %12.2f %14.1f\n' "$n" "$raw_mib" "$g" "$h" "$p" "$rss" \
    "$(echo "$h / $g" | bc -l)" "$(echo "$p / $h" | bc -l)"
done
