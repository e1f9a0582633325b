#!/usr/bin/env bash
# Regenerates the retention test dumps: builds every holder program under testdata/gen/retention
# with each Go version, runs it, and writes testdata/retention/<holder>/go1.NN/heap.dump.gz. The
# binaries are not kept (2 MB each): the test that needs --binary (tests/retention_check.sh) builds
# and runs the programs itself.
#
#   testdata/gen/retention/regen.sh                    # Go 1.19 1.22 1.24 1.26
#   GO_VERSIONS="1.26" testdata/gen/retention/regen.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GEN="$(dirname "$HERE")"
TD="$(dirname "$GEN")"
GO_VERSIONS="${GO_VERSIONS:-1.19 1.22 1.24 1.26}"
HOLDERS=(globalslice mapinstruct goroutinelocal closure channel)
export GOFLAGS='' GOPROXY=off GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0
"$GEN/install_go.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for v in $GO_VERSIONS; do
	for h in "${HOLDERS[@]}"; do
		(cd "$GEN" && "/usr/lib/go-$v/bin/go" build -o "$tmp/$h" "./retention/$h")
		"$tmp/$h" "$tmp/$h.dump" >/dev/null
		mkdir -p "$TD/retention/$h/go$v"
		gzip -9n <"$tmp/$h.dump" >"$TD/retention/$h/go$v/heap.dump.gz"
		echo "retention/$h/go$v: $(wc -c <"$TD/retention/$h/go$v/heap.dump.gz") bytes"
	done
done
