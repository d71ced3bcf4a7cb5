#!/usr/bin/env bash
# One group of N rows (one model, --window all, no slices) from Parquet the benchmark writes:
# `bin/verity evaluate` as a whole process with VERITY_DRIVER_MEMORY (default 2g); prints wall
# seconds, microseconds per row and peak RSS. The AUC's group never sits in one task: above
# spark.verity.evaluate.maxGroupRowsInTask (8M) rows it goes to the sorted-counts engine.
# Usage: bench/evaluate-scale.sh ROWS [ROWS ...]
set -euo pipefail
cd "$(dirname "$0")/.."
bin/verity --help >/dev/null
mvn -q -B -Dstyle.color=never -pl spark-jobs -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath
export SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1
for rows in "$@"; do
  out="bench-out/scale-$rows"
  if [ ! -d "$out/labels.parquet" ]; then
    # shellcheck disable=SC2046
    java -Xmx8g $(cat spark-jobs/target/jvm-flags) \
      -cp "spark-jobs/target/test-classes:spark-jobs/target/classes:$(cat spark-jobs/target/test-classpath)" \
      dev.verity.bench.ScaleData "$rows" "$out" 2> "$out.gen.err" || { cat "$out.gen.err" >&2; exit 1; }
  fi
  rm -rf "$out/store"
  VERITY_DRIVER_MEMORY="${VERITY_DRIVER_MEMORY:-2g}" /usr/bin/time -f "%e %M" -o "$out/time" \
    bin/verity evaluate --predictions "$out/predictions.parquet" --labels "$out/labels.parquet" --store "$out/store" \
    --task binary --window all > "$out/evaluate.out" 2> "$out/evaluate.err" || { tail -5 "$out/evaluate.err" >&2; exit 1; }
  read -r wall rss < "$out/time"
  auc=$(bin/verity metrics --store "$out/store" --metric auc --format csv 2>/dev/null | awk -F, 'NR == 2 {print $8}')
  awk -v n="$rows" -v w="$wall" -v r="$rss" -v a="$auc" -v m="${VERITY_DRIVER_MEMORY:-2g}" \
    'BEGIN {printf "%d rows: %.1f s, %.2f us/row, peak RSS %d MB (driver %s), auc %s\n", n, w, w * 1e6 / n, r / 1024, m, a}'
done
