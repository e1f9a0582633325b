#!/usr/bin/env bash
# Runs heapdoc on every testdata/advice/<pattern>/go1.NN/{before,after} snapshot
# in three modes and prints a Markdown table of what it predicts against
# testdata/advice/<pattern>/expect.json (docs/advice-proof.md holds one run).
# Needs jq.
#
#   testdata/gen/advice/baseline.sh [HEAPDOC] [JSONDIR]
#
# HEAPDOC defaults to build/heapdoc; heapdoc's JSON reports are kept in JSONDIR
# (default: a temporary directory, removed at the end).
#
# Modes:
#   pprof  heapdoc analyze heap.pb.gz --memstats memstats.json --source <program dir>
#   dump   heapdoc analyze heap.dump.gz
#   both   heapdoc analyze heap.pb.gz --dump heap.dump.gz
# Columns: the top-ranked site (function basename:line), whether it is the
# culprit (same function and line; for `after`, same function), the advice
# heapdoc gives at the culprit's function (kind and predicted saving; for
# `before`, "kind@N" when given at another line N of that function), and
# predicted/measured for the advice of the expected kind at the culprit line
# (`before` only, as tests/advice_proof_test.cc checks it; in parentheses,
# that ratio for the other kinds given there when the expected kind is missing).
set -euo pipefail

GEN="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$(dirname "$(dirname "$GEN")")")"
TD="$REPO/testdata/advice"
HEAPDOC="${1:-$REPO/build/heapdoc}"
if [ -n "${2:-}" ]; then
	JSONDIR="$2"
	mkdir -p "$JSONDIR"
else
	JSONDIR="$(mktemp -d)"
	trap 'rm -rf "$JSONDIR"' EXIT
fi

# jq: a number with two decimals.
F2='def f2: (. * 100 | round) as $n | ($n | fabs) as $a | (if $n < 0 then "-" else "" end) + "\($a / 100 | floor)." + ("\($a % 100)" | if length < 2 then "0" + . else . end);'

echo "| pattern | Go | version | mode | top site | culprit? | advice at culprit (kind: predicted MiB) | predicted/measured |"
echo "|---|---|---|---|---|---|---|---|"
for exp in "$TD"/*/expect.json; do
	dir="$(dirname "$exp")"
	p="$(basename "$dir")"
	kind="$(jq -r .advice_kind "$exp")"
	fn="$(jq -r .culprit.function "$exp")"
	line="$(jq -r .culprit.line "$exp")"
	for gv in "$dir"/go1.*; do
		ver="$(basename "$gv")"
		measured="$(jq -r --arg v "$ver" '.versions[$v].saving_bytes' "$exp")"
		for x in before after; do
			d="$gv/$x"
			for mode in pprof dump both; do
				out="$JSONDIR/$p-$ver-$x-$mode.json"
				case $mode in
				pprof) args=("$d/heap.pb.gz" --memstats "$d/memstats.json" --source "$REPO/testdata/gen/advice/$p/$x") ;;
				dump) args=("$d/heap.dump.gz") ;;
				both) args=("$d/heap.pb.gz" --dump "$d/heap.dump.gz") ;;
				esac
				if ! (cd "$REPO" && "$HEAPDOC" analyze "${args[@]}" --format json) >"$out" 2>"$out.err"; then
					echo "| $p | $ver | $x | $mode | heapdoc failed: $(head -c 120 "$out.err" | tr '\n|' '  ') | | | |"
					continue
				fi
				top="$(jq -r '.sites[0] | if . == null then "(none)" else "\(.function) \(.file | split("/") | last):\(.line) (\(.size) B)" end' "$out")"
				is_culprit="$(jq -r --arg f "$fn" --argjson l "$line" --arg x "$x" \
					'.sites[0] | if . == null then "no" elif .function == $f and ($x == "after" or .line == $l) then "yes" else "no" end' "$out")"
				# before: advice at another line of the culprit's function is marked "@line".
				advice="$(jq -r --arg f "$fn" --argjson l "$line" --arg x "$x" "$F2"'[.advice[] | select(.function == $f)
					| "\(.kind)\(if $x == "before" and .line != $l then "@\(.line)" else "" end): \(.saving_bytes / 1048576 | f2)"]
					| if length == 0 then "none" else join(", ") end' "$out")"
				ratio="—"
				if [ "$x" = before ]; then
					# The expected kind's prediction; failing that, the other kinds' at the culprit, in parentheses.
					ratio="$(jq -r --arg f "$fn" --argjson l "$line" --arg k "$kind" --argjson m "$measured" "$F2"'
						[.advice[] | select(.function == $f and .line == $l)] as $a
						| ([$a[] | select(.kind == $k) | .saving_bytes] | add) as $p
						| if $p != null then $p / $m | f2
						  elif ($a | length) > 0 then "— (" + ([$a[] | "\(.kind) \(.saving_bytes / $m | f2)"] | join(", ")) + ")"
						  else "—" end' "$out")"
				fi
				echo "| $p | $ver | $x | $mode | $top | $is_culprit | $advice | $ratio |"
			done
		done
	done
done
echo
echo "Measured savings (expect.json saving_bytes): $(for exp in "$TD"/*/expect.json; do
	jq -r "$F2"'"\(.pattern) (\(.advice_kind)) " + ([.versions | to_entries[] | "\(.key) \(.value.saving_bytes / 1048576 | f2) MiB"] | join(", "))' "$exp"
done | paste -sd ';' - | sed 's/;/; /g')"
