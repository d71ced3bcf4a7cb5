#!/usr/bin/env bash
# Multivariate drift: 200k reference + 200k current rows x 10 numeric features whose marginals
# never change, x1 and x2 correlated +0.8 in the reference and -0.8 (flip) or +0.8 (same) now.
# Per repeat and pair, whole processes on the same CSV files: `verity drift` (each feature, the
# automatic method), `verity drift --multivariate` (and the domain classifier) and SciPy's KS on
# each feature (bench/py/ks_each.py). Prints the verdicts and the median wall times.
# Usage: bench/drift-multivariate.sh [rows=200000] [repeats=3] [verity=bin/verity]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-200000}"
repeats="${2:-3}"
verity="$(realpath "${3:-bin/verity}")"
out="$(pwd)/bench-out/drift-multivariate-$rows"
mkdir -p "$out"
[ -f "$out/reference.csv" ] || python3 bench/py/gen_correlation_flip.py "$out" "$rows"
"$verity" --help > /dev/null
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck source=bench/timed.sh
. bench/timed.sh
: > "$out/times"
for _ in $(seq "$repeats"); do
  for pair in flip same; do
    timed "verity-univariate-$pair" "$verity" drift --reference "$out/reference.csv" \
      --current "$out/current-$pair.csv" --format csv
    cp "$out/last.out" "$out/univariate-$pair.csv"
    timed "verity-multivariate-$pair" "$verity" drift --reference "$out/reference.csv" \
      --current "$out/current-$pair.csv" --multivariate --format csv
    cp "$out/last.out" "$out/multivariate-$pair.csv"
    timed "scipy-ks-$pair" python3 bench/py/ks_each.py "$out/reference.csv" "$out/current-$pair.csv"
    cp "$out/last.out" "$out/scipy-$pair.csv"
  done
done
for pair in flip same; do
  echo "== current: $pair"
  echo "verity, each feature: $(awk -F, 'NR > 1 && $8 == "true"' "$out/univariate-$pair.csv" | wc -l) of 10 drifted"
  echo "scipy KS, each feature: $(awk -F, 'NR > 1 && $4 == "True"' "$out/scipy-$pair.csv" | wc -l) of 10 drifted"
  python3 -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["feature"] == "(all features)":
        print("verity --multivariate: drifted %s, AUC %.4f [%.4f, %.4f], leans on %s" % (r["drifted"],
              float(r["statistic"]), float(r["ci_low"]), float(r["ci_high"]), r["top_features"]))' "$out/multivariate-$pair.csv"
done
for name in verity-univariate verity-multivariate scipy-ks; do
  for pair in flip same; do
    grep "^$name-$pair " "$out/times" | sort -n -k2 \
      | awk -v n="$name-$pair" '{t[NR] = $2; m[NR] = $3} END {printf "%s: median %.1f s, %d MB, of %d\n", n, t[int((NR + 1) / 2)], m[int((NR + 1) / 2)], NR}'
  done
done
