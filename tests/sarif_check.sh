#!/usr/bin/env bash
# ctest sarif_schema: `heapdoc check --format sarif` output validated against the OASIS SARIF 2.1.0
# schema (testdata/sarif) with python3-jsonschema. Exit 77 (skipped) only when jsonschema is missing.
set -euo pipefail
HEAPDOC=$1
SRC=$2
python3 -c "import jsonschema" 2>/dev/null || { echo "SKIP: python3-jsonschema missing (apt-get install python3-jsonschema)"; exit 77; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
T=$SRC/testdata
run() {  # run NAME EXPECTED_EXIT ARGS...: heapdoc check ... --format sarif -o OUT/NAME.sarif
  local name=$1 want=$2; shift 2
  set +e
  "$HEAPDOC" check "$@" --no-config --format sarif -o "$OUT/$name.sarif" 2>"$OUT/$name.err"
  local got=$?
  set -e
  if [ "$got" -ne "$want" ]; then echo "FAIL: $name exited $got, want $want"; cat "$OUT/$name.err"; exit 1; fi
}
run fragmented 1 "$T/scattered/heap.pb.gz" --memstats "$T/scattered/memstats.json" --max-fragmentation 0.5 \
    --max-external-waste 1MiB --max-class-waste 1MiB --max-site-cost 1MiB
run dump 1 "$T/pinning/heap.pb.gz" --dump "$T/pinning/heap.dump.gz" --max-class-waste 64KiB --max-site-cost 64KiB
run healthy 0 "$T/healthy/heap.pb.gz" --memstats "$T/healthy/memstats.json" --max-fragmentation 50%
run baseline 1 "$T/scattered/heap.pb.gz" --memstats "$T/scattered/memstats.json" \
    --baseline "$T/healthy/heap.pb.gz" --baseline-memstats "$T/healthy/memstats.json" --max-growth 10%
run trimmed 1 "$T/scattered/heap.pb.gz" --memstats "$T/scattered/memstats.json" --max-site-cost 1MiB \
    --trim-prefix heapdoc/
python3 "$SRC/tests/sarif_validate.py" "$T/sarif/sarif-schema-2.1.0.json" "$OUT"/*.sarif
# The schema must really reject a broken log (the validator is not a no-op).
python3 - "$OUT/fragmented.sarif" "$OUT/broken.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
log["runs"][0]["results"][0]["level"] = "fatal"
del log["runs"][0]["tool"]["driver"]["name"]
json.dump(log, open(sys.argv[2], "w"))
PY
if python3 "$SRC/tests/sarif_validate.py" "$T/sarif/sarif-schema-2.1.0.json" "$OUT/broken.sarif" >/dev/null; then
  echo "FAIL: a broken SARIF log passed validation"; exit 1
fi
echo "OK: SARIF logs valid against the SARIF 2.1.0 schema; a broken log is rejected"
