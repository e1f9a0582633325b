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
unset GITHUB_WORKSPACE  # set below where a run wants it
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
# In a GitHub workspace (testdata/gen holds the go.mod of the generators): repository-relative URIs,
# heap-wide findings on go.mod.
GITHUB_WORKSPACE="$T/gen" run workspace 1 "$T/scattered/heap.pb.gz" --memstats "$T/scattered/memstats.json" \
    --max-fragmentation 10% --max-site-cost 1MiB --trim-prefix heapdoc/testdata/gen/
GITHUB_WORKSPACE="$T/gen" run workspace-again 0 "$T/scattered/heap.pb.gz" --memstats "$T/scattered/memstats.json" \
    --max-fragmentation 10% --max-site-cost 1MiB --trim-prefix heapdoc/testdata/gen/ --exit-zero
python3 "$SRC/tests/sarif_validate.py" "$T/sarif/sarif-schema-2.1.0.json" "$OUT"/*.sarif
python3 - "$OUT/workspace.sarif" "$OUT/workspace-again.sarif" "$OUT/fragmented.sarif" <<'PY'
import json, re, sys
first, again, fragmented = (json.load(open(p)) for p in sys.argv[1:4])
run = first["runs"][0]
results = run["results"]
assert results, "no results"
fps = []
for r in results:
    fp = r.get("partialFingerprints", {}).get("heapdoc/v1", "")
    assert re.fullmatch(r"[0-9a-f]{16}", fp), f"{r['ruleId']}: fingerprint {fp!r}"
    fps.append(fp)
    uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert not uri.startswith("file:") and not uri.startswith("/"), f"{r['ruleId']}: absolute uri {uri}"
    if r["ruleId"] == "max-fragmentation":
        assert uri == "go.mod", f"heap-wide finding at {uri}, want go.mod"
    if r["ruleId"] == "max-site-cost":
        assert uri.startswith("scattered/"), f"site finding at {uri}, want scattered/..."
    for key in ("figure", "limit"):
        v = r["properties"].get(key)
        if r["properties"].get("unit") == "bytes":
            assert isinstance(v, int), f"{r['ruleId']}: {key} {v!r} is not an integer"
assert len(set(fps)) == len(fps), "two results share a fingerprint"
again_fps = [r["partialFingerprints"]["heapdoc/v1"] for r in again["runs"][0]["results"]]
assert again_fps == fps, "fingerprints changed between two runs of the same input"
rules = run["tool"]["driver"]["rules"]
helps = [r["help"]["text"] for r in rules if r["id"].startswith("advice/")]
assert len(helps) == len(set(helps)), "two advice kinds share a help text"
assert all(len(h) > 60 for h in helps), "an advice rule has no real help"
for r in fragmented["runs"][0]["results"]:
    uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    if r["ruleId"] == "max-fragmentation":
        assert uri.endswith("heap.pb.gz"), f"without a repository root a heap-wide finding points at the profile, got {uri}"
print(f"OK: {len(results)} results with stable, distinct fingerprints; repository-relative URIs; "
      f"{len(helps)} advice rules with their own help")
PY
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
