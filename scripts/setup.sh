#!/usr/bin/env bash
# Installs what heapdoc needs on Debian (12+) and builds it into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
PACKAGES=(cmake g++ make pkg-config libprotobuf-dev protobuf-compiler zlib1g-dev libcli11-dev libfmt-dev
          nlohmann-json3-dev libgtest-dev libgmock-dev libcurl4-openssl-dev golang-go curl python3
          libtomlplusplus-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
          chromium cmark-gfm python3-jsonschema)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
