#!/usr/bin/env bash
# Side-by-side whole-process benchmark of `hazeplan batch` (issue 7) on a national network-year
# (365 CNEMC daily files, about 700 MB, from ../shared/bench/make_national_year.py), in one run:
#
#   (a) target/release/examples/csv_split DIR   only reads and splits the files (csv crate, rayon)
#   (b) target/release/hazeplan batch DIR --stations NewSiteList.utf8.csv -o OUT --progress never
#       --no-charts        (the tables only: the same job as the pandas peer, and more)
#   (b') the same with the calendars (the default of `hazeplan batch`)
#   (c) python3 ../shared/bench/reference_pandas.py NewSiteList.utf8.csv OUT.csv DIR/*.csv
#
# each under GNU time (`/usr/bin/time -f "%e %M"`). (a), (b) and (b') run RUNS times, alternating;
# their best (lowest) wall time and their highest peak RSS over the runs are reported. The
# pandas peer takes minutes, so it runs once by default; its figure is saved next to the data
# (DIR.pandas-last, or --pandas-file) and --skip-pandas reuses it. Then the issue-7 floors:
# pandas/hazeplan >= 50x, hazeplan/csv_split <= 2x, hazeplan peak RSS < 256 MB, for (b) and (b'),
# and the median over the rounds of each round's ratio (b)/(a) and (b')/(a), with issue 13's
# floor for (b'): at most 1.5x.
# If this build has no `batch` subcommand yet, the script says so and reports (a) and (c).
#
# The page cache is warmed (every file read once) before timing: the figures are warm-cache.
# Run it on an otherwise idle machine: it prints the load average and warns when it is high.
# The release build uses the repository's own target/ (any CARGO_TARGET_DIR is ignored).
#
# usage: scripts/bench-batch.sh [DIR] [--runs N] [--threads N] [--pandas-runs N]
#                               [--skip-pandas] [--pandas-file FILE] [--days N]
#                               [-- EXTRA hazeplan batch ARGS...]
#   DIR            the network-year folder (default /tmp/national-year); generated if it has no
#                  .csv file (with --days N days, default 365; generation is atomic)
#   --runs N       runs of (a) and (b), default 3
#   --threads N    --threads for (a) and (b) (default: both use all cores)
#   --pandas-runs N  runs of (c), default 1
#   --skip-pandas  do not run (c): reuse the figure saved by the last run that did
#   --pandas-file FILE  where that figure is saved (default DIR.pandas-last)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

data=/tmp/national-year
runs=3
threads=""
pandas_runs=1
skip_pandas=0
pandas_file=""
days=365
extra=()
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --pandas-runs) pandas_runs=$2; shift 2 ;;
    --skip-pandas) skip_pandas=1; shift ;;
    --pandas-file) pandas_file=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    -*) echo "bench-batch: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) data=$1; shift ;;
  esac
done
data=${data%/}
pandas_file=${pandas_file:-$data.pandas-last}
stations=$repo/../shared/data/station_list/NewSiteList.utf8.csv
peer=$repo/../shared/bench/reference_pandas.py
[ -x /usr/bin/time ] || { echo "bench-batch: needs GNU time at /usr/bin/time" >&2; exit 1; }
if [ "$skip_pandas" -eq 1 ] && [ ! -s "$pandas_file" ]; then
  echo "bench-batch: --skip-pandas but no saved pandas figure in $pandas_file" >&2
  exit 1
fi

# --- the data -------------------------------------------------------------------------------
# shellcheck source=scripts/bench-common.sh
. "$repo/scripts/bench-common.sh"
national_data "$data" "$days" "$repo"
files=("$data"/*.csv)
bytes=$(cat "${files[@]}" | wc -c) # also warms the page cache
echo "data: $data, ${#files[@]} files, $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB (page cache warmed)"

# --- the build ------------------------------------------------------------------------------
echo "== cargo build --release (target/)"
unset CARGO_TARGET_DIR
cargo build --release --quiet --target-dir "$repo/target" --bin hazeplan --example csv_split
split_bin=$repo/target/release/examples/csv_split
hazeplan_bin=$repo/target/release/hazeplan

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

machine_report

# One timed run: NAME RUN command... ; appends "wall_s rss_kb" to $tmp/NAME.
timed() {
  local name=$1 run=$2
  shift 2
  if ! /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >"$tmp/$name.out" 2>"$tmp/err"; then
    echo "bench-batch: $name failed:" >&2
    tail -n 20 "$tmp/err" >&2
    tail -n 1 "$tmp/t" >&2
    exit 1
  fi
  local t m
  read -r t m < <(tail -n 1 "$tmp/t")
  echo "$t $m" >>"$tmp/$name"
  printf '  %-15s run %s: %8.2f s %9.1f MB\n' "$name" "$run" "$t" "$(awk "BEGIN{print $m/1024}")"
}
# Best wall time and highest peak RSS (KB) of NAME's runs: "wall_s rss_kb".
best() { awk 'NR==1||$1<t{t=$1} $2>m{m=$2} END{print t, m}' "$tmp/$1"; }

# --- does this build have `hazeplan batch`? -------------------------------------------------
have_batch=1
set +e
"$hazeplan_bin" batch --help >/dev/null 2>"$tmp/probe"
probe=$?
set -e
if [ "$probe" -eq 2 ] && grep -q "unrecognized subcommand" "$tmp/probe"; then
  have_batch=0
  echo "NOTE: this build has no \`hazeplan batch\` subcommand yet (exit 2, unrecognized" \
    "subcommand): measuring csv_split and pandas only"
elif [ "$probe" -ne 0 ]; then
  echo "bench-batch: \`hazeplan batch --help\` failed (exit $probe):" >&2
  cat "$tmp/probe" >&2
  exit 1
fi

# --- (a) and (b), alternating ---------------------------------------------------------------
thread_args=()
[ -n "$threads" ] && thread_args=(--threads "$threads")
if [ "$have_batch" -eq 1 ]; then
  echo "== csv_split and hazeplan batch, alternating, $runs run(s) each"
else
  echo "== csv_split, $runs run(s)"
fi
for i in $(seq "$runs"); do
  timed csv_split "$i" "$split_bin" "${thread_args[@]}" "$data"
  if [ "$have_batch" -eq 1 ]; then
    rm -rf "$tmp/batch-out"
    timed hazeplan_batch "$i" "$hazeplan_bin" batch "$data" --stations "$stations" \
      -o "$tmp/batch-out" --progress never --no-charts "${thread_args[@]}" "${extra[@]}"
    rm -rf "$tmp/batch-out"
    timed hazeplan_charts "$i" "$hazeplan_bin" batch "$data" --stations "$stations" \
      -o "$tmp/batch-out" --progress never "${thread_args[@]}" "${extra[@]}"
  fi
done
sed 's/^/  csv_split says: /' "$tmp/csv_split.out"

# --- (c) pandas -----------------------------------------------------------------------------
if [ "$skip_pandas" -eq 1 ]; then
  read -r pt pm pfiles pbytes pwhen <"$pandas_file"
  echo "== pandas: reusing the figure of $pwhen from $pandas_file"
  if [ "$pfiles" != "${#files[@]}" ] || [ "$pbytes" != "$bytes" ]; then
    echo "WARNING: that figure was measured on $pfiles files / $pbytes bytes, not these" \
      "${#files[@]} files / $bytes bytes"
  fi
  echo "$pt $pm" >"$tmp/pandas"
else
  echo "== pandas ($(python3 -c 'import sys, pandas, numpy; print(f"Python {sys.version.split()[0]}, pandas {pandas.__version__}, numpy {numpy.__version__}")')), $pandas_runs run(s); this takes minutes"
  for i in $(seq "$pandas_runs"); do
    timed pandas "$i" python3 "$peer" "$stations" "$tmp/pandas.csv" "${files[@]}"
  done
  sed 's/^/  pandas says: /' "$tmp/pandas.out"
  read -r pt pm < <(best pandas)
  echo "$pt $pm ${#files[@]} $bytes $(date -u '+%Y-%m-%dT%H:%MZ')" >"$pandas_file"
fi

# --- report ---------------------------------------------------------------------------------
mb() { awk "BEGIN{printf \"%.1f\", $1/1024}"; }
echo
echo "== results: best wall time, highest peak RSS over the runs"
read -r st sm < <(best csv_split)
printf '%-16s %9s %12s\n' program "wall s" "peak RSS MB"
printf '%-16s %9.2f %12s\n' csv_split "$st" "$(mb "$sm")"
if [ "$have_batch" -eq 1 ]; then
  read -r ht hm < <(best hazeplan_batch)
  read -r ct cm < <(best hazeplan_charts)
  printf '%-16s %9.2f %12s\n' "batch --no-charts" "$ht" "$(mb "$hm")"
  printf '%-16s %9.2f %12s\n' "batch (calendars)" "$ct" "$(mb "$cm")"
else
  printf '%-16s %9s %12s\n' "hazeplan batch" "-" "-"
fi
printf '%-16s %9.2f %12s%s\n' pandas "$pt" "$(mb "$pm")" "$([ "$skip_pandas" -eq 1 ] && echo "  (reused)")"
echo
verdict() { awk "BEGIN{exit !($1)}" && echo "meets" || echo "MISSES"; }
if [ "$have_batch" -eq 1 ]; then
  for v in "--no-charts:$ht:$hm" "calendars:$ct:$cm"; do
    IFS=: read -r name t m <<<"$v"
    echo "-- hazeplan batch ($name)"
    echo "pandas / hazeplan    $(awk "BEGIN{printf \"%6.1fx\", $pt/$t}")  (floor >= 50x: $(verdict "$pt/$t >= 50"))"
    echo "hazeplan / csv_split $(awk "BEGIN{printf \"%6.2fx\", $t/$st}")  (floor <= 2x: $(verdict "$t/$st <= 2"))"
    echo "hazeplan peak RSS    $(mb "$m") MB  (floor < 256 MB: $(verdict "$m < 256*1024"))"
    echo "pandas / hazeplan RSS $(awk "BEGIN{printf \"%.1fx\", $pm/$m}")"
  done
else
  echo "hazeplan batch: not available in this build"
fi
if [ "$have_batch" -eq 1 ]; then
  # Each round runs csv_split and both batches back to back: the ratio within a round is
  # steadier than best against best when the host's speed drifts between rounds.
  median_ratio() {
    paste -d' ' "$tmp/$1" "$tmp/csv_split" | awk '{print $1/$3}' | sort -g |
      awk '{r[NR]=$1} END{printf "%.2f", NR%2 ? r[(NR+1)/2] : (r[NR/2]+r[NR/2+1])/2}'
  }
  mt=$(median_ratio hazeplan_batch)
  mc=$(median_ratio hazeplan_charts)
  echo "-- per round (the median of the $runs rounds' ratios to csv_split)"
  echo "batch --no-charts     ${mt}x"
  echo "batch (calendars)     ${mc}x  (issue 13 floor <= 1.5x: $(verdict "$mc <= 1.5"))"
fi
echo "pandas / csv_split   $(awk "BEGIN{printf \"%6.1fx\", $pt/$st}")  (for scale; the 50x floor is then" \
  "$(awk "BEGIN{printf \"%.2f\", $pt/50}") s, the 2x floor $(awk "BEGIN{printf \"%.2f\", 2*$st}") s)"
echo "1-min load average: $load_start at the start, $(cut -d' ' -f1 /proc/loadavg) at the end" \
  "(other work on the machine inflates the times)"
