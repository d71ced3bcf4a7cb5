#!/usr/bin/env bash
# drift end to end: whole processes on the same CSV files, side by side.
# Usage: bench/drift.sh [rows=2000000] [repeats=3]
#   generates N reference and N current rows (bench/py/gen_drift.py: 20 numeric + 10 categorical
#   features) under bench-out/drift-N/, then times `bin/verity drift --method auto` and
#   `--method ks` (on the numeric features) against the pandas + SciPy script computing the same statistics
#   (bench/py/drift_scipy.py), checks the statistics agree to 1e-9 and prints the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-2000000}"
repeats="${2:-3}"
out="bench-out/drift-$rows"
mkdir -p "$out"
if [ ! -f "$out/current.csv" ]; then
  echo "generating $rows rows a side in $out" >&2
  /usr/bin/python3 bench/py/gen_drift.py "$rows" "$out"
fi
bin/verity --help >/dev/null
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck source=bench/timed.sh
. bench/timed.sh
: > "$out/times"
for _ in $(seq "$repeats"); do
  for method in auto ks; do
    # KS tests numbers only: with ks, the 20 numeric features are named.
    features=()
    [ "$method" = ks ] && features=(--numeric "$(seq -s, -f 'n%g' 0 19)")
    timed "verity-$method" bin/verity drift --reference "$out/reference.csv" --current "$out/current.csv" \
      --method "$method" "${features[@]}" --format csv
    cp "$out/last.out" "$out/verity-$method.csv"
    timed "scipy-$method" /usr/bin/python3 bench/py/drift_scipy.py "$out/reference.csv" "$out/current.csv" "$method"
    cp "$out/last.out" "$out/scipy-$method.csv"
  done
  tail -4 "$out/times" >&2
done
/usr/bin/python3 - "$out" <<'PY'
import csv, statistics, sys
out = sys.argv[1]
for method in ("auto", "ks"):
    verity = {r["feature"]: r for r in csv.DictReader(open(f"{out}/verity-{method}.csv"))}
    scipy = {r["feature"]: r for r in csv.DictReader(open(f"{out}/scipy-{method}.csv"))}
    worst = max(abs(float(verity[f]["statistic"]) - float(s["statistic"])) for f, s in scipy.items())
    print(f"{method}: {len(scipy)} features, max |statistic Verity - SciPy| = {worst:.2e}")
    assert worst <= 1e-9, "statistics disagree beyond 1e-9"
    if method == "ks":
        rel = max(abs(float(verity[f]["p_value"]) - float(s["p_value"])) / max(float(s["p_value"]), 1e-300)
                  for f, s in scipy.items() if float(s["p_value"]) > 1e-300)
        print(f"ks: max relative p-value difference {rel:.2e}")
times = {}
for line in open(f"{out}/times"):
    name, wall, rss = line.split()
    times.setdefault(name, []).append(float(wall))
med = {k: statistics.median(v) for k, v in times.items()}
for k, v in times.items():
    print(f"{k:13s} median {med[k]:6.1f} s  runs {' / '.join(f'{w:.1f}' for w in v)}")
for method in ("auto", "ks"):
    print(f"{method}: verity / scipy = {med['verity-' + method] / med['scipy-' + method]:.2f}x")
PY
