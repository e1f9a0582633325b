#!/usr/bin/env bash
# ctest render_markdown_html: the Markdown report rendered by a real CommonMark+GFM renderer
# (cmark-gfm, else python3-markdown) has its tables and chart image links; the SVG charts are
# well-formed; the HTML report opened in headless Chromium shows its tables and inline charts
# (DOM dump) and is not blank (screenshot decoded). Exit 77 (skipped) only when a tool is missing.
set -euo pipefail
HEAPDOC=$1
SRC=$2
OUT=$(mktemp -d)
PROFILE_DIR=""
trap 'rm -rf "$OUT"' EXIT
T=$SRC/testdata/scattered
fail() { echo "FAIL: $*"; exit 1; }

# 1. Markdown with charts beside it (heap-dump mode: two charts).
"$HEAPDOC" analyze "$T/heap.pb.gz" --memstats "$T/memstats.json" --dump "$T/heap.dump.gz" --format markdown \
    -o "$OUT/report.md"
[ -s "$OUT/report.svg" ] || fail "report.svg not written beside report.md"
[ -s "$OUT/report-occupancy.svg" ] || fail "report-occupancy.svg not written in heap-dump mode"
[ -s "$OUT/report-spans.svg" ] || fail "report-spans.svg (span map) not written in heap-dump mode"
python3 - "$OUT/report.svg" "$OUT/report-occupancy.svg" "$OUT/report-spans.svg" <<'PY'
import sys, xml.etree.ElementTree as ET
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
    rects = root.findall(".//{http://www.w3.org/2000/svg}rect")
    assert len(rects) > 5, f"{path}: only {len(rects)} rects"
    print(f"{path}: well-formed SVG, {len(rects)} rects")
PY
if command -v cmark-gfm >/dev/null; then
  cmark-gfm -e table "$OUT/report.md" > "$OUT/report.md.html"
  renderer=cmark-gfm
elif python3 -c "import markdown" 2>/dev/null; then
  python3 -c "import markdown,sys; print(markdown.markdown(open(sys.argv[1]).read(), extensions=['tables']))" \
      "$OUT/report.md" > "$OUT/report.md.html"
  renderer=python3-markdown
else
  echo "SKIP: no Markdown renderer (apt-get install cmark-gfm or python3-markdown)"; exit 77
fi
tables=$(grep -c "<table" "$OUT/report.md.html" || true)
[ "$tables" -ge 4 ] || fail "$renderer rendered $tables tables from report.md, want >= 4"
grep -q '<th[^>]*>class</th>' "$OUT/report.md.html" || fail "size-class table header missing after rendering"
grep -q '<img src="report.svg"' "$OUT/report.md.html" || fail "image link to report.svg missing after rendering"
grep -q '<img src="report-occupancy.svg"' "$OUT/report.md.html" || fail "image link to report-occupancy.svg missing"
echo "OK: $renderer renders report.md with $tables tables and both chart links"

# A Markdown report on stdout has no charts (nowhere to put them) and still renders.
"$HEAPDOC" analyze "$T/heap.pb.gz" --memstats "$T/memstats.json" --format markdown > "$OUT/stdout.md"
grep -q '!\[' "$OUT/stdout.md" && fail "stdout Markdown links a chart that was never written"

# 2. HTML: self-contained, opened in headless Chromium.
"$HEAPDOC" analyze "$T/heap.pb.gz" --memstats "$T/memstats.json" --dump "$T/heap.dump.gz" --format html \
    -o "$OUT/report.html"
grep -Eq '(src|href)="(https?:)?//' "$OUT/report.html" && fail "report.html references an external resource"
grep -q '<img' "$OUT/report.html" && fail "report.html has an <img>: charts must be inline SVG"
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROME" ]; then
  # In CI the browser is part of the setup (scripts/setup.sh): its absence is a failure there.
  [ -n "${CI:-}" ] && fail "chromium missing under CI=$CI (scripts/setup.sh installs it)"
  echo "SKIP: chromium missing (apt-get install chromium)"; exit 77
fi
PROFILE_DIR=$(mktemp -d)
trap 'rm -rf "$OUT" "$PROFILE_DIR"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --disable-dev-shm-usage --user-data-dir="$PROFILE_DIR")
timeout 120 "$CHROME" "${flags[@]}" --dump-dom "file://$OUT/report.html" > "$OUT/dom.html" 2>"$OUT/chrome.err" \
    || { cat "$OUT/chrome.err"; fail "chromium --dump-dom failed"; }
dom_tables=$(grep -o "<table" "$OUT/dom.html" | wc -l)
dom_svgs=$(grep -o "<svg" "$OUT/dom.html" | wc -l)
[ "$dom_tables" -ge 4 ] || fail "DOM has $dom_tables tables, want >= 4"
[ "$dom_svgs" -ge 3 ] || fail "DOM has $dom_svgs inline SVG charts, want 3 (span bytes, occupancy, span map)"
span_cells=$(grep -o '<g class="span-map-class"' "$OUT/dom.html" | wc -l)
[ "$span_cells" -ge 1 ] || fail "DOM lacks the span map's classes"
grep -q "Size classes" "$OUT/dom.html" || fail "DOM lacks the Size classes section"
echo "OK: Chromium DOM has $dom_tables tables, $dom_svgs inline SVG charts, a span map of $span_cells classes"
timeout 120 "$CHROME" "${flags[@]}" --hide-scrollbars --screenshot="$OUT/report.png" --window-size=1400,9000 \
    "file://$OUT/report.html" >/dev/null 2>"$OUT/chrome.err" || { cat "$OUT/chrome.err"; fail "chromium --screenshot failed"; }
# The chart colours (live slots, free slots) prove the inline SVG was drawn, not just parsed.
python3 "$SRC/tests/png_check.py" "$OUT/report.png" --min-colors 16 --need-color '#4e79a7' --need-color '#e15759' \
    || fail "the screenshot is blank or lacks the charts"
echo "OK: report.html renders in Chromium with its charts"
