#!/usr/bin/env bash
# Fleet speed: `heapdoc analyze DIR` on N profiles (default 1000) made by copying testdata's and the
# corpus's profiles (heap.pb.gz, heap.txt, corpus profiles; cycled) into a temporary directory.
# Usage: bench/bench_fleet.sh [N]     Environment: HEAPDOC (default build/heapdoc), RUNS (default 3),
#        HEAPDOC_CORPUS (default /work/shared/corpus; skipped if absent)
# Prints: profiles, analyzed/errors, threads, median wall seconds, profiles per second, peak RSS
# (/usr/bin/time -v), with one worker per CPU and with --jobs 1 (the parallel speed-up).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
RUNS=${RUNS:-3}
HEAPDOC=${HEAPDOC:-build/heapdoc}
CORPUS=${HEAPDOC_CORPUS:-/work/shared/corpus}
[ -x "$HEAPDOC" ] || { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j"$(nproc)" >/dev/null; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/fleet"

sources=(testdata/*/heap.pb.gz testdata/*/heap.txt)
[ -d "$CORPUS/profiles" ] && sources+=("$CORPUS"/profiles/*)
i=0
while [ "$i" -lt "$N" ]; do
  for s in "${sources[@]}"; do
    [ "$i" -lt "$N" ] || break
    cp "$s" "$WORK/fleet/$(printf '%05d' "$i")-$(basename "$(dirname "$s")")-$(basename "$s")"
    i=$((i + 1))
  done
done
echo "== $N profiles from ${#sources[@]} distinct files ($(du -sh "$WORK/fleet" | cut -f1)), $(nproc) cores"

# run LABEL [ANALYZE FLAGS...]: median wall time over RUNS, peak RSS of the last run.
run() {
  local label=$1
  shift
  local times=() rss=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -v "$HEAPDOC" analyze "$WORK/fleet" --format json -o "$WORK/fleet.json" "$@" 2>"$WORK/time.txt" || true
    times+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s}' "$WORK/time.txt")")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$WORK/time.txt")
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  local analyzed errors
  analyzed=$(grep -o '"analyzed": [0-9]*' "$WORK/fleet.json" | grep -o '[0-9]*$')
  errors=$(grep -c '"error":' "$WORK/fleet.json" || true)
  printf '%-12s analyzed %5s  errors %4s  wall %7.2f s  %8.0f profiles/s  peak RSS %7s MiB\n' \
    "$label" "$analyzed" "$errors" "$median" "$(echo "$N / $median" | bc -l)" "$rss"
}

run "$(nproc) workers"
run "1 worker" --jobs 1
