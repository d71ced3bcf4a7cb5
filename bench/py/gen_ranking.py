"""A ranking log for bench/ranking-beyond.sh: N lists (queries) of 8 candidates drawn from 20,000
items with a long-tail popularity, one model and one day, scores and graded relevance; written
twice, with and without the item_id column, plus the labels. numpy only.
Usage: gen_ranking.py N OUT_DIR"""
import os
import sys

import numpy as np

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(28)
per_list, catalogue = 8, 20_000
rows = n * per_list
query = np.repeat(np.arange(n), per_list)
# the popular end of a long tail: item = floor(catalogue * u^3); a repeat within a list is kept (rare)
item = np.floor(catalogue * rng.random(rows) ** 3).astype(np.int64)
score = np.round(rng.random(rows), 6)
relevance = np.where(rng.random(rows) < 0.6 * score, rng.integers(1, 4, rows), 0)
ids = np.char.add("p", np.arange(rows).astype(str))
ts = np.char.add(
    np.datetime_as_string(
        np.datetime64("2026-11-01T00:00:00", "s") + rng.integers(0, 86400, n)[query].astype("timedelta64[s]"),
        unit="s"),
    "Z")
q = np.char.add("q", query.astype(str))
it = np.char.add("i", item.astype(str))
for name, with_items in (("with-items.csv", True), ("no-items.csv", False)):
    with open(os.path.join(out, name), "w") as f:
        f.write("prediction_id,ts,model,model_version,query_id," + ("item_id," if with_items else "") + "score\n")
        for s in range(0, rows, 500_000):
            e = min(rows, s + 500_000)
            cols = [ids[s:e], ts[s:e], np.full(e - s, "r"), np.full(e - s, "v1"), q[s:e]]
            if with_items:
                cols.append(it[s:e])
            cols.append(score[s:e].astype(str))
            f.write("\n".join(",".join(r) for r in zip(*cols)) + "\n")
with open(os.path.join(out, "labels.csv"), "w") as f:
    f.write("prediction_id,label,label_ts\n")
    for s in range(0, rows, 500_000):
        e = min(rows, s + 500_000)
        f.write("\n".join(f"{a},{b},2026-11-02T00:00:00Z" for a, b in zip(ids[s:e], relevance[s:e])) + "\n")
