#!/usr/bin/env bash
# Installs the Go toolchains heapdoc's test data is written with: Debian's Go 1.19 (bookworm),
# 1.22 (bookworm-backports), 1.24 (trixie) and 1.26 (sid). Each lands in /usr/lib/go-1.NN; the
# extra suites get pin priority 100 so that no other package moves. Idempotent.
#
#   testdata/gen/install_go.sh        # then /usr/lib/go-1.NN/bin/go for NN in 19 22 24 26
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

want=(golang-1.19-go golang-1.22-go golang-1.24-go golang-1.26-go)
missing=()
for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0

list=/etc/apt/sources.list.d/heapdoc-go-toolchains.sources
if [ ! -f "$list" ]; then
  $SUDO tee "$list" >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports trixie sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $SUDO tee /etc/apt/preferences.d/heapdoc-go-toolchains >/dev/null <<'PIN'
Package: *
Pin: release n=bookworm-backports
Pin-Priority: 100

Package: *
Pin: release n=trixie
Pin-Priority: 100

Package: *
Pin: release n=sid
Pin-Priority: 100
PIN
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends golang-1.19-go
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports golang-1.22-go
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends -t trixie golang-1.24-go
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends -t sid golang-1.26-go
for v in 19 22 24 26; do /usr/lib/go-1.$v/bin/go version; done
