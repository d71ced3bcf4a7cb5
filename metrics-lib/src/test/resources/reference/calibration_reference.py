"""Writes calibration_1000.csv and prints scikit-learn's and NumPy's values for CalibrationTest.

Run with Debian's python3-sklearn (1.2): /usr/bin/python3 calibration_reference.py
"""
import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import log_loss

rng = np.random.default_rng(20261202)
score = np.round(rng.beta(2, 3, 1000), 2)  # two decimals: many tied scores
label = (rng.random(1000) < np.clip(score * 1.15, 0, 1)).astype(int)  # under-predicting model
np.savetxt("calibration_1000.csv", np.column_stack([score, label]), fmt=["%.2f", "%d"], delimiter=",")

for bins in (10, 7):
    prob_true, prob_pred = calibration_curve(label, score, n_bins=bins, strategy="quantile")
    edges = np.percentile(score, np.linspace(0, 1, bins + 1) * 100)
    binids = np.searchsorted(edges[1:-1], score)
    counts = np.bincount(binids, minlength=bins)
    occupied = np.nonzero(counts)[0]
    ece = np.sum(counts[occupied] / len(score) * np.abs(prob_pred - prob_true))
    print(f"bins={bins} occupied={list(occupied + 1)}")
    print("  prob_pred", [repr(v) for v in prob_pred])
    print("  prob_true", [repr(v) for v in prob_true])
    print("  counts", list(counts[occupied]))
    print("  ece", repr(ece))

p = label.mean()
print("calibration_ratio", repr(score.sum() / label.sum()))
print("normalized_entropy", repr(log_loss(label, score) / -(p * np.log(p) + (1 - p) * np.log(1 - p))))

# A heavy tie: most edges coincide, so most bins are empty (CalibrationTest's inline rows).
score = np.array([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5, 0.9, 0.9, 0.95])
label = np.array([0, 0, 1, 0, 0, 0, 1, 1, 0, 1])
prob_true, prob_pred = calibration_curve(label, score, n_bins=10, strategy="quantile")
edges = np.percentile(score, np.linspace(0, 1, 11) * 100)
counts = np.bincount(np.searchsorted(edges[1:-1], score), minlength=10)
print("ties occupied", list(np.nonzero(counts)[0] + 1), "counts", list(counts[counts > 0]))
print("  prob_pred", [repr(v) for v in prob_pred], "prob_true", [repr(v) for v in prob_true])
