"""What a user would otherwise run: SciPy's two-sample KS test on each feature of two CSV files
of numbers (numpy reads them). Prints feature,statistic,p_value,drifted (p < 0.05) lines.

Usage: ks_each.py REFERENCE CURRENT
"""
import sys

import numpy as np
from scipy.stats import ks_2samp

with open(sys.argv[1]) as f:
    names = f.readline().strip().split(",")
reference = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
current = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1)
print("feature,statistic,p_value,drifted")
for i, name in enumerate(names):
    result = ks_2samp(reference[:, i], current[:, i], method="asymp")
    print(f"{name},{result.statistic},{result.pvalue},{result.pvalue < 0.05}")
