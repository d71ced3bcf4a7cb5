#!/usr/bin/env bash
# serve start-up: whole `verity serve` processes on the demo's store, as an operator starts one.
# Usage: bench/serve-startup.sh [repeats=5] [verity=bin/verity]
#   makes the demo's store once (bench-out/serve/), then per repeat starts serve on a free port,
#   polls /metrics until the store is loaded (verity_exporter_reloads 1), fetches the report at /,
#   reads the process's resident memory (VmRSS) and stops it. Prints the medians of the seconds
#   to ready and the MB resident. Point verity at another checkout's bin/verity to compare builds.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-5}"
verity="$(realpath "${2:-bin/verity}")"
out="$(pwd)/bench-out/serve"
mkdir -p "$out"
if [ ! -d "$out/verity-demo/store" ]; then
  echo "making the demo's store in $out" >&2
  (cd "$out" && "$verity" demo > demo.out)
fi
"$verity" --help > /dev/null
: > "$out/times"
for _ in $(seq "$repeats"); do
  start=$(date +%s.%N)
  "$verity" serve --store "$out/verity-demo/store" --port 0 2> "$out/serve.err" &
  pid=$!
  url=""
  until [ -n "$url" ]; do
    kill -0 "$pid" 2> /dev/null || { cat "$out/serve.err" >&2; exit 1; }
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$out/serve.err" | head -1 || true)
    sleep 0.05
  done
  # (into a file first: grep -q ending the pipe early would fail curl under pipefail)
  until curl -sf -o "$out/metrics.txt" "$url/metrics" && grep -q '^verity_exporter_reloads 1' "$out/metrics.txt"; do
    kill -0 "$pid" 2> /dev/null || { cat "$out/serve.err" >&2; exit 1; }
    sleep 0.05
  done
  ready=$(echo "$(date +%s.%N) - $start" | bc)
  curl -sf -o "$out/report.html" "$url/"
  grep -q '<h1>Verity report</h1>' "$out/report.html"
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" || true
  echo "serve $ready $rss" | tee -a "$out/times" >&2
done
sort -n -k2 "$out/times" | awk '{t[NR] = $2} END {printf "ready, s: median %.1f of %d\n", t[int((NR + 1) / 2)], NR}'
sort -n -k3 "$out/times" | awk '{m[NR] = $3} END {printf "resident after the first scrape and the report, MB: median %d\n", m[int((NR + 1) / 2)]}'
