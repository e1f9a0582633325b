#!/usr/bin/env bash
# All of heapdoc's speed figures in one run: pprof profiles with 2^17 and 2^20 distinct stacks
# (heapdoc analyze vs gzip -dc vs go tool pprof -top, with ratios and peak memory), then a heap dump
# of about 1 GB (throughput and peak memory). Inputs are made by real Go programs in testdata/gen
# and cached in bench/out/. Set PPROF=0 to skip go tool pprof on 2^20 stacks (it takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== pprof heap profiles"
bench/bench_analyze.sh 131072 1048576
echo
echo "== heap dump"
bench/bench_dump.sh 1400
