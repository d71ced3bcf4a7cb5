"""Writes N predictions and N labels as CSV for bench/evaluate-e2e.sh: one model, continuous
scores (or scores rounded to --decimals, for ties), 50 country slices, every label inside a
7-day label window. Usage: gen_evaluate.py N OUT_DIR [--decimals D] [--countries C]"""
import argparse
import os

import numpy as np
import pandas as pd

parser = argparse.ArgumentParser()
parser.add_argument("rows", type=int)
parser.add_argument("out")
parser.add_argument("--decimals", type=int, default=None)
parser.add_argument("--countries", type=int, default=50)
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)
rng = np.random.default_rng(7)
n = args.rows
start = np.datetime64("2026-11-01T00:00:00", "s")
ts = start + rng.integers(0, 86400, n).astype("timedelta64[s]")
score = rng.random(n)
if args.decimals is not None:
    score = np.round(score, args.decimals)
label = (rng.random(n) < 0.2 + 0.6 * score).astype(np.int8)
label_ts = ts + rng.integers(60, 6 * 86400, n).astype("timedelta64[s]")
ids = np.char.add("p", np.arange(n).astype(str))
order = rng.permutation(n)  # labels arrive in another order than predictions

def iso(t):
    return np.char.add(np.datetime_as_string(t, unit="s"), "Z")

pd.DataFrame({"prediction_id": ids, "ts": iso(ts), "model": "ctr", "model_version": "v1",
              "score": score, "country": np.char.add("c", rng.integers(0, args.countries, n).astype(str))}) \
    .to_csv(os.path.join(args.out, "predictions.csv"), index=False, float_format="%.17g")
pd.DataFrame({"prediction_id": ids[order], "label": label[order], "label_ts": iso(label_ts[order])}) \
    .to_csv(os.path.join(args.out, "labels.csv"), index=False)
