#!/usr/bin/env bash
# One group of N rows from CSV with tied scores (3 decimals: 1,001 distinct values), one model,
# --window all, no slices, VERITY_DRIVER_MEMORY=1g by default: `bin/verity evaluate` as a whole
# process (wall seconds, peak RSS), then its AUC against scikit-learn's on the same files.
# Usage: bench/evaluate-ties.sh [rows=30000000]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-30000000}"
out="bench-out/ties-$rows"
mkdir -p "$out"
if [ ! -f "$out/labels.csv" ]; then
  /usr/bin/python3 bench/py/gen_evaluate.py "$rows" "$out" --decimals 3 --countries 1
fi
bin/verity --help >/dev/null
export SPARK_LOCAL_IP=127.0.0.1
rm -rf "$out/store"
memory="${VERITY_DRIVER_MEMORY:-1g}"
VERITY_DRIVER_MEMORY="$memory" /usr/bin/time -f "%e %M" -o "$out/time" bin/verity evaluate \
  --predictions "$out/predictions.csv" --labels "$out/labels.csv" --store "$out/store" --task binary --window all \
  > "$out/evaluate.out" 2> "$out/evaluate.err" || { tail -5 "$out/evaluate.err" >&2; exit 1; }
read -r wall rss < "$out/time"
verity=$(bin/verity metrics --store "$out/store" --metric auc --format csv 2>/dev/null | awk -F, 'NR == 2 {print $8}')
sklearn=$(/usr/bin/python3 bench/py/evaluate_pandas.py "$out/predictions.csv" "$out/labels.csv" | awk -F, '$1 == "all" {print $2}')
/usr/bin/python3 -c "
v, s = float('$verity'), float('$sklearn')
print(f'$rows rows with ties: {float(\"$wall\"):.1f} s, peak RSS {int(\"$rss\") // 1024} MB (driver $memory); '
      f'AUC {v!r} vs scikit-learn {s!r}: |diff| = {abs(v - s):.1e}')
assert abs(v - s) <= 1e-9
"
