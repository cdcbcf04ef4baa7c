#!/usr/bin/env bash
# Ablation of the hand-written CSV fast path of the CNEMC reader (#16; BENCHMARKS.md "CSV fast
# path"): `hazeplan batch --no-charts` over a national network-year, built four ways, each run
# RUNS times alternating, user CPU and wall time under GNU time, and the tables compared byte
# for byte with the shipped build's:
#
#   shipped    the release build: unwanted rows passed over unsplit, plain rows split in place
#              and read in one pass (src/ingest/cnemc/fast.rs)
#   fast-off   --cfg hazeplan_ablation="fast-off": every row split (plain rows still split in
#              place) and read the general way
#   csv-core   --cfg hazeplan_ablation="csv-core": every record through csv_core, the csv
#              crate's parser, and read the general way
#   csv_split  examples/csv_split: the csv crate only reading and splitting the files (the floor)
#
# The two ablation builds go to their own target folders (/tmp/hazeplan-ablation-*), so the
# repository's target/ is not rebuilt. Warm page cache; run it on an otherwise idle machine.
#
# usage: scripts/bench-csv-ablation.sh [DIR] [--runs N]
#   DIR      the network-year folder (default /tmp/national-year; scripts/bench-batch.sh or
#            ../shared/bench/make_national_year.py makes one)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
data=/tmp/national-year
runs=3
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) data=${1%/}; shift ;;
  esac
done
compgen -G "$data/*.csv" >/dev/null || { echo "no CSV files in $data" >&2; exit 1; }
stations=$repo/../shared/data/station_list/NewSiteList.utf8.csv
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 1; }

echo "== builds"
unset CARGO_TARGET_DIR
cargo build --release --quiet --target-dir "$repo/target" --bin hazeplan --example csv_split
declare -A bin=([shipped]=$repo/target/release/hazeplan)
for v in fast-off csv-core; do
  RUSTFLAGS="--cfg hazeplan_ablation=\"$v\"" cargo build --release --quiet \
    --target-dir "/tmp/hazeplan-ablation-$v" --bin hazeplan
  bin[$v]=/tmp/hazeplan-ablation-$v/release/hazeplan
done
split_bin=$repo/target/release/examples/csv_split

files=("$data"/*.csv)
bytes=$(cat "${files[@]}" | wc -c)
echo "data: $data, ${#files[@]} files, $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB (page cache warmed)"
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One timed run: NAME command... ; appends "wall user" to $tmp/NAME.
timed() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || {
    echo "$name failed:" >&2; tail -n 20 "$tmp/err" >&2; exit 1; }
  cat "$tmp/t" >>"$tmp/$name"
}
for run in $(seq "$runs"); do
  for v in shipped fast-off csv-core; do
    rm -rf "$tmp/out-$v"
    timed "$v" "${bin[$v]}" batch "$data" --stations "$stations" -o "$tmp/out-$v" \
      --progress never --no-charts -q
  done
  timed csv_split "$split_bin" "$data"
  echo "  run $run done"
done

echo "== tables byte for byte against the shipped build"
for v in fast-off csv-core; do
  for f in "$tmp/out-shipped"/*.csv; do
    cmp -s "$f" "$tmp/out-$v/$(basename "$f")" || { echo "$v: $(basename "$f") differs" >&2; exit 1; }
  done
  echo "  $v: $(ls "$tmp/out-$v"/*.csv | wc -l) tables identical"
done

echo "== best of $runs (wall s, user CPU s)"
for v in shipped fast-off csv-core csv_split; do
  awk -v name="$v" 'NR==1||$1<w{w=$1} NR==1||$2<u{u=$2} END{printf "  %-10s wall %6.2f  user %6.2f\n", name, w, u}' "$tmp/$v"
done
