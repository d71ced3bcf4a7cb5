"""What a user would otherwise run: pandas + SciPy drift statistics of bench/drift.sh's files.
--method auto: Wasserstein / reference std for numeric features and the Jensen-Shannon
distance of category shares floored at 1e-4 (what Verity's auto picks above 1000 reference rows); --method ks:
two-sample KS with the asymptotic p-value. Prints feature,statistic,p_value lines.
Usage: drift_scipy.py REFERENCE CURRENT auto|ks"""
import sys

import numpy as np
import pandas as pd
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp, wasserstein_distance

reference, current = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
method = sys.argv[3]
print("feature,statistic,p_value")
for name in reference.columns:
    ref, cur = reference[name].dropna(), current[name].dropna()
    if name.startswith("n"):
        if method == "ks":
            result = ks_2samp(ref, cur, method="asymp")
            print(f"{name},{result.statistic!r},{result.pvalue!r}")
        else:
            print(f"{name},{wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)!r},")
    elif method == "auto":
        # Shares floored at 1e-4, as Verity (and Evidently) do, so a category new on one side counts.
        shares = pd.concat([ref.value_counts(normalize=True), cur.value_counts(normalize=True)], axis=1) \
            .fillna(0.0).clip(lower=1e-4)
        print(f"{name},{jensenshannon(shares.iloc[:, 0], shares.iloc[:, 1])!r},")
