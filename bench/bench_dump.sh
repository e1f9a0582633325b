#!/usr/bin/env bash
# Speed and memory of `heapdoc analyze` on a heap dump of at least 1 GB written by a real Go program
# (testdata/gen/bigdump). Prints the dump size, median wall time, throughput, and peak RSS, against
# `cat` of the same file (the cost of just reading it).
# Usage: bench/bench_dump.sh [MIB]   (default 1400: a dump of about 1.1 GB)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/bench/out
mkdir -p "$OUT"
MIB=${1:-1400}
RUNS=${RUNS:-5}
HEAPDOC=${HEAPDOC:-build/heapdoc}
[ -x "$HEAPDOC" ] || { echo "bench: build heapdoc first (scripts/setup.sh)" >&2; exit 2; }
command -v go >/dev/null || { echo "bench: needs Go (apt-get install golang-go)" >&2; exit 2; }
dump=$OUT/bigdump-$MIB.dump
if [ ! -f "$dump" ]; then
  (cd testdata/gen && go build -o "$OUT/bigdump" ./bigdump)
  "$OUT/bigdump" -mb "$MIB" "$dump"
fi

median_seconds() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000000 ))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1000}'
}

bytes=$(stat -c %s "$dump")
cat_s=$(median_seconds cat "$dump")
h_s=$(median_seconds "$HEAPDOC" analyze "$dump" --top 20)
rss_kb=$(/usr/bin/time -f '%M' "$HEAPDOC" analyze "$dump" 2>&1 >/dev/null | tail -1)
printf '%-22s %10s %8s %10s %10s %10s\n' input MB cat_s heapdoc_s "GB/s" peak_MiB
printf '%-22s %10.0f %8s %10s %10.2f %10.1f\n' "heap dump ($MIB MiB heap)" "$(echo "$bytes/1000000" | bc -l)" "$cat_s" "$h_s" \
  "$(echo "$bytes / $h_s / 1000000000" | bc -l)" "$(echo "$rss_kb / 1024" | bc -l)"
