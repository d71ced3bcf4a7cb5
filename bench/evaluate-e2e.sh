#!/usr/bin/env bash
# evaluate end to end, as a user runs it: whole processes from the same files, side by side.
# Usage: bench/evaluate-e2e.sh [rows=5000000] [repeats=3] [csv|parquet]
#   1. generates N predictions and N labels as CSV (bench/py/gen_evaluate.py; 50 countries,
#      continuous scores, every label inside the 7-day window) under bench-out/e2e-N/, and for
#      parquet their Parquet twins (bench/py/to_parquet.py: times as timestamps, typed columns);
#   2. times, REPEATS times each and interleaved: `bin/verity evaluate` (slices all + country,
#      --window all), the pandas + scikit-learn script (bench/py/evaluate_pandas.py), the Polars
#      script (bench/py/evaluate_polars.py, all cores) and Spark's read-join-count floor
#      (dev.verity.bench.ReadJoinCount);
#   3. checks every AUC of Verity's store against both scripts' to 1e-9 and prints the medians.
# PYTHON (default python3) needs pandas, scikit-learn, polars and pyarrow:
#   python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install pandas scikit-learn polars pyarrow
#   PYTHON=/tmp/bench-venv/bin/python bench/evaluate-e2e.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-5000000}"
repeats="${2:-3}"
format="${3:-csv}"
python="${PYTHON:-python3}"
data="bench-out/e2e-$rows"
out="$data/$format"
mkdir -p "$out"
if [ ! -f "$data/labels.csv" ]; then
  echo "generating $rows predictions and labels in $data" >&2
  "$python" bench/py/gen_evaluate.py "$rows" "$data"
fi
if [ "$format" = parquet ] && [ ! -f "$data/labels.parquet" ]; then
  "$python" bench/py/to_parquet.py "$data"
fi
predictions="$data/predictions.$format"
labels="$data/labels.$format"
bin/verity --help >/dev/null  # builds the CLI if needed, outside the timings
mvn -q -B -Dstyle.color=never -pl spark-jobs -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath
export SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1

# shellcheck source=bench/timed.sh
. bench/timed.sh
: > "$out/times"
for _ in $(seq "$repeats"); do
  rm -rf "$out/store"
  timed verity bin/verity evaluate --predictions "$predictions" --labels "$labels" \
    --store "$out/store" --task binary --slice-by country --window all
  timed pandas "$python" bench/py/evaluate_pandas.py "$predictions" "$labels"
  cp "$out/last.out" "$out/pandas-auc.csv"
  timed polars "$python" bench/py/evaluate_polars.py "$predictions" "$labels"
  cp "$out/last.out" "$out/polars-auc.csv"
  # shellcheck disable=SC2046
  timed spark java -Xmx6g $(cat spark-jobs/target/jvm-flags) \
    -cp "spark-jobs/target/test-classes:spark-jobs/target/classes:$(cat spark-jobs/target/test-classpath)" \
    dev.verity.bench.ReadJoinCount "$predictions" "$labels"
  tail -4 "$out/times" >&2
done
bin/verity metrics --store "$out/store" --metric auc --format csv > "$out/verity-auc.csv" 2>/dev/null
"$python" - "$out" <<'PY'
import csv, statistics, sys
out = sys.argv[1]
got = {r["slice"]: float(r["value"]) for r in csv.DictReader(open(f"{out}/verity-auc.csv"))}
for tool in ("pandas", "polars"):
    expected = {r["slice"]: float(r["auc"]) for r in csv.DictReader(open(f"{out}/{tool}-auc.csv"))}
    assert got.keys() == expected.keys(), (tool, sorted(got)[:3], sorted(expected)[:3])
    worst = max(abs(got[s] - expected[s]) for s in expected)
    print(f"AUC of {len(expected)} slices: max |Verity - {tool}| = {worst:.2e}")
    assert worst <= 1e-9, f"AUCs disagree with {tool} beyond 1e-9"
times = {}
for line in open(f"{out}/times"):
    name, wall, rss = line.split()
    times.setdefault(name, []).append((float(wall), int(rss)))
med = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
for k, v in times.items():
    print(f"{k:7s} median {med[k]:6.1f} s  runs {' / '.join(f'{w:.1f}' for w, _ in v)}  peak RSS {max(r for _, r in v)} MB")
print(f"verity / pandas = {med['verity'] / med['pandas']:.2f}x, verity / polars = {med['verity'] / med['polars']:.2f}x, "
      f"verity / spark floor = {med['verity'] / med['spark']:.2f}x")
PY
