"""What a user would otherwise run for bench/ranking-beyond.sh: coverage@K, novelty@K and
popularity@K of a ranking log by their definitions, list by list, with numpy (the CSVs read with
the csv module; no pandas here), and personalization@K over every pair of a random sample of
10,000 lists. Prints one "metric value" line per metric; with VERITY_CSV (verity metrics --format
csv) also checks Verity's coverage, novelty and popularity agree to 1e-9.
Usage: beyond_accuracy_numpy.py PREDICTIONS LABELS K[,K] [VERITY_CSV]"""
import csv
import sys

import numpy as np
import scipy.sparse

predictions, labels, ks = sys.argv[1], sys.argv[2], [int(k) for k in sys.argv[3].split(",")]
relevance = {}
with open(labels) as f:
    for r in csv.DictReader(f):
        relevance[r["prediction_id"]] = float(r["label"])
lists = {}
with open(predictions) as f:
    for r in csv.DictReader(f):
        lists.setdefault(r["query_id"], []).append((-float(r["score"]), r["item_id"], relevance[r["prediction_id"]]))
for entries in lists.values():
    entries.sort()
items = sorted({i for entries in lists.values() for _, i, _ in entries})
index = {i: k for k, i in enumerate(items)}
n = np.zeros(len(items))
for entries in lists.values():
    for _, i, rel in entries:
        n[index[i]] += rel > 0
total, catalogue = n.sum(), len(items)
smoothed = -np.log2((n + 1) / (total + catalogue))
share = n / total
values = {}
rng = np.random.default_rng(1)
sample = rng.choice(len(lists), size=min(10_000, len(lists)), replace=False)
tops_all = list(lists.values())
for k in ks:
    tops = [np.array([index[i] for _, i, _ in entries[:k]]) for entries in tops_all]
    covered = np.unique(np.concatenate(tops))
    values[f"coverage@{k}"] = len(covered) / catalogue
    values[f"novelty@{k}"] = float(np.mean([smoothed[t].mean() for t in tops]))
    values[f"popularity@{k}"] = float(np.mean([share[t].mean() for t in tops]))
    # the sampled lists' top K as a binary list-by-item matrix; X X^T counts the shared items
    x = scipy.sparse.csr_matrix(
        (np.ones(sum(len(tops[s]) for s in sample)),
         (np.repeat(np.arange(len(sample)), [len(tops[s]) for s in sample]),
          np.concatenate([tops[s] for s in sample]))),
        shape=(len(sample), catalogue))
    x.data[:] = 1  # a repeated item counts once
    x.sum_duplicates()
    x.data[:] = 1
    sizes = np.asarray(x.sum(axis=1)).ravel()
    jaccard = 0.0
    for start in range(0, len(sample), 1000):
        shared = (x[start:start + 1000] @ x.T).tocoo()
        keep = shared.row + start < shared.col  # each pair once
        both = shared.data[keep]
        jaccard += float(np.sum(both / (sizes[shared.row[keep] + start] + sizes[shared.col[keep]] - both)))
    pairs = len(sample) * (len(sample) - 1) / 2
    values[f"personalization@{k}"] = 1 - jaccard / pairs
for name, v in values.items():
    print(name, repr(v))
if len(sys.argv) > 4:
    with open(sys.argv[4]) as f:
        stored = {r["metric"]: float(r["value"]) for r in csv.DictReader(f) if r["slice"] == "all" and r["value"]}
    for name, v in values.items():
        if not name.startswith("personalization"):
            assert abs(stored[name] - v) <= 1e-9 * max(1, abs(v)), (name, stored[name], v)
    print("verity agrees with numpy on coverage, novelty and popularity to 1e-9")
