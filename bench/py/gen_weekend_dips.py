"""Eight weeks of a daily-evaluated log in 20 slices whose AUC dips every weekend, with one real
drop planted in one slice on the last day (and a ninth Monday so the last day's labels close).

Usage: gen_weekend_dips.py OUT_DIR [rows_per_slice_day=400] [seed=27]
Writes predictions.csv (prediction_id,ts,model,model_version,score,slice) and labels.csv
(prediction_id,label,label_ts; each label ten minutes after its prediction).
"""
import datetime as dt
import os
import sys

import numpy as np

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 400
rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 27)
monday = dt.datetime(2026, 9, 7, tzinfo=dt.timezone.utc)
days, slices, dropped = 56, 20, 7
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "predictions.csv"), "w") as p, open(os.path.join(out, "labels.csv"), "w") as l:
    p.write("prediction_id,ts,model,model_version,score,slice\n")
    l.write("prediction_id,label,label_ts\n")
    n = 0
    for d in range(days + 1):
        weekend = (d % 7) >= 5
        for s in range(slices):
            signal = 0.9 if weekend else 1.6  # the weekend's traffic is harder to rank
            if d == days - 1 and s == dropped:
                signal = 0.3  # the planted drop
            label = rng.random(rows) < 0.3
            score = 1 / (1 + np.exp(-(signal * (2 * label - 1) + rng.normal(size=rows) - 0.8)))
            seconds = rng.integers(0, 86_400, size=rows)
            for i in range(rows):
                ts = monday + dt.timedelta(days=d, seconds=int(seconds[i]))
                p.write(f"p{n},{ts.isoformat().replace('+00:00', 'Z')},m,v1,{score[i]:.6f},s{s}\n")
                lt = ts + dt.timedelta(minutes=10)
                l.write(f"p{n},{int(label[i])},{lt.isoformat().replace('+00:00', 'Z')}\n")
                n += 1
