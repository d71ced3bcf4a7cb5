#!/usr/bin/env bash
# Runs one of the Spark benchmarks in spark-jobs/src/test/java/dev/verity/bench with Spark's JVM flags.
# Usage: bench/spark-bench.sh EvaluateBenchmark [rows=5000000] [slices=50] [repeats=3] [breakdown]
#        bench/spark-bench.sh DriftBenchmark [rows=1000000] [decimals=3] [repeats=3]
set -euo pipefail
cd "$(dirname "$0")/.."
benchmark="${1:?name a benchmark: EvaluateBenchmark or DriftBenchmark}"
shift
mvn -q -B -Dstyle.color=never -pl spark-jobs -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2046
java -Xmx16g $(cat spark-jobs/target/jvm-flags) \
  -cp "spark-jobs/target/test-classes:spark-jobs/target/classes:$(cat spark-jobs/target/test-classpath)" \
  "dev.verity.bench.$benchmark" "$@"
