#!/usr/bin/env bash
# Renders a run folder's report.html with headless Chromium, for a person to look at:
# OUT_DIR/report.pdf (A4, the page's print stylesheet: each city from a new page),
# OUT_DIR/report.png (the first screen of the page, 1240 x 1754 pixels: A4 at 150 dpi) and,
# where poppler's pdftoppm is installed (apt-get install -y poppler-utils),
# OUT_DIR/report-page1.png (the first printed page at 100 dpi, as the README shows it).
# Nothing is fetched: the page is self-contained and Chromium runs without its background
# network services, in a profile of its own that is removed afterwards.
#
# usage: scripts/render-report.sh RUN_DIR [OUT_DIR]   (OUT_DIR defaults to RUN_DIR)
# needs: chromium (Debian/Ubuntu: apt-get install -y chromium); CHROMIUM=/path/to/binary
#        picks another build (google-chrome, chromium-browser). And a Chinese font, as the
#        page names them (Debian/Ubuntu: apt-get install -y fonts-noto-cjk, or the smaller
#        fonts-wqy-microhei); without one the Chinese text prints as empty boxes.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 RUN_DIR [OUT_DIR]" >&2
  exit 2
fi
run_dir=$1
out_dir=${2:-$1}
html=$run_dir/report.html
[ -f "$html" ] || { echo "error: $html not found (run: hazeplan run SCENARIO -o $run_dir)" >&2; exit 1; }
browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
  for b in /usr/bin/chromium chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
  done
fi
if [ -z "$browser" ]; then
  echo "error: no Chromium found; install it (Debian/Ubuntu: apt-get install -y chromium)" \
       "or set CHROMIUM=/path/to/chromium" >&2
  exit 1
fi
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then
  echo "warning: no Chinese font installed: the Chinese text will print as boxes" \
       "(Debian/Ubuntu: apt-get install -y fonts-noto-cjk or fonts-wqy-microhei)" >&2
fi
mkdir -p "$out_dir"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$(cd "$(dirname "$html")" && pwd)/report.html"
out=$(cd "$out_dir" && pwd)
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$profile" --hide-scrollbars)
"$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "$url" 2>/dev/null
"$browser" "${flags[@]}" --window-size=1240,1754 --screenshot="$out/report.png" "$url" 2>/dev/null
for f in report.pdf report.png; do
  [ -s "$out/$f" ] || { echo "error: Chromium wrote no $out/$f" >&2; exit 1; }
done
wrote="$out/report.pdf ($(du -h "$out/report.pdf" | cut -f1)), $out/report.png"
if command -v pdftoppm >/dev/null 2>&1; then
  pdftoppm -r 100 -png -f 1 -l 1 -singlefile "$out/report.pdf" "$out/report-page1"
  wrote="$wrote, $out/report-page1.png"
fi
echo "wrote $wrote"
