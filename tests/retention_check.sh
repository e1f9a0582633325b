#!/usr/bin/env bash
# End to end: builds the retention test programs (testdata/gen/retention) with every installed Go
# of 1.19, 1.22, 1.24, 1.26, runs them for a heap dump, and checks that
# `heapdoc analyze DUMP --binary EXE` names the global that holds main.newEntry's survivors in the
# lifetime advice, in text, JSON and Markdown, and that this Go's `go tool pprof` shows it as the
# root of the reference chains in --retention-profile. Exit 77 (skipped) when no Go toolchain is
# installed, unless CI is set (then that is a failure).
#   tests/retention_check.sh HEAPDOC REPO
set -euo pipefail
HEAPDOC="$1"
REPO="$2"
export GOFLAGS='' GOPROXY=off GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GOCACHE="${TMPDIR:-/tmp}/heapdoc-retention-gocache"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
found=0
fail=0
for v in 1.19 1.22 1.24 1.26; do
	go="/usr/lib/go-$v/bin/go"
	[ -x "$go" ] || continue
	found=1
	# staticptr: `var index = &Index{}` (an unnamed static that main.index points at) is held by main.index (path: *main.index+8);
	# shardedmap: 16 maps in a global array hold the survivors, whose lifetime advice the maps do not take.
	for case in globalslice:main.survivors mapinstruct:main.registry channel:main.queue closure:main.report staticptr:main.index shardedmap:main.shards; do
		h="${case%%:*}"
		want="held by ${case#*:}"
		(cd "$REPO/testdata/gen" && "$go" build -o "$tmp/$h-$v" "./retention/$h")
		"$tmp/$h-$v" "$tmp/$h-$v.dump" >/dev/null
		# The chains as a pprof profile: this Go's pprof shows the global as the chains' root.
		"$HEAPDOC" analyze "$tmp/$h-$v.dump" --binary "$tmp/$h-$v" --retention-profile "$tmp/$h-$v.pb.gz" >/dev/null
		if ! "$go" tool pprof -top -nodefraction=0 -sample_index=pinned "$tmp/$h-$v.pb.gz" 2>&1 | grep -F "(global)" | grep -qF -- "${case#*:}"; then
			echo "FAIL go$v $h: go tool pprof -top of --retention-profile shows no \"${case#*:}... (global)\""
			fail=1
		fi
		for format in text json markdown; do
			"$HEAPDOC" analyze "$tmp/$h-$v.dump" --binary "$tmp/$h-$v" --format "$format" >"$tmp/out"
			if [ "$format" = json ]; then
				python3 - "$tmp/out" "${case#*:}" <<'PY' || { echo "FAIL go$v $h json: lifetime advice not held by ${case#*:}"; fail=1; }
import json, sys
report = json.load(open(sys.argv[1]))
life = [a for a in report["advice"] if a["kind"] == "lifetime" and a["function"] == "main.newEntry"]
ok = bool(life) and life[0].get("held_by", "").startswith(sys.argv[2])
if ok and sys.argv[2] == "main.shards":
    # The 16 shards are roots inside one variable: one holder, every sampled survivor, no offset.
    ok = life[0]["held_by"] == "main.shards" and life[0]["held_sampled_objects"] == life[0]["sampled_survivors"]
if ok and sys.argv[2] == "main.index":
    # The root is inside the static value main.index points at: named by the variable, the path says where.
    ok = life[0]["held_by"] == "main.index" and life[0]["holder_path"][0] == "*main.index+8"
sys.exit(0 if ok else 1)
PY
			elif ! grep -qF -- "$want" "$tmp/out"; then
				echo "FAIL go$v $h $format: no \"$want\""
				fail=1
			fi
		done
		echo "go$v $h: ok"
	done
done
if [ "$found" = 0 ]; then
	[ -n "${CI:-}" ] && { echo "no Go toolchain under /usr/lib/go-1.NN (testdata/gen/install_go.sh installs them)"; exit 1; }
	echo "no Go toolchain installed: skipped"
	exit 77
fi
exit "$fail"
