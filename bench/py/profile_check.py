"""Checks the week's quantiles that `verity profiles` printed (CSV) against the exact ones of the
log's rows: the true rank of each printed quantile must be within its rank_error of the rank asked.
Usage: profile_check.py LOG_CSV PROFILES_CSV"""
import csv
import sys

import numpy as np

log_path, profiles_path = sys.argv[1], sys.argv[2]
with open(profiles_path) as f:
    profiles = [r for r in csv.DictReader(f) if r["kind"] == "numeric" and r["p50"]]
columns = [p["column"] for p in profiles]
values = {c: [] for c in columns}
with open(log_path) as f:
    reader = csv.reader(f)
    header = next(reader)
    index = {c: header.index(c) for c in columns}
    for row in reader:
        for c, i in index.items():
            if row[i]:
                values[c].append(float(row[i]))
worst = 0.0
for p in profiles:
    exact = np.sort(np.array(values[p["column"]]))
    error = float(p["rank_error"])
    for name in ("p01", "p05", "p25", "p50", "p75", "p95", "p99"):
        rank, v = int(name[1:]) / 100, float(p[name])
        below = np.searchsorted(exact, v, side="left") / len(exact)
        at_or_below = np.searchsorted(exact, v, side="right") / len(exact)
        gap = max(0.0, below - rank, rank - at_or_below)
        worst = max(worst, gap / error)
    if int(p["rows"]) - int(p["nulls"]) != len(exact):
        sys.exit(f"{p['column']}: {p['rows']} rows - {p['nulls']} nulls, but {len(exact)} values in the log")
verdict = "yes" if worst <= 1 else "NO"
print(f"quantiles of {', '.join(columns)} within the KLL bound: {verdict} (largest rank gap {worst:.2f} of the bound)")
if worst > 1:
    sys.exit(1)
