"""What a user would otherwise run on the store's metrics: a fixed three-sigma band, each daily
AUC against the mean and standard deviation of all the earlier days of its slice (at least three).

Usage: fixed_band.py METRICS_CSV   (the output of verity metrics --metric auc --format csv)
Prints: flagged <windows flagged> judged <windows judged> planted <1 if the last day of s7 is flagged>
"""
import csv
import sys
from collections import defaultdict

import numpy as np

series = defaultdict(list)
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f):
        if row["metric"] == "auc" and row["slice"] != "all" and row["window_final"] == "true":
            series[row["slice"]].append((row["window_start"], float(row["value"])))
last = max(start for points in series.values() for start, _ in points)
flagged = judged = planted = 0
for slice_, points in series.items():
    points.sort()
    values = np.array([v for _, v in points])
    for i in range(3, len(values)):
        judged += 1
        if abs(values[i] - values[:i].mean()) > 3 * values[:i].std(ddof=1):
            flagged += 1
            planted += int(slice_ == "slice=s7" and points[i][0] == last)
print(f"flagged {flagged} judged {judged} planted {planted}")
