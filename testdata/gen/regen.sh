#!/usr/bin/env bash
# Regenerates heapdoc's Go test data with several Go versions. Runnable from any
# directory. First runs install_go.sh (Debian's golang-1.NN-go packages; a no-op
# when they are installed), then, for each Go version:
#
#   Go 1.19 (the base)  testdata/<scenario>/ and testdata/corpus_expected/:
#                       committed and NOT rewritten unless --base is given
#   Go 1.22, 1.24, 1.26 testdata/<scenario>/go1.NN/, the same file set as the
#                       base directory of that scenario
#
# Each version builds every program under testdata/gen with its own go
# command, runs the scenarios, and records the expectations with its own
# `go tool pprof -raw` (pprof-raw*.txt, expected*.json) and, for heap dumps,
# gen/dumpsummary's dump-summary.json, whose checks (live objects == HeapObjects,
# live bytes == HeapAlloc, span bytes == HeapInuse) are reported at the end.
# metrics.prom needs golang-github-prometheus-client-golang-dev.
#
#   testdata/gen/regen.sh                      # 1.22, 1.24, 1.26
#   GO_VERSIONS="1.26" testdata/gen/regen.sh   # one version
#   testdata/gen/regen.sh --base               # also rewrite the committed Go 1.19 data
#
# Environment: GO_VERSIONS (default "1.19 1.22 1.24 1.26"; 1.19 is skipped
# without --base), GO_CMD_PATTERN (printf pattern of a version's go command,
# default /usr/lib/go-%s/bin/go), HEAPDOC_CORPUS (default ../shared/corpus; a
# relative path is taken from the repository root; --base only, skipped with a warning if absent),
# PROM_GOPATH (default /usr/share/gocode).
set -euo pipefail

BASE_VERSION=1.19
REWRITE_BASE=0
for arg in "$@"; do
	case "$arg" in
	--base) REWRITE_BASE=1 ;;
	-h | --help)
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "usage: $0 [--base]" >&2
		exit 2
		;;
	esac
done

GEN="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TD="$(dirname "$GEN")"
REPO="$(dirname "$TD")"
GO_VERSIONS="${GO_VERSIONS:-1.19 1.22 1.24 1.26}"
GO_CMD_PATTERN="${GO_CMD_PATTERN:-/usr/lib/go-%s/bin/go}"
# Relative paths (the default too) are taken from the repository root, wherever the script runs.
CORPUS="${HEAPDOC_CORPUS:-../shared/corpus}"
case "$CORPUS" in /*) ;; *) CORPUS="$REPO/$CORPUS" ;; esac
PROM_GOPATH="${PROM_GOPATH:-/usr/share/gocode}"

SCENARIOS=(scattered healthy padded large wide inlined exact twoclasses fillevict pinning mixedlife churnbuf)
DUMP_SCENARIOS=(scattered healthy twoclasses fillevict pinning mixedlife)
PROM_SCENARIOS=" scattered healthy service "
CORPUS_KINDS=" go-heap go-allocs go-heap-text pruned-go-heap derived-delta synthetic broken "

export GOFLAGS='' GOPROXY=off GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GONOSUMDB='' GOSUMDB=off

"$GEN/install_go.sh"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# Binaries go to fixed places (git-ignored): the profiles' Mapping records the
# executable's path, so a temporary directory would change on every run. The
# base version's programs and the tools live in .bin/ (as before versions were
# added), each other version's in .bin/go1.NN/.
BIN_ROOT="$GEN/.bin"
mkdir -p "$BIN_ROOT"
mkdir -p "$WORK/gopath/src/heapdoc/testdata"
ln -s "$GEN" "$WORK/gopath/src/heapdoc/testdata/gen"

# shellcheck disable=SC2059 # the pattern is the format
go_cmd() { printf "$GO_CMD_PATTERN" "$1"; }

# --- build -----------------------------------------------------------------
# build GO BINDIR NAME: module mode, or GOPATH mode with -tags prom for the
# Prometheus scenarios when client_golang builds with GO (Debian ships it only
# as GOPATH sources, so this module is linked into a GOPATH).
build() {
	local go="$1" bin="$2" name="$3"
	if [ "$HAVE_PROM" = 1 ] && [[ "$PROM_SCENARIOS" == *" $name "* ]]; then
		echo "== build $name (GOPATH mode, -tags prom)"
		(cd "$WORK" && GO111MODULE=off GOPATH="$PROM_GOPATH:$WORK/gopath" \
			"$go" build -trimpath -tags prom -o "$bin/$name" "heapdoc/testdata/gen/$name")
	else
		echo "== build $name"
		(cd "$GEN" && GO111MODULE=on "$go" build -trimpath -o "$bin/$name" "./$name")
	fi
}

prom_check() { # GO: sets HAVE_PROM
	HAVE_PROM=0
	if [ ! -d "$PROM_GOPATH/src/github.com/prometheus/client_golang/prometheus/promhttp" ]; then
		echo "!! $PROM_GOPATH has no prometheus/client_golang; metrics.prom skipped" >&2
	elif (cd "$WORK" && GO111MODULE=off GOPATH="$PROM_GOPATH:$WORK/gopath" \
		"$1" build -tags prom -o "$WORK/promcheck" heapdoc/testdata/gen/snap) 2>"$WORK/prom.err"; then
		HAVE_PROM=1
	else
		echo "!! Prometheus client_golang does not build with $("$1" version); metrics.prom skipped:" >&2
		cat "$WORK/prom.err" >&2
	fi
}

# The tools read files only; one build (the first version's) serves every version.
tools_go=""
for v in $GO_VERSIONS; do
	[ -x "$(go_cmd "$v")" ] || { echo "!! no go command for Go $v: $(go_cmd "$v")" >&2; exit 1; }
	[ -n "$tools_go" ] || tools_go="$(go_cmd "$v")"
done
HAVE_PROM=0
for t in rawsummary dumpsummary; do build "$tools_go" "$BIN_ROOT" "$t"; done

# --- expectations ----------------------------------------------------------
# expect GO PROFILE RAWOUT JSONOUT ERROUT: GO's pprof -raw PROFILE; on success
# write the raw text and its summary, on failure the error text.
expect() {
	local go="$1" in="$2" raw="$3" json="$4" err="$5"
	rm -f "$raw" "$json" "$err"
	if (cd "$(dirname "$in")" && PPROF_BINARY_PATH="$WORK/nobinaries" \
		"$go" tool pprof -symbolize=none -raw "./$(basename "$in")") >"$WORK/raw.out" 2>"$WORK/raw.err"; then
		mv "$WORK/raw.out" "$raw"
		"$BIN_ROOT/rawsummary" -profile "$in" "$raw" >"$json"
	else
		mv "$WORK/raw.err" "$err"
	fi
}

DUMP_REPORT="$WORK/dump-checks.txt"
: >"$DUMP_REPORT"

# generate VERSION: build every program with that Go and write its scenarios.
generate() {
	local v="$1" go bin sub
	go="$(go_cmd "$v")"
	if [ "$v" = "$BASE_VERSION" ]; then
		bin="$BIN_ROOT" sub=""
	else
		bin="$BIN_ROOT/go$v" sub="/go$v"
	fi
	echo "== Go $v: $("$go" version) -> testdata/<scenario>$sub/"
	mkdir -p "$bin"
	echo "== compile check: every package under testdata/gen"
	(cd "$GEN" && GO111MODULE=on "$go" build ./...)
	prom_check "$go"
	for s in "${SCENARIOS[@]}" service stacks; do build "$go" "$bin" "$s"; done

	for s in "${SCENARIOS[@]}"; do
		echo "== run $s (Go $v)"
		local out="$TD/$s$sub"
		if [ -z "$sub" ]; then
			# The base files only: the go1.NN/ directories stay.
			find "$out" -maxdepth 1 -type f -delete 2>/dev/null || true
		else
			rm -rf "$out"
		fi
		# Fixed argv (cmdline in vars.json): "<scenario> <outdir>", run from testdata/.
		(cd "$TD" && exec -a "$s" "$bin/$s" "$s$sub")
		expect "$go" "$out/heap.pb.gz" "$out/pprof-raw.txt" "$out/expected.json" "$out/pprof-error.txt"
		local txt="$out/heap.txt"
		[ -e "$txt" ] || txt="$out/heap.txt.gz"
		expect "$go" "$txt" "$out/pprof-raw-text.txt" "$out/expected-text.json" "$out/pprof-error-text.txt"
		if [ -e "$out/heap.dump.gz" ]; then
			"$BIN_ROOT/dumpsummary" "$out/heap.dump.gz" >"$out/dump-summary.json" 2>>"$DUMP_REPORT.err" || {
				cat "$DUMP_REPORT.err" >&2
				exit 1
			}
			if grep -q '"all_hold": true' "$out/dump-summary.json"; then
				echo "ok    $s$sub" >>"$DUMP_REPORT"
			else
				echo "FAIL  $s$sub: $(tr -d '\n ' <"$out/dump-summary.json" | grep -o '"checks":{[^}]*}')" >>"$DUMP_REPORT"
			fi
		fi
		for f in "$out"/pprof-error*.txt; do
			if [ -e "$f" ]; then
				echo "!! pprof failed on a generated profile: $f" >&2
				cat "$f" >&2
				exit 1
			fi
		done
	done
	# Keep only the non-snapshot programs (service, stacks) in the bin directory.
	for s in "${SCENARIOS[@]}"; do rm -f "$bin/$s"; done
	sanity "$v" "$sub"
}

# --- sanity checks ---------------------------------------------------------
sanity() { # VERSION SUBDIR
	local v="$1" sub="$2" fail=0 s f
	need() { [ -s "$1" ] || { echo "!! missing or empty: $1" >&2; fail=1; }; }
	for s in "${SCENARIOS[@]}"; do
		for f in heap.pb.gz memstats.json vars.json pprof-raw.txt expected.json pprof-raw-text.txt expected-text.json; do
			need "$TD/$s$sub/$f"
		done
		[ -s "$TD/$s$sub/heap.txt" ] || need "$TD/$s$sub/heap.txt.gz"
		if ! grep -q '"cmdline"' "$TD/$s$sub/vars.json" || ! grep -q '"memstats"' "$TD/$s$sub/vars.json"; then
			echo "!! $s$sub/vars.json lacks cmdline/memstats" >&2
			fail=1
		fi
		# The same file set as the base directory of that scenario.
		if [ -n "$sub" ]; then
			local have want
			want="$(find "$TD/$s" -maxdepth 1 -type f -printf '%f\n' | sort)"
			have="$(find "$TD/$s$sub" -maxdepth 1 -type f -printf '%f\n' | sort)"
			[ "$want" = "$have" ] || { echo "!! $s$sub: files differ from $s/:" >&2; diff <(echo "$want") <(echo "$have") >&2 || true; fail=1; }
		fi
	done
	for s in "${DUMP_SCENARIOS[@]}"; do
		need "$TD/$s$sub/heap.dump.gz"
		need "$TD/$s$sub/dump-summary.json"
		if [ "$(gzip -dc "$TD/$s$sub/heap.dump.gz" | head -c 16)" != "go1.7 heap dump" ]; then
			echo "!! $s$sub/heap.dump.gz: bad header" >&2
			fail=1
		fi
	done
	if [ "$HAVE_PROM" = 1 ]; then
		need "$TD/scattered$sub/metrics.prom"
		need "$TD/healthy$sub/metrics.prom"
	fi
	[ "$fail" = 0 ] || exit 1
}

# --- corpus (the base version's pprof) --------------------------------------
corpus() {
	local go CE n=0
	go="$(go_cmd "$BASE_VERSION")"
	if [ ! -f "$CORPUS/MANIFEST.tsv" ]; then
		echo "!! $CORPUS/MANIFEST.tsv not found; testdata/corpus_expected left as is" >&2
		return
	fi
	CE="$TD/corpus_expected"
	rm -rf "$CE"
	mkdir -p "$CE"
	while IFS=$'\t' read -r file kind _; do
		[ "$file" = file ] && continue
		[[ "$CORPUS_KINDS" == *" $kind "* ]] || continue
		expect "$go" "$CORPUS/profiles/$file" "$CE/$file.raw.txt" "$CE/$file.json" "$CE/$file.error.txt"
		# Keep the repository small: raw dumps over 1 MiB are stored gzipped.
		if [ -f "$CE/$file.raw.txt" ] && [ "$(stat -c %s "$CE/$file.raw.txt")" -gt 1048576 ]; then
			gzip -9 -n -f "$CE/$file.raw.txt"
		fi
		n=$((n + 1))
	done <"$CORPUS/MANIFEST.tsv"
	echo "== corpus: $n files, $(find "$CE" -name '*.error.txt' | wc -l) pprof errors"
}

dirs=()
for v in $GO_VERSIONS; do
	if [ "$v" = "$BASE_VERSION" ]; then
		if [ "$REWRITE_BASE" = 1 ]; then
			generate "$v"
			corpus
			dirs+=("${SCENARIOS[@]}" corpus_expected)
		else
			echo "== Go $v: the committed base data in testdata/<scenario>/ is kept (--base rewrites it)"
		fi
	else
		generate "$v"
		for s in "${SCENARIOS[@]}"; do dirs+=("$s/go$v"); done
	fi
done

if [ -s "$DUMP_REPORT" ]; then
	echo "== heap dumps: dumpsummary checks (live objects/bytes and span bytes vs the dump's MemStats)"
	cat "$DUMP_REPORT"
	grep -q '^FAIL' "$DUMP_REPORT" && echo "!! some dump checks do not hold (see testdata/README.md)" >&2
fi
if [ ${#dirs[@]} -gt 0 ]; then
	echo "== done; sizes:"
	(cd "$TD" && du -ch -- "${dirs[@]}" | sort -k2)
fi
