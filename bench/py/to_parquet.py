"""Writes Parquet twins of the CSV logs gen_evaluate.py wrote, as production logs are kept:
ts and label_ts as UTC timestamps, the other columns typed. Usage: to_parquet.py DIR"""
import sys

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

folder = sys.argv[1]
for name, time in (("predictions", "ts"), ("labels", "label_ts")):
    table = pacsv.read_csv(f"{folder}/{name}.csv")
    # pyarrow reads ISO instants ending in Z as timestamps in UTC
    assert str(table.schema.field(time).type).startswith("timestamp"), table.schema
    pq.write_table(table, f"{folder}/{name}.parquet")
