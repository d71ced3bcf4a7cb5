#!/usr/bin/env bash
# Exact AUC per slice: Verity's one-pass aggregation vs MLlib's evaluator loop vs a plain Java loop.
# Usage: bench/evaluate-bench.sh [rows=5000000] [slices=50] [repeats=3] [breakdown]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Dstyle.color=never -pl spark-jobs -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2046
java -Xmx16g $(cat spark-jobs/target/jvm-flags) \
  -cp "spark-jobs/target/test-classes:spark-jobs/target/classes:$(cat spark-jobs/target/test-classpath)" \
  dev.verity.bench.EvaluateBenchmark "$@"
