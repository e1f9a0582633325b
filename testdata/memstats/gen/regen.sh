#!/bin/sh
# Regenerates testdata/memstats/{runtime.json,vars.json,heap_debug1.txt,metrics.prom} with the
# local Go toolchain. metrics.prom needs client_golang from Debian
# (apt-get install golang-github-prometheus-client-golang-dev), built in GOPATH mode;
# without it the other three files are still written and metrics.prom is left as it is.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(dirname "$here")
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cd "$here"
if GO111MODULE=off GOPATH="${GOPATH:-$HOME/go}:/usr/share/gocode" go build -tags prom -o "$bin/gen" . 2>"$bin/prom.log"; then
  echo "regen: building with client_golang (metrics.prom)"
else
  echo "regen: client_golang not available, skipping metrics.prom:" >&2
  cat "$bin/prom.log" >&2
  GO111MODULE=off go build -o "$bin/gen" .
fi
"$bin/gen" "$out"
