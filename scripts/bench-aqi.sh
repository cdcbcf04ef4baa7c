#!/usr/bin/env bash
# Side-by-side whole-process benchmark of `hazeplan aqi --by city --period day` against the
# pandas peer (../shared/bench/reference_pandas.py) on the same CNEMC files: wall time and peak
# RSS from GNU time, best of N runs each. Needs python3 with pandas (`pip install pandas`).
#
# usage: scripts/bench-aqi.sh [RUNS] [FILES...]   (default: 5 runs over ../shared/data/cnemc)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
if [ $# -gt 0 ]; then files=("$@"); else files=(../shared/data/cnemc/*.csv); fi
stations=../shared/data/station_list/NewSiteList.utf8.csv
cargo build --release --quiet
bin=target/release/hazeplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure() { # name, command...
  local name=$1 best_t="" best_m=""
  shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
    read -r t m <"$tmp/t"
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; fi
    if [ -z "$best_m" ] || [ "$m" -lt "$best_m" ]; then best_m=$m; fi
  done
  printf '%-10s %8.2f s %8.1f MB\n' "$name" "$best_t" "$(awk "BEGIN{print $best_m/1024}")"
  echo "$best_t $best_m" >"$tmp/$name"
}

echo "files: ${#files[@]}, runs: $runs (best wall time, lowest peak RSS)"
measure hazeplan "$bin" aqi "${files[@]}" --stations "$stations" --by city --period day -o "$tmp/h.csv"
measure pandas python3 ../shared/bench/reference_pandas.py "$stations" "$tmp/p.csv" "${files[@]}"
read -r ht hm <"$tmp/hazeplan"
read -r pt pm <"$tmp/pandas"
awk "BEGIN{printf \"speed-up %.1fx, memory %.1fx less\n\", $pt/$ht, $pm/$hm}"
