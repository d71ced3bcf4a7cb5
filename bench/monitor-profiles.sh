#!/usr/bin/env bash
# What profiles cost monitor: a 5M-row prediction log (7 days, 8 columns; bench/py/gen_monitor_log.py),
# per repeat and interleaved, whole `verity monitor --store --window 1d` processes with the profiles
# (the default) and with --no-profiles, each into a fresh store. Then checks the stored profiles'
# quantiles against numpy's exact ones over the week (bench/py/profile_check.py reads
# `verity profiles --format csv`). Prints the medians and the ratio.
# Usage: bench/monitor-profiles.sh [rows=5000000] [repeats=3] [verity=bin/verity]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-5000000}"
repeats="${2:-3}"
verity="$(realpath "${3:-bin/verity}")"
out="$(pwd)/bench-out/monitor-profiles-$rows"
mkdir -p "$out"
[ -f "$out/log.csv" ] || python3 bench/py/gen_monitor_log.py "$rows" "$out/log.csv"
"$verity" --help > /dev/null
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck source=bench/timed.sh
. bench/timed.sh
: > "$out/times"
for _ in $(seq "$repeats"); do
  for variant in profiles no-profiles; do
    rm -rf "$out/store-$variant"
    timed "monitor_$variant" "$verity" monitor --predictions "$out/log.csv" --store "$out/store-$variant" \
      --window 1d --"$variant"
  done
done
"$verity" profiles --store "$out/store-profiles" --format csv > "$out/profiles.csv"
python3 bench/py/profile_check.py "$out/log.csv" "$out/profiles.csv"
for name in monitor_profiles monitor_no-profiles; do
  grep "^$name " "$out/times" | sort -n -k2 | awk -v n="$name" '{t[NR] = $2; m[NR] = $3} END {printf "%s: median %.2f s, %d MB, of %d\n", n, t[int((NR + 1) / 2)], m[int((NR + 1) / 2)], NR}'
done
with=$(grep "^monitor_profiles " "$out/times" | sort -n -k2 | awk '{t[NR] = $2} END {print t[int((NR + 1) / 2)]}')
without=$(grep "^monitor_no-profiles " "$out/times" | sort -n -k2 | awk '{t[NR] = $2} END {print t[int((NR + 1) / 2)]}')
awk -v a="$with" -v b="$without" 'BEGIN {printf "profiles add %.0f%% (%.2f s / %.2f s)\n", (a / b - 1) * 100, a, b}'
