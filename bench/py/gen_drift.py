"""Writes reference.csv and current.csv for bench/drift.sh: N rows a side, 20 numeric features
(normal, rounded to 3 decimals; n0 and n1 shifted in the current side) and 10 categorical ones
(5-14 categories; c0 has a new category in the current side). Usage: gen_drift.py N OUT_DIR"""
import os
import sys

import numpy as np
import pandas as pd

rows, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
for side, seed in (("reference", 1), ("current", 2)):
    rng = np.random.default_rng(seed)
    columns = {}
    for i in range(20):
        shift = 0.3 if side == "current" and i < 2 else 0.0
        columns[f"n{i}"] = np.round(rng.normal(shift, 1.0, rows), 3)
    for i in range(10):
        k = 5 + i
        values = rng.integers(0, k + (1 if side == "current" and i == 0 else 0), rows)
        columns[f"c{i}"] = np.char.add(f"v{i}_", values.astype(str))
    pd.DataFrame(columns).to_csv(os.path.join(out, f"{side}.csv"), index=False)
