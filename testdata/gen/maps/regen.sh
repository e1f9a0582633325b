#!/usr/bin/env bash
# Regenerates testdata/maps/go1.NN/{heap.dump.gz,maps.json}: the map header recognition's test dumps
# (testdata/gen/maps/main.go), with each Go version.
#
#   testdata/gen/maps/regen.sh                    # Go 1.19 1.22 1.24 1.26
#   GO_VERSIONS="1.26" testdata/gen/maps/regen.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GEN="$(dirname "$HERE")"
TD="$(dirname "$GEN")"
GO_VERSIONS="${GO_VERSIONS:-1.19 1.22 1.24 1.26}"
export GOFLAGS='' GOPROXY=off GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for v in $GO_VERSIONS; do
	out="$TD/maps/go$v"
	mkdir -p "$out"
	(cd "$GEN" && "/usr/lib/go-$v/bin/go" build -trimpath -o "$tmp/maps" ./maps)
	"$tmp/maps" "$tmp"
	gzip -9n <"$tmp/heap.dump" >"$out/heap.dump.gz"
	cp "$tmp/maps.json" "$out/maps.json"
	echo "maps/go$v: $(wc -c <"$out/heap.dump.gz") bytes"
done
