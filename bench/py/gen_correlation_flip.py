"""Reference and current rows of 10 numeric features whose marginals are all standard normal:
x1 and x2 correlated +0.8 in the reference and -0.8 in the current (flip), or +0.8 in both
(same); n1..n8 independent.

Usage: gen_correlation_flip.py OUT_DIR [rows=200000] [seed=27]
Writes reference.csv, current-flip.csv and current-same.csv.
"""
import os
import sys

import numpy as np

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 27)
os.makedirs(out, exist_ok=True)
header = "x1,x2," + ",".join(f"n{i}" for i in range(1, 9))


def sample(rho):
    a = rng.normal(size=rows)
    b = rho * a + np.sqrt(1 - rho * rho) * rng.normal(size=rows)
    return np.column_stack([a, b, rng.normal(size=(rows, 8))])


for name, rho in (("reference", 0.8), ("current-flip", -0.8), ("current-same", 0.8)):
    np.savetxt(os.path.join(out, name + ".csv"), sample(rho), delimiter=",", header=header, comments="", fmt="%.6f")
