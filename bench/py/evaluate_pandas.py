"""What a user would otherwise run: pandas + scikit-learn, the exact ROC AUC of every country
and of all rows, labels inside a 7-day window. Prints slice,auc lines.
Usage: evaluate_pandas.py PREDICTIONS LABELS"""
import sys

import pandas as pd
from sklearn.metrics import roc_auc_score

predictions = pd.read_csv(sys.argv[1])
labels = pd.read_csv(sys.argv[2])
predictions["ts"] = pd.to_datetime(predictions["ts"])
labels["label_ts"] = pd.to_datetime(labels["label_ts"])
joined = predictions.merge(labels, on="prediction_id")
delay = joined["label_ts"] - joined["ts"]
joined = joined[(delay >= pd.Timedelta(0)) & (delay <= pd.Timedelta(days=7))]
print("slice,auc")
print(f"all,{roc_auc_score(joined['label'], joined['score']):.17g}")
for country, rows in joined.groupby("country"):
    print(f"country={country},{roc_auc_score(rows['label'], rows['score']):.17g}")
