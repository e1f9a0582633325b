#!/usr/bin/env bash
# Regenerates heapdoc's Go test data under testdata/<scenario>/ and the
# recorded pprof expectations (testdata/<scenario>/expected*.json,
# testdata/<scenario>/dump-summary.json for heap dumps,
# testdata/corpus_expected/). Runnable from any directory; needs only Debian's
# Go (1.19) and, optionally, golang-github-prometheus-client-golang-dev for
# metrics.prom and the service's /metrics.
#
#   testdata/gen/regen.sh
#
# Environment: GO (go command, default "go"), HEAPDOC_CORPUS (default
# /work/shared/corpus; skipped with a warning if absent), PROM_GOPATH (default
# /usr/share/gocode).
set -euo pipefail

GEN="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TD="$(dirname "$GEN")"
GO="${GO:-go}"
CORPUS="${HEAPDOC_CORPUS:-/work/shared/corpus}"
PROM_GOPATH="${PROM_GOPATH:-/usr/share/gocode}"

SCENARIOS=(scattered healthy padded large wide inlined exact twoclasses fillevict pinning mixedlife churnbuf)
PROM_SCENARIOS=" scattered healthy service "
CORPUS_KINDS=" go-heap go-allocs go-heap-text pruned-go-heap derived-delta synthetic broken "

export GOFLAGS= GOPROXY=off GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GONOSUMDB= GOSUMDB=off

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# Binaries go to a fixed place (git-ignored): the profiles' Mapping records the
# executable's path, so a temporary directory would change on every run.
BIN="$GEN/.bin"
rm -rf "$BIN"
mkdir -p "$BIN"

echo "== go: $("$GO" version)"

# --- build -----------------------------------------------------------------
build_mod() { # name
	(cd "$GEN" && GO111MODULE=on "$GO" build -trimpath -o "$BIN/$1" "./$1")
}

HAVE_PROM=0
if [ -d "$PROM_GOPATH/src/github.com/prometheus/client_golang/prometheus/promhttp" ]; then
	# client_golang is only available as Debian GOPATH sources, so build the
	# Prometheus-enabled programs in GOPATH mode, with this module linked in.
	mkdir -p "$WORK/gopath/src/heapdoc/testdata"
	ln -s "$GEN" "$WORK/gopath/src/heapdoc/testdata/gen"
	if (cd "$WORK" && GO111MODULE=off GOPATH="$PROM_GOPATH:$WORK/gopath" \
		"$GO" build -tags prom -o "$BIN/promcheck" heapdoc/testdata/gen/snap) 2>"$WORK/prom.err"; then
		HAVE_PROM=1
		rm -f "$BIN/promcheck"
	else
		echo "!! Prometheus client_golang does not build; metrics.prom skipped:" >&2
		cat "$WORK/prom.err" >&2
	fi
else
	echo "!! $PROM_GOPATH has no prometheus/client_golang; metrics.prom skipped" >&2
fi

for s in "${SCENARIOS[@]}" service stacks rawsummary dumpsummary; do
	if [ "$HAVE_PROM" = 1 ] && [[ "$PROM_SCENARIOS" == *" $s "* ]]; then
		echo "== build $s (GOPATH mode, -tags prom)"
		(cd "$WORK" && GO111MODULE=off GOPATH="$PROM_GOPATH:$WORK/gopath" \
			"$GO" build -trimpath -tags prom -o "$BIN/$s" "heapdoc/testdata/gen/$s")
	else
		echo "== build $s"
		build_mod "$s"
	fi
done

# --- expectations ----------------------------------------------------------
# expect PROFILE RAWOUT JSONOUT ERROUT: pprof -raw PROFILE; on success write
# the raw text and its summary, on failure the error text.
expect() {
	local in="$1" raw="$2" json="$3" err="$4"
	rm -f "$raw" "$json" "$err"
	if (cd "$(dirname "$in")" && PPROF_BINARY_PATH="$WORK/nobinaries" \
		"$GO" tool pprof -symbolize=none -raw "./$(basename "$in")") >"$WORK/raw.out" 2>"$WORK/raw.err"; then
		mv "$WORK/raw.out" "$raw"
		"$BIN/rawsummary" -profile "$in" "$raw" >"$json"
	else
		mv "$WORK/raw.err" "$err"
	fi
}

# --- scenarios -------------------------------------------------------------
for s in "${SCENARIOS[@]}"; do
	echo "== run $s"
	out="$TD/$s"
	rm -rf "$out"
	# Fixed argv (cmdline in vars.json): "<scenario> <scenario>", run from testdata/.
	(cd "$TD" && exec -a "$s" "$BIN/$s" "$s")
	expect "$out/heap.pb.gz" "$out/pprof-raw.txt" "$out/expected.json" "$out/pprof-error.txt"
	txt="$out/heap.txt"
	[ -e "$txt" ] || txt="$out/heap.txt.gz"
	expect "$txt" "$out/pprof-raw-text.txt" "$out/expected-text.json" "$out/pprof-error-text.txt"
	if [ -e "$out/heap.dump.gz" ]; then
		"$BIN/dumpsummary" "$out/heap.dump.gz" >"$out/dump-summary.json"
	fi
	for f in "$out"/pprof-error*.txt; do
		if [ -e "$f" ]; then
			echo "!! pprof failed on a generated profile: $f" >&2
			cat "$f" >&2
			exit 1
		fi
	done
done

# Keep only the tools and the non-snapshot programs (service, stacks) in .bin.
for s in "${SCENARIOS[@]}"; do rm -f "$BIN/$s"; done

# --- corpus ----------------------------------------------------------------
if [ -f "$CORPUS/MANIFEST.tsv" ]; then
	CE="$TD/corpus_expected"
	rm -rf "$CE"
	mkdir -p "$CE"
	n=0
	while IFS=$'\t' read -r file kind _; do
		[ "$file" = file ] && continue
		[[ "$CORPUS_KINDS" == *" $kind "* ]] || continue
		expect "$CORPUS/profiles/$file" "$CE/$file.raw.txt" "$CE/$file.json" "$CE/$file.error.txt"
		# Keep the repository small: raw dumps over 1 MiB are stored gzipped.
		if [ -f "$CE/$file.raw.txt" ] && [ "$(stat -c %s "$CE/$file.raw.txt")" -gt 1048576 ]; then
			gzip -9 -n -f "$CE/$file.raw.txt"
		fi
		n=$((n + 1))
	done <"$CORPUS/MANIFEST.tsv"
	echo "== corpus: $n files, $(ls "$CE"/*.error.txt 2>/dev/null | wc -l) pprof errors"
else
	echo "!! $CORPUS/MANIFEST.tsv not found; testdata/corpus_expected left as is" >&2
fi

# --- sanity checks ---------------------------------------------------------
fail=0
need() { [ -s "$1" ] || { echo "!! missing or empty: $1" >&2; fail=1; }; }
for s in "${SCENARIOS[@]}"; do
	for f in heap.pb.gz memstats.json vars.json pprof-raw.txt expected.json pprof-raw-text.txt expected-text.json; do
		need "$TD/$s/$f"
	done
	[ -s "$TD/$s/heap.txt" ] || need "$TD/$s/heap.txt.gz"
	grep -q '"cmdline"' "$TD/$s/vars.json" && grep -q '"memstats"' "$TD/$s/vars.json" || { echo "!! $s/vars.json lacks cmdline/memstats" >&2; fail=1; }
done
for s in scattered healthy twoclasses fillevict pinning mixedlife; do
	need "$TD/$s/heap.dump.gz"
	need "$TD/$s/dump-summary.json"
	if [ "$(gzip -dc "$TD/$s/heap.dump.gz" | head -c 16)" != "go1.7 heap dump" ]; then
		echo "!! $s/heap.dump.gz: bad header" >&2
		fail=1
	fi
done
if [ "$HAVE_PROM" = 1 ]; then
	need "$TD/scattered/metrics.prom"
	need "$TD/healthy/metrics.prom"
fi
[ "$fail" = 0 ] || exit 1

echo "== done; sizes:"
(cd "$TD" && du -ch -- "${SCENARIOS[@]}" corpus_expected 2>/dev/null | sort -k2)
