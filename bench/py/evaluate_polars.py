"""What a data scientist would run on one machine today: Polars (all cores), the exact ROC AUC
of every country and of all rows, labels inside a 7-day window. AUC is the Mann-Whitney
statistic from average ranks (ties count half), as roc_auc_score. Prints slice,auc lines.
Reads CSV or Parquet by the files' names. Usage: evaluate_polars.py PREDICTIONS LABELS"""
import sys

import polars as pl


def scan(path):
    if path.endswith(".parquet"):
        return pl.scan_parquet(path)
    return pl.scan_csv(path, try_parse_dates=False)


def auc(frame):
    """AUC per group of `frame` (columns slice, score, label), from average ranks within the group."""
    ranked = frame.with_columns(pl.col("score").rank("average").over("slice").alias("rank"))
    return (
        ranked.group_by("slice")
        .agg(
            positives=pl.col("label").sum(),
            rows=pl.len(),
            rank_sum=pl.col("rank").filter(pl.col("label") == 1).sum(),
        )
        .with_columns(negatives=pl.col("rows") - pl.col("positives"))
        .select(
            "slice",
            auc=(pl.col("rank_sum") - pl.col("positives") * (pl.col("positives") + 1) / 2)
            / (pl.col("positives") * pl.col("negatives")),
        )
    )


def as_time(frame, name):
    if frame.collect_schema()[name] == pl.String:
        return frame.with_columns(pl.col(name).str.to_datetime(time_zone="UTC"))
    return frame


predictions = as_time(scan(sys.argv[1]), "ts")
labels = as_time(scan(sys.argv[2]), "label_ts")
delay = pl.col("label_ts") - pl.col("ts")
joined = (
    predictions.join(labels, on="prediction_id")
    .filter((delay >= pl.duration(seconds=0)) & (delay <= pl.duration(days=7)))
    .select("country", "score", "label")
)
every = joined.select(pl.lit("all").alias("slice"), "score", "label")
countries = joined.select(pl.concat_str(pl.lit("country="), pl.col("country")).alias("slice"), "score", "label")
result = auc(pl.concat([every, countries])).sort("slice").collect()
print("slice,auc")
for s, a in result.iter_rows():
    print(f"{s},{a:.17g}")
