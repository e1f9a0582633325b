#!/usr/bin/env bash
# Speed and memory of the heap-dump object graph and retention paths: `heapdoc analyze` on a dump
# of ~13 million 48 B pointerful objects in chains held by a global (testdata/gen/graphdump, about
# 0.9 GB), against the same analysis by a heapdoc built without the graph (HEAPDOC_BASE, optional).
# Usage: bench/bench_graph.sh [MIB]   (default 600 MiB of kept nodes)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/bench/out
mkdir -p "$OUT"
MIB=${1:-600}
HEAPDOC=${HEAPDOC:-build/heapdoc}
GO=${GO:-/usr/lib/go-1.26/bin/go}
[ -x "$HEAPDOC" ] || { echo "bench: build heapdoc first (scripts/setup.sh)" >&2; exit 2; }
dump=$OUT/graphdump-$MIB.dump
if [ ! -f "$dump" ]; then
  (cd testdata/gen && GOTOOLCHAIN=local "$GO" build -o "$OUT/graphdump" ./graphdump)
  "$OUT/graphdump" -mb "$MIB" "$dump"
fi
objects=$("$HEAPDOC" analyze "$dump" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["live_objects"])')
run() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1; }
read -r s kb < <(run "$HEAPDOC" analyze "$dump" --binary "$OUT/graphdump")
printf 'dump %s bytes, %s live objects: %s s, peak %s MiB (%.1f B/object)\n' "$(stat -c %s "$dump")" "$objects" "$s" \
  "$((kb / 1024))" "$(echo "$kb * 1024 / $objects" | bc -l)"
if [ -n "${HEAPDOC_BASE:-}" ]; then
  read -r s kb < <(run "$HEAPDOC_BASE" analyze "$dump")
  printf 'without the graph (%s): %s s, peak %s MiB\n' "$HEAPDOC_BASE" "$s" "$((kb / 1024))"
fi
