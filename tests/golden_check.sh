#!/usr/bin/env bash
# ctest golden_reports (issue 14): the reports of tests/golden/cases.txt, run from the repository
# root with COLUMNS=100 and no GITHUB_WORKSPACE, compared byte for byte with tests/golden/NAME; a
# mismatch prints the unified diff. With --update, rewrites the golden files instead
# (scripts/update_golden.sh).
set -euo pipefail
HEAPDOC=$(realpath "$1")
SRC=$(realpath "$2")
UPDATE=${3:-}
cd "$SRC"
export COLUMNS=100
unset GITHUB_WORKSPACE
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
failed=0
checked=0
while IFS=$'\t' read -r name args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  # shellcheck disable=SC2086  # the arguments are words on purpose
  "$HEAPDOC" $args > "$OUT/$name" 2>"$OUT/$name.err" || { echo "FAIL: $name: heapdoc $args exited $?"; cat "$OUT/$name.err"; exit 1; }
  if [ "$UPDATE" = "--update" ]; then
    cp "$OUT/$name" "tests/golden/$name"
    echo "updated tests/golden/$name"
    continue
  fi
  checked=$((checked + 1))
  if [ ! -f "tests/golden/$name" ]; then
    echo "FAIL: tests/golden/$name missing (scripts/update_golden.sh writes it)"; failed=1; continue
  fi
  if ! diff -u "tests/golden/$name" "$OUT/$name" --label "tests/golden/$name" --label "heapdoc $args"; then
    echo "FAIL: $name differs from tests/golden/$name (if the change is intended: scripts/update_golden.sh)"
    failed=1
  fi
done < tests/golden/cases.txt
[ "$UPDATE" = "--update" ] && exit 0
[ "$failed" -eq 0 ] || exit 1
echo "OK: $checked reports equal their golden files"
