#!/usr/bin/env bash
# Speed and memory of `heapdoc analyze` against `gzip -dc` and `go tool pprof -top` on a heap
# profile with many distinct stacks, written by a real Go program (testdata/gen/stacks).
# Usage: bench/bench_analyze.sh [STACKS ...]   (default: 131072 = 2^17; 1048576 = 2^20 takes ~7 s
#        and ~1 GB to generate once, then is cached in bench/out/)
# Environment: HEAPDOC=path/to/heapdoc (default build/heapdoc, built if missing), RUNS (default 7),
#        PPROF=0 to skip `go tool pprof` (slow: ~3 s at 2^17, ~30 s at 2^20).
# Prints, per input: decompressed size; median wall time of gzip -dc, heapdoc and pprof; heapdoc's
# median CPU time (user+sys: steadier than wall time on a busy machine); the peak RSS of gzip,
# heapdoc and pprof (the largest of the runs); and the
# ratios heapdoc/gzip (wall and CPU), heapdoc RSS/decompressed size and pprof/heapdoc.
# Runs of gzip and heapdoc alternate, so that load from elsewhere hits both alike.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
mkdir -p "$OUT"
HEAPDOC=${HEAPDOC:-build/heapdoc}
if [ ! -x "$HEAPDOC" ]; then
  [ "$HEAPDOC" = build/heapdoc ] || { echo "bench: $HEAPDOC is not an executable" >&2; exit 2; }
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j"$(nproc)" >/dev/null
fi
command -v go >/dev/null || { echo "bench: needs Go (apt-get install golang-go)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }

STACKS=("$@")
[ ${#STACKS[@]} -gt 0 ] || STACKS=(131072)
RUNS=${RUNS:-7}
PPROF=${PPROF:-1}

# One run of a command: "wall_seconds cpu_seconds peak_rss_kib" (output discarded).
# (bash's `time` for millisecond times, GNU time for the peak RSS.)
measure() {
  local TIMEFORMAT='%3R %3U %3S'
  { time /usr/bin/time -f '%M' -o "$OUT/.rss" "$@" >/dev/null 2>&1; } 2>"$OUT/.time"
  awk -v rss="$(tail -1 "$OUT/.rss")" '{printf "%s %.3f %s\n", $1, $2 + $3, rss}' "$OUT/.time"
}

median() { sort -g | awk '{a[NR]=$1} END {printf "%.4f", a[int((NR+1)/2)]}'; }

(cd testdata/gen && go build -o "$OUT/stacks" ./stacks)

printf '%-8s %7s %8s %9s %8s %8s %8s %9s %8s %9s %9s %9s %9s\n' stacks raw_MiB gzip_s heapdoc_s pprof_s \
  heap_cpu gzip_MiB heap_MiB pprof_MiB heap/gzip cpu/gzip rss/raw pprof/heap
for n in "${STACKS[@]}"; do
  prof=$OUT/stacks-$n.pb.gz
  [ -f "$prof" ] || "$OUT/stacks" -stacks "$n" -o "$prof" >/dev/null
  raw_mib=$(gzip -dc "$prof" | wc -c | awk '{printf "%.1f", $1/1048576}')
  "$HEAPDOC" analyze "$prof" --top 20 >/dev/null  # warm the page cache and check it works
  g_runs=() g_cpu=() g_rss=() h_runs=() h_cpu=() h_rss=()
  for _ in $(seq "$RUNS"); do
    read -r wall cpu rss < <(measure gzip -dc "$prof")
    g_runs+=("$wall") g_cpu+=("$cpu") g_rss+=("$rss")
    read -r wall cpu rss < <(measure "$HEAPDOC" analyze "$prof" --top 20)
    h_runs+=("$wall") h_cpu+=("$cpu") h_rss+=("$rss")
  done
  g=$(printf '%s\n' "${g_runs[@]}" | median)
  gc=$(printf '%s\n' "${g_cpu[@]}" | median)
  h=$(printf '%s\n' "${h_runs[@]}" | median)
  hc=$(printf '%s\n' "${h_cpu[@]}" | median)
  max_mib() { sort -g | tail -1 | awk '{printf "%.1f", $1/1024}'; }
  rss=$(printf '%s\n' "${h_rss[@]}" | max_mib)
  g_mib=$(printf '%s\n' "${g_rss[@]}" | max_mib)
  p=nan pr=nan p_mib=nan
  if [ "$PPROF" != 0 ]; then
    p_runs=() p_rss=()
    for _ in 1 2 3; do read -r wall _ prss < <(measure go tool pprof -top "$prof"); p_runs+=("$wall") p_rss+=("$prss"); done
    p=$(printf '%s\n' "${p_runs[@]}" | median)
    p_mib=$(printf '%s\n' "${p_rss[@]}" | max_mib)
    pr=$(echo "$p / $h" | bc -l)
  fi
  printf '%-8s %7s %8s %9s %8s %8s %8s %8s %9s %9.2f %9.2f %9.2f %9.1f\n' "$n" "$raw_mib" "$g" "$h" "$p" "$hc" \
    "$g_mib" "$rss" "$p_mib" "$(echo "$h / $g" | bc -l)" "$(echo "$hc / ($gc + 0.0001)" | bc -l)" \
    "$(echo "$rss / $raw_mib" | bc -l)" "$pr"
done
rm -f "$OUT/.time" "$OUT/.rss"
