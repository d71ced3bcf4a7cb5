# shellcheck shell=bash
# Sourced by the end-to-end benchmarks. timed NAME CMD...: runs CMD with its output in
# $out/last.out and last.err and appends "NAME <wall seconds> <peak RSS in MB>" to $out/times;
# a failing CMD ends the benchmark.
timed() {
  : "${out:?the sourcing script sets out to the folder of the benchmark}"
  local name="$1"
  shift
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" > "$out/last.out" 2> "$out/last.err" || { cat "$out/last.err" >&2; exit 1; }
  awk -v name="$name" '{printf "%s %s %d\n", name, $1, $2 / 1024}' "$out/time" >> "$out/times"
}
