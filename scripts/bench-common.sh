# Sourced by the benchmark scripts (bench-batch.sh, bench-evaluate.sh).

# national_data DIR DAYS REPO: generates DAYS days of the national network into DIR with
# ../shared/bench/make_national_year.py when DIR has no .csv file (atomically: into
# DIR.partial, then renamed).
national_data() {
  local data=$1 days=$2 repo=$3
  compgen -G "$data/*.csv" >/dev/null && return 0
  echo "== generating $days days into $data (make_national_year.py)"
  rm -rf "$data.partial"
  python3 "$repo/../shared/bench/make_national_year.py" "$data.partial" --days "$days"
  rm -rf "$data"
  mv "$data.partial" "$data"
}

# machine_report [NOTE]: prints the machine, the date (and NOTE), sets load_start to the 1-min
# load average and warns when the machine is busy.
machine_report() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); $(rustc --version)"
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')${1:+; $1}"
  load_start=$(cut -d' ' -f1 /proc/loadavg)
  if awk "BEGIN{exit !($load_start > 0.5)}"; then
    echo "WARNING: the machine is busy (1-min load average $load_start): the figures will be noisy"
  fi
}
