#!/usr/bin/env bash
# Regenerates tests/golden/* (the golden reports of issue 14) with the built heapdoc, after a change
# to a report that is intended. Review the diff (git diff tests/golden) before committing.
# usage: scripts/update_golden.sh [BUILD_DIR]   (default: build)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
exec "$ROOT/tests/golden_check.sh" "$BUILD/heapdoc" "$ROOT" --update
