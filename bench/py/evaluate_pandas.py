"""What a user would otherwise run: pandas + scikit-learn, the exact ROC AUC of every country
and of all rows, labels inside a 7-day window. Prints slice,auc lines. Reads CSV or Parquet by the files' names.
Usage: evaluate_pandas.py PREDICTIONS LABELS"""
import sys

import pandas as pd
from sklearn.metrics import roc_auc_score

def read(path):
    return pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path)


predictions = read(sys.argv[1])
labels = read(sys.argv[2])
predictions["ts"] = pd.to_datetime(predictions["ts"], utc=True)
labels["label_ts"] = pd.to_datetime(labels["label_ts"], utc=True)
joined = predictions.merge(labels, on="prediction_id")
delay = joined["label_ts"] - joined["ts"]
joined = joined[(delay >= pd.Timedelta(0)) & (delay <= pd.Timedelta(days=7))]
print("slice,auc")
print(f"all,{roc_auc_score(joined['label'], joined['score']):.17g}")
for country, rows in joined.groupby("country"):
    print(f"country={country},{roc_auc_score(rows['label'], rows['score']):.17g}")
