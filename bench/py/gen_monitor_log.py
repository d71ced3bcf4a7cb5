"""A prediction log for bench/monitor-profiles.sh: N rows over 7 days (ts in order of arrival
within each day), one model, the score, three numeric features (one with 5% missing) and two
categorical ones (50 countries, 2,000 device models). numpy only.
Usage: gen_monitor_log.py N OUT_CSV"""
import sys

import numpy as np

n, out = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(11)
chunk = 500_000
start = np.datetime64("2026-11-01T00:00:00", "s")
with open(out, "w") as f:
    f.write("prediction_id,ts,model,score,price,minutes,distance,country,device\n")
    for offset in range(0, n, chunk):
        m = min(chunk, n - offset)
        ts = start + np.sort(rng.integers(0, 7 * 86400, m)).astype("timedelta64[s]")
        minutes = np.round(np.exp(rng.normal(size=m)), 2).astype(str)
        minutes[rng.random(m) < 0.05] = ""
        columns = [
            np.char.add("p", np.arange(offset, offset + m).astype(str)),
            np.char.add(np.datetime_as_string(ts, unit="s"), "Z"),
            np.full(m, "m"),
            np.round(rng.random(m), 6).astype(str),
            np.round(rng.gamma(2.0, 30.0, m), 2).astype(str),
            minutes,
            np.round(rng.normal(5, 2, m), 3).astype(str),
            np.char.add("c", rng.integers(0, 50, m).astype(str)),
            np.char.add("d", rng.zipf(1.5, m).clip(max=2000).astype(str)),
        ]
        rows = columns[0]
        for c in columns[1:]:
            rows = np.char.add(np.char.add(rows, ","), c)
        f.write("\n".join(rows.tolist()))
        f.write("\n")
