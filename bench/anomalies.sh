#!/usr/bin/env bash
# Anomalies: 8 weeks of daily windows x 20 slices whose AUC dips every weekend, one real drop
# planted in one slice on the last day. Evaluates the log into a store once, then, per repeat,
# times a whole `verity anomalies` process (the seasonal baseline with false-discovery control)
# and, on the same store's metrics (verity metrics --format csv), a fixed 3-sigma band over all
# earlier days in pandas. Prints how many windows each flags besides the planted one.
# Usage: bench/anomalies.sh [repeats=5] [rows_per_slice_day=400] [verity=bin/verity]
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-5}"
rows="${2:-400}"
verity="$(realpath "${3:-bin/verity}")"
out="$(pwd)/bench-out/anomalies"
. bench/timed.sh
mkdir -p "$out"
if [ ! -f "$out/data/predictions.csv" ]; then
  python3 bench/py/gen_weekend_dips.py "$out/data" "$rows"
fi
if [ ! -d "$out/store" ]; then
  "$verity" evaluate --predictions "$out/data/predictions.csv" --labels "$out/data/labels.csv" \
    --store "$out/store" --task binary --slice-by slice --label-window 1h --quiet > /dev/null
fi
"$verity" metrics --store "$out/store" --model m --metric auc --format csv > "$out/metrics.csv"
: > "$out/times"
for _ in $(seq "$repeats"); do
  timed verity_anomalies "$verity" anomalies --store "$out/store" --metric auc --only-anomalous --format csv
  cp "$out/last.out" "$out/anomalous.csv"
  timed fixed_3_sigma python3 bench/py/fixed_band.py "$out/metrics.csv"
  cp "$out/last.out" "$out/fixed.txt"
done
planted="slice=s7"
last=$(awk -F, 'NR > 1 {print $3}' "$out/anomalous.csv" | sort | tail -1)
seasonal=$(awk -F, 'NR > 1' "$out/anomalous.csv" | wc -l)
found=$(awk -F, -v s="$planted" -v t="$last" 'NR > 1 && $5 == s && $3 == t' "$out/anomalous.csv" | wc -l)
echo "verity anomalies: $seasonal anomalous windows of auc (the planted one found: $found)"
echo "fixed 3-sigma: $(cat "$out/fixed.txt")"
for name in verity_anomalies fixed_3_sigma; do
  grep "^$name " "$out/times" | sort -n -k2 | awk -v n="$name" '{t[NR] = $2; m[NR] = $3} END {printf "%s: median %.2f s, %d MB, of %d\n", n, t[int((NR + 1) / 2)], m[int((NR + 1) / 2)], NR}'
done
