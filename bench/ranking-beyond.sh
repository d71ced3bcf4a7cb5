#!/usr/bin/env bash
# What the ranking metrics beyond accuracy cost evaluate: a ranking log of N lists of 8 items
# (bench/py/gen_ranking.py), per repeat and interleaved, whole `verity evaluate --task ranking
# --k 5,10` processes on the log with its item_id column (NDCG and the rest, plus coverage,
# novelty, popularity and personalization) and on the same log without it (those four undefined),
# each into a fresh store; beside them what a user would otherwise run, numpy by the definitions
# (bench/py/beyond_accuracy_numpy.py), which also checks Verity's coverage, novelty and popularity
# against its own to 1e-9. Prints the medians and the ratios.
# Usage: bench/ranking-beyond.sh [lists=250000] [repeats=3] [verity=bin/verity]
set -euo pipefail
cd "$(dirname "$0")/.."
lists="${1:-250000}"
repeats="${2:-3}"
verity="$(realpath "${3:-bin/verity}")"
out="$(pwd)/bench-out/ranking-beyond-$lists"
mkdir -p "$out"
[ -f "$out/labels.csv" ] || python3 bench/py/gen_ranking.py "$lists" "$out"
"$verity" --help > /dev/null
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck source=bench/timed.sh
. bench/timed.sh
: > "$out/times"
for _ in $(seq "$repeats"); do
  for variant in with-items no-items; do
    rm -rf "$out/store-$variant"
    timed "evaluate_$variant" "$verity" evaluate --predictions "$out/$variant.csv" --labels "$out/labels.csv" \
      --store "$out/store-$variant" --task ranking --k 5,10 --quiet
  done
  timed numpy python3 bench/py/beyond_accuracy_numpy.py "$out/with-items.csv" "$out/labels.csv" 5,10
done
"$verity" metrics --store "$out/store-with-items" --format csv > "$out/metrics.csv"
python3 bench/py/beyond_accuracy_numpy.py "$out/with-items.csv" "$out/labels.csv" 5,10 "$out/metrics.csv" | tail -1
median() { grep "^$1 " "$out/times" | sort -n -k2 | awk '{t[NR] = $2} END {print t[int((NR + 1) / 2)]}'; }
for name in evaluate_with-items evaluate_no-items numpy; do
  grep "^$name " "$out/times" | sort -n -k2 | awk -v n="$name" '{t[NR] = $2; m[NR] = $3} END {printf "%s: median %.2f s, %d MB, of %d\n", n, t[int((NR + 1) / 2)], m[int((NR + 1) / 2)], NR}'
done
awk -v a="$(median evaluate_with-items)" -v b="$(median evaluate_no-items)" -v c="$(median numpy)" \
  'BEGIN {printf "item_id adds %.0f%% (%.2f s / %.2f s); numpy (these four metrics only) %.2f s, %.2fx the whole evaluate\n", (a / b - 1) * 100, a, b, c, a / c}'
