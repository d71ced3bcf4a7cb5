#!/usr/bin/env bash
# JMH: exact AUC on 10M rows, metrics-lib's BinaryState against a plain Java loop.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Dstyle.color=never -pl metrics-lib test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath
mkdir -p bench-out
java -cp "metrics-lib/target/test-classes:metrics-lib/target/classes:$(cat metrics-lib/target/test-classpath)" \
  org.openjdk.jmh.Main ExactAucBenchmark -rf json -rff bench-out/jmh-auc.json "$@"
