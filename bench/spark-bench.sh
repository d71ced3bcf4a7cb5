#!/usr/bin/env bash
# Runs one of the Spark benchmarks in spark-jobs/src/test/java/dev/verity/bench with Spark's JVM flags.
# Usage: bench/spark-bench.sh EvaluateBenchmark [rows=5000000] [slices=50] [repeats=3] [breakdown]
#        bench/spark-bench.sh DriftBenchmark [rows=1000000] [decimals=3] [repeats=3]
#        bench/spark-bench.sh dev.verity.jobs.pairs.PairsBenchmark [users=20000] [dim=64] [top=50] [repeats=3]
#        bench/spark-bench.sh ReplayBenchmark [rows=5000000] [repeats=3]
# A name without a dot is a class of dev.verity.bench.
set -euo pipefail
cd "$(dirname "$0")/.."
benchmark="${1:?name a benchmark: EvaluateBenchmark or DriftBenchmark}"
shift
mvn -q -B -Dstyle.color=never -pl spark-jobs -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath
# Spark runs one task per core; a native BLAS (OpenBLAS) that also spawned a thread per core
# would oversubscribe them (the pair scorer ran 1.6x slower that way).
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2046
java -Xmx16g $(cat spark-jobs/target/jvm-flags) \
  -cp "spark-jobs/target/test-classes:spark-jobs/target/classes:$(cat spark-jobs/target/test-classpath)" \
  "$([[ "$benchmark" == *.* ]] && echo "$benchmark" || echo "dev.verity.bench.$benchmark")" "$@"
