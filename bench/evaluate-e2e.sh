#!/usr/bin/env bash
# evaluate end to end, as a user runs it: whole processes from the same CSV files, side by side.
# Usage: bench/evaluate-e2e.sh [rows=5000000] [repeats=3]
#   1. generates N predictions and N labels as CSV (bench/py/gen_evaluate.py; 50 countries,
#      continuous scores, every label inside the 7-day window) under bench-out/e2e-N/;
#   2. times, REPEATS times each and interleaved: `bin/verity evaluate` (slices all + country,
#      --window all), the pandas + scikit-learn script (bench/py/evaluate_pandas.py) and Spark's
#      read-join-count floor (dev.verity.bench.ReadJoinCount);
#   3. checks every AUC of Verity's store against the script's to 1e-9 and prints the medians.
# Needs Debian's python3-pandas python3-sklearn (for /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-5000000}"
repeats="${2:-3}"
out="bench-out/e2e-$rows"
mkdir -p "$out"
if [ ! -f "$out/labels.csv" ]; then
  echo "generating $rows predictions and labels in $out" >&2
  /usr/bin/python3 bench/py/gen_evaluate.py "$rows" "$out"
fi
bin/verity --help >/dev/null  # builds the CLI if needed, outside the timings
mvn -q -B -Dstyle.color=never -pl spark-jobs -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath
export SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1

# shellcheck source=bench/timed.sh
. bench/timed.sh
: > "$out/times"
for _ in $(seq "$repeats"); do
  rm -rf "$out/store"
  timed verity bin/verity evaluate --predictions "$out/predictions.csv" --labels "$out/labels.csv" \
    --store "$out/store" --task binary --slice-by country --window all
  timed pandas /usr/bin/python3 bench/py/evaluate_pandas.py "$out/predictions.csv" "$out/labels.csv"
  cp "$out/last.out" "$out/pandas-auc.csv"
  # shellcheck disable=SC2046
  timed spark java -Xmx6g $(cat spark-jobs/target/jvm-flags) \
    -cp "spark-jobs/target/test-classes:spark-jobs/target/classes:$(cat spark-jobs/target/test-classpath)" \
    dev.verity.bench.ReadJoinCount "$out/predictions.csv" "$out/labels.csv"
  tail -3 "$out/times" >&2
done
bin/verity metrics --store "$out/store" --metric auc --format csv > "$out/verity-auc.csv" 2>/dev/null
/usr/bin/python3 - "$out" <<'PY'
import csv, statistics, sys
out = sys.argv[1]
expected = {r["slice"]: float(r["auc"]) for r in csv.DictReader(open(f"{out}/pandas-auc.csv"))}
got = {r["slice"]: float(r["value"]) for r in csv.DictReader(open(f"{out}/verity-auc.csv"))}
assert got.keys() == expected.keys(), (sorted(got)[:3], sorted(expected)[:3])
worst = max(abs(got[s] - expected[s]) for s in expected)
print(f"AUC of {len(expected)} slices: max |Verity - scikit-learn| = {worst:.2e}")
assert worst <= 1e-9, "AUCs disagree beyond 1e-9"
times = {}
for line in open(f"{out}/times"):
    name, wall, rss = line.split()
    times.setdefault(name, []).append((float(wall), int(rss)))
med = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
for k, v in times.items():
    print(f"{k:7s} median {med[k]:6.1f} s  runs {' / '.join(f'{w:.1f}' for w, _ in v)}  peak RSS {max(r for _, r in v)} MB")
print(f"verity / pandas = {med['verity'] / med['pandas']:.2f}x, verity / spark floor = {med['verity'] / med['spark']:.2f}x")
PY
