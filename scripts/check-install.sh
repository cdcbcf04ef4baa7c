#!/usr/bin/env bash
# Checks the README's install section (#16): `cargo install --path . --locked` into a temporary
# root, then the installed binary, from a folder outside the repository, runs a copy of the
# shipped example scenario and plots its run folder. Exits non-zero on any failure.
#
# usage: scripts/check-install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== cargo install --path . --locked --root $tmp/root"
cargo install --quiet --path . --locked --root "$tmp/root" --target-dir "$tmp/target"
bin=$tmp/root/bin/hazeplan
[ -x "$bin" ] || { echo "no binary at $bin" >&2; exit 1; }
echo "installed: $bin ($(du -h "$bin" | cut -f1))"
mkdir -p "$tmp/elsewhere"
cp -r "$repo/scenarios" "$tmp/elsewhere/"
cd "$tmp/elsewhere"
"$bin" --version
"$bin" run scenarios/taiyuan-basin-winter.yaml -o out -q
"$bin" plot out -q
n=$(find out -name '*.csv' | wc -l)
c=$(find out/charts -name '*.png' | wc -l)
[ -s out/report.md ] && [ "$n" -ge 11 ] && [ "$c" -ge 10 ] || {
  echo "the installed binary's run is incomplete: $n CSV files, $c charts" >&2; exit 1; }
echo "ok: the installed binary ran the example outside the repository ($n CSV files, $c charts, report.md)"
