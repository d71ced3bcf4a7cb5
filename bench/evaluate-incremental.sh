#!/usr/bin/env bash
# evaluate --incremental against full runs, as a nightly job meets it: whole processes.
# Usage: bench/evaluate-incremental.sh [days=30] [rows_per_day=150000]
#   1. generates DAYS+1 days of daily prediction and label files (bench/py/gen_daily.py; labels
#      filed by the day they arrived, some after the 7-day label window) under bench-out/incr-DAYS/;
#   2. with days 1..DAYS in place, times `evaluate --incremental` (its first run: everything);
#   3. day DAYS+1 arrives: times `evaluate --incremental` again (reads what that day can change);
#   4. times a full `evaluate` over all DAYS+1 days into a second store;
#   5. checks the two stores hold the same metric rows (values to 1e-12, n exactly) and prints the
#      times and the predictions each run read.
set -euo pipefail
cd "$(dirname "$0")/.."
days="${1:-30}"
per_day="${2:-150000}"
out="bench-out/incr-$days"
all="$out/all"
if [ ! -f "$all/labels/day$(printf %02d $((days + 1))).csv" ]; then
  echo "generating $((days + 1)) days of $per_day predictions in $all" >&2
  "${PYTHON:-python3}" bench/py/gen_daily.py $((days + 1)) "$per_day" "$all"
fi
bin/verity --help >/dev/null  # builds the CLI if needed, outside the timings
export SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1

# shellcheck source=bench/timed.sh
. bench/timed.sh
: > "$out/times"
rm -rf "$out/logs" "$out/incremental" "$out/full"
mkdir -p "$out/logs/predictions" "$out/logs/labels"
for d in $(seq -f %02g 1 "$days"); do
  cp "$all/predictions/day$d.csv" "$out/logs/predictions/"
  cp "$all/labels/day$d.csv" "$out/logs/labels/"
done
args=(--predictions "$out/logs/predictions" --labels "$out/logs/labels" --task binary --slice-by country
  --format json --quiet)
timed first bin/verity evaluate "${args[@]}" --store "$out/incremental" --incremental
cp "$out/last.out" "$out/first.json"
next=$(printf %02d $((days + 1)))
cp "$all/predictions/day$next.csv" "$out/logs/predictions/"
cp "$all/labels/day$next.csv" "$out/logs/labels/"
timed incremental bin/verity evaluate "${args[@]}" --store "$out/incremental" --incremental
cp "$out/last.out" "$out/incremental.json"
timed full bin/verity evaluate "${args[@]}" --store "$out/full"
cp "$out/last.out" "$out/full.json"
for store in incremental full; do
  bin/verity metrics --store "$out/$store" --format csv > "$out/$store-metrics.csv" 2>/dev/null
done
/usr/bin/python3 - "$out" <<'PY'
import csv, json, sys
out = sys.argv[1]
def rows(name):
    return {(r["model"], r["model_version"], r["window_start"], r["slice"], r["metric"]): (r["value"], r["n"])
            for r in csv.DictReader(open(f"{out}/{name}-metrics.csv"))}
a, b = rows("incremental"), rows("full")
assert a.keys() == b.keys(), f"{len(a.keys() ^ b.keys())} rows differ in key"
worst = 0.0
for k in a:
    (va, na), (vb, nb) = a[k], b[k]
    assert na == nb, (k, na, nb)
    if va != vb:
        worst = max(worst, abs(float(va) - float(vb)))
assert worst <= 1e-12, worst
print(f"stores equal: {len(a)} metric rows, max |incremental - full| = {worst:.1e}, n equal")
times = {l.split()[0]: float(l.split()[1]) for l in open(f"{out}/times")}
read = {k: json.load(open(f"{out}/{k}.json"))["predictions_read"] for k in ("first", "incremental", "full")}
for k in ("first", "incremental", "full"):
    print(f"{k:11s} {times[k]:6.1f} s  {read[k]:>10,} predictions read")
print(f"incremental / full: {times['incremental'] / times['full']:.2f}x the time, "
      f"{read['incremental'] / read['full']:.3f} of the predictions")
PY
