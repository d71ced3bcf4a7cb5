"""Generates bench/slices.sh's inputs: N predictions of one binary model with 8 categorical
columns of 5 to 50 values (c3_7, ...), labels drawn from the scores (a calibrated model), except where
c0=1, c2=3 and c4=5 meet (1 row in 1000): there the labels are drawn from 1 - score.
Usage: gen_slices.py ROWS OUT_DIR"""
import sys

import numpy as np
import pandas as pd

rows, out = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(42)
cardinality = [5, 8, 10, 15, 20, 30, 40, 50]
frame = pd.DataFrame({"prediction_id": np.arange(rows).astype(str)})
frame["ts"] = "2026-11-01T12:00:00Z"
frame["model"] = "m"
frame["model_version"] = "v1"
score = 1 / (1 + np.exp(-rng.normal(-1.0, 1.5, rows)))
frame["score"] = np.round(score, 6)
for i, values in enumerate(cardinality):
    frame[f"c{i}"] = np.char.add(f"c{i}_", rng.integers(0, values, rows).astype(str))
planted = (frame["c0"] == "c0_1") & (frame["c2"] == "c2_3") & (frame["c4"] == "c4_5")
p = np.where(planted, 1 - frame["score"], frame["score"])
frame.to_csv(f"{out}/predictions.csv", index=False)
pd.DataFrame({
    "prediction_id": frame["prediction_id"],
    "label": (rng.random(rows) < p).astype(int),
    "label_ts": "2026-11-02T00:00:00Z",
}).to_csv(f"{out}/labels.csv", index=False)
