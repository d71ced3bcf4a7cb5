"""Daily prediction and label files for the incremental benchmark.

Usage: gen_daily.py DAYS ROWS_PER_DAY OUT
Writes OUT/predictions/dayNN.csv (the predictions served that day) and OUT/labels/dayNN.csv
(the labels that arrived that day: most within a day, some up to six days late, 5% after the
7-day label window) for days 1..DAYS, 2026-10-01 on; labels that would arrive after DAYS are
not written (not arrived yet).
"""
import os
import random
import sys
from datetime import datetime, timedelta, timezone

days, per_day, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
start = datetime(2026, 10, 1, tzinfo=timezone.utc)
random.seed(31)
os.makedirs(f"{out}/predictions", exist_ok=True)
os.makedirs(f"{out}/labels", exist_ok=True)
arrivals = {d: [] for d in range(1, days + 1)}
for day in range(1, days + 1):
    with open(f"{out}/predictions/day{day:02d}.csv", "w") as p:
        p.write("prediction_id,ts,model,model_version,score,country\n")
        for i in range(per_day):
            ts = start + timedelta(days=day - 1, seconds=random.randrange(86400))
            score = random.random()
            p.write(f"d{day}p{i},{ts:%Y-%m-%dT%H:%M:%SZ},m,v1,{score:.6f},c{i % 50}\n")
            u = random.random()
            delay = random.uniform(0, 86400) if u < 0.7 else random.uniform(86400, 6 * 86400) if u < 0.95 else random.uniform(8 * 86400, 10 * 86400)
            label_ts = ts + timedelta(seconds=delay)
            arrival = (label_ts - start).days + 1
            if arrival <= days:
                label = 1 if random.random() < score else 0
                arrivals[arrival].append(f"d{day}p{i},{label},{label_ts:%Y-%m-%dT%H:%M:%SZ}\n")
for day, rows in arrivals.items():
    with open(f"{out}/labels/day{day:02d}.csv", "w") as f:
        f.write("prediction_id,label,label_ts\n")
        f.writelines(rows)
