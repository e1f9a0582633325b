#!/usr/bin/env bash
# Regenerates testdata/advice/: for each before/after program pair under
# testdata/gen/advice/<pattern>/, built with each Go toolchain, the snapshot
# files in testdata/advice/<pattern>/go1.NN/{before,after}/ (heap.pb.gz,
# memstats.json, heap.dump.gz, measured.json), then
# testdata/advice/<pattern>/expect.json (gen/advice/expect: the culprit from
# the "// heapdoc:culprit" line of before/main.go, the advice kind from the
# table below, the measured savings). Runnable from any directory; about a
# minute.
#
#   testdata/gen/advice/regen.sh [pattern...]
#
# Environment: ADVICE_GO (space-separated go commands, default Debian's
# /usr/lib/go-1.26/bin/go and /usr/lib/go-1.22/bin/go; the expect tool is built
# with the first); ADSNAP_MEMPROFILERATE ("default" or bytes: overrides every
# program's runtime.MemProfileRate, see adsnap; for scratch runs only, the
# committed data is made without it).
set -euo pipefail

GEN="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$(dirname "$(dirname "$GEN")")/advice"
read -r -a GOS <<<"${ADVICE_GO:-/usr/lib/go-1.26/bin/go /usr/lib/go-1.22/bin/go}"

# pattern -> the advice kind its fix corresponds to.
declare -A KIND=(
	[fieldalign]=fieldalignment
	[lifetime]=lifetime
	[pool]=pool
	[retainedcap]=retained-capacity
	[mapshrink]=map-rebuild
	[largeobject]=large-object
	[dnscache]=lifetime
	[ratelimit]=lifetime
	[metricsagg]=fieldalignment
	[subslice]=retained-capacity
)
ALL=(fieldalign lifetime pool retainedcap mapshrink largeobject dnscache ratelimit metricsagg subslice)
PATTERNS=("$@")
[ ${#PATTERNS[@]} -gt 0 ] || PATTERNS=("${ALL[@]}")
for p in "${PATTERNS[@]}"; do
	[ -n "${KIND[$p]:-}" ] || { echo "!! unknown pattern $p (known: ${ALL[*]})" >&2; exit 2; }
done

export GOFLAGS= GOPROXY=off GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GOSUMDB=off GO111MODULE=on

# Binaries go to a fixed, git-ignored place: the profiles' Mapping records the
# executable's path.
BIN="$GEN/.bin"
mkdir -p "$BIN"

for go in "${GOS[@]}"; do
	full="$("$go" env GOVERSION)"              # go1.26.10
	ver="$(echo "$full" | cut -d. -f1-2)"      # go1.26
	echo "== $full"
	for p in "${PATTERNS[@]}"; do
		rm -rf "${OUT:?}/$p/$ver"
		for x in before after; do
			exe="$BIN/$ver/$p-$x"
			(cd "$GEN" && "$go" build -trimpath -o "$exe" "./$p/$x")
			start=$(date +%s%N)
			"$exe" "$OUT/$p/$ver/$x"
			printf '   %-12s %-6s %6d ms  heap_inuse %s\n' "$p" "$x" $((($(date +%s%N) - start) / 1000000)) \
				"$(sed -n 's/^  "heap_inuse": \([0-9]*\),/\1/p' "$OUT/$p/$ver/$x/measured.json")"
		done
	done
done

(cd "$GEN" && "${GOS[0]}" build -o "$BIN/expect" ./expect)
for p in "${PATTERNS[@]}"; do
	"$BIN/expect" -gen "$GEN" -out "$OUT" "$p" "${KIND[$p]}"
done

# --- sanity checks ---------------------------------------------------------
fail=0
for p in "${PATTERNS[@]}"; do
	for d in "$OUT/$p"/go1.*/*/; do
		for f in heap.pb.gz memstats.json heap.dump.gz measured.json; do
			[ -s "$d$f" ] || { echo "!! missing or empty: $d$f" >&2; fail=1; }
		done
		if [ "$(gzip -dc "${d}heap.dump.gz" | head -c 16)" != "go1.7 heap dump" ]; then
			echo "!! ${d}heap.dump.gz: bad header" >&2
			fail=1
		fi
	done
done
[ "$fail" = 0 ] || exit 1

echo "== done; sizes:"
(cd "$OUT" && du -sh -- "${ALL[@]}" 2>/dev/null; du -sh .)
