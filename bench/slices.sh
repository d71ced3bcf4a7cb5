#!/usr/bin/env bash
# slices end to end: the search against the exhaustive search of the same lattice, whole processes.
# Usage: bench/slices.sh [rows=5000000] [repeats=3] [min_rows=1000]
#   generates N predictions and labels (bench/py/gen_slices.py: 8 categorical columns of 5 to 50
#   values, one planted three-column slice of 1 row in 1000) under bench-out/slices-N/, then
#   times `verity slices` and `verity slices --exhaustive` to depth 3, checks both report the
#   same top 10 and prints the medians and the slices each evaluated.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-5000000}"
repeats="${2:-3}"
min_rows="${3:-1000}"
out="bench-out/slices-$rows"
mkdir -p "$out"
if [ ! -f "$out/labels.csv" ]; then
  echo "generating $rows rows in $out" >&2
  /usr/bin/python3 bench/py/gen_slices.py "$rows" "$out"
fi
bin/verity --help > /dev/null
# shellcheck source=bench/timed.sh
. bench/timed.sh
: > "$out/times"
for _ in $(seq "$repeats"); do
  for mode in search exhaustive; do
    flags=()
    [ "$mode" = exhaustive ] && flags=(--exhaustive)
    timed "$mode" bin/verity slices --predictions "$out/predictions.csv" --labels "$out/labels.csv" \
      --columns c0,c1,c2,c3,c4,c5,c6,c7 --min-rows "$min_rows" --format csv "${flags[@]}"
    cp "$out/last.out" "$out/$mode.csv"
    grep -o '[0-9,]* slices evaluated' "$out/last.err" | tr -d , > "$out/$mode.evaluated"
  done
  tail -2 "$out/times" >&2
done
cmp <(cut -d, -f5 "$out/search.csv") <(cut -d, -f5 "$out/exhaustive.csv") \
  || { echo "the search and the exhaustive search disagree on the top slices" >&2; exit 1; }
echo "top slice: $(sed -n 2p "$out/search.csv" | cut -d, -f5-6)"
for mode in search exhaustive; do
  awk -v mode="$mode" '$1 == mode {print $2, $3}' "$out/times" | sort -n \
    | awk -v mode="$mode" -v evaluated="$(cat "$out/$mode.evaluated")" \
      '{t[NR] = $1; m[NR] = $2} END {printf "%s: median %.1f s of %d, %s, peak RSS %d MB\n", mode, t[int((NR + 1) / 2)], NR, evaluated, m[int((NR + 1) / 2)]}'
done
