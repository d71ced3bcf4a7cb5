#!/usr/bin/env bash
# The README's spark-submit recipe on a real Spark standalone cluster: a Master and a Worker, each
# its own JVM on 127.0.0.1, started from the build's own Spark jars. evaluate, drift and replay are
# submitted with spark-submit and verity-cluster.jar; each result must equal the local run's, and a
# clean run prints no stack trace. Needs `mvn package` (bin/verity builds it when missing).
set -euo pipefail
cd "$(dirname "$0")/../../../.."
root=$(pwd)
jar="$root/spark-jobs/target/verity-cluster.jar"
bin/verity --help > /dev/null # builds the CLI and the cluster jar if needed
export SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13 OPENBLAS_NUM_THREADS=1
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# A Spark distribution's jars: the build's runtime classpath without what verity-cluster.jar brings
# (its META-INF/maven entries name every artifact it holds) and without Verity's own modules.
export SPARK_HOME="$work/spark"
mkdir -p "$SPARK_HOME/jars"
bundled=$(unzip -Z1 "$jar" 'META-INF/maven/*/pom.properties' | awk -F/ '{print $3 "/" $4}' | sort -u)
tr ':' '\n' < spark-jobs/target/runtime-classpath | while read -r entry; do
  case "$entry" in "$root"/*) continue ;; esac
  version_dir=$(dirname "$entry")
  artifact=$(basename "$(dirname "$version_dir")")
  group=$(dirname "$(dirname "$version_dir")" | sed "s|^$HOME/.m2/repository/||; s|/|.|g")
  if ! grep -qx "$group/$artifact" <<< "$bundled"; then
    ln -s "$entry" "$SPARK_HOME/jars/"
  fi
done
# Every JVM here runs a few seconds on 3,000 rows: the JIT's optimizing tier (C2) never pays for its
# compile threads then, and on two cores it took CPU from the other JVMs (246 s in all against 145 s
# with the quick tier alone). Results do not depend on the tier; a user's own runs keep both.
quick_jit=-XX:TieredStopAtLevel=1
export VERITY_JAVA_OPTS=$quick_jit
flags="$(cat spark-jobs/target/jvm-flags) $quick_jit"
# Inputs: 3,000 predictions over 2 days and 2 countries with one feature, labels for most of them.
awk 'BEGIN {
  srand(7); print "prediction_id,ts,model,model_version,score,country,x" > "'"$work"'/p.csv"
  print "prediction_id,label,label_ts" > "'"$work"'/l.csv"
  for (i = 0; i < 3000; i++) {
    day = 1 + i % 2; x = rand(); y = (rand() < x) ? 1 : 0; s = int((0.3 * x + 0.7 * rand()) * 1000) / 1000
    printf "p%d,2026-11-0%dT%02d:00:00Z,m,v1,%s,%s,%s\n", i, day, i % 24, s, (i % 3 ? "US" : "BR"), x > "'"$work"'/p.csv"
    if (i % 10) printf "p%d,%d,2026-11-0%dT23:30:00Z\n", i, y, day > "'"$work"'/l.csv"
  }
}'
check_clean() { # a clean run: no stack frame, no error line
  if grep -E $'^\tat |ERROR' "$1"; then echo "$2 printed errors on the cluster" >&2; exit 1; fi
}

# The local runs (the expected results, the replay's model and traffic) start first: they overlap the
# cluster's start and its runs.
evaluate_args=(--predictions "$work/p.csv" --labels "$work/l.csv" --task binary --slice-by country --window 1d --quiet)
drift_args=(--reference "$work/p.csv" --current "$work/p.csv" --numeric "score,x" --categorical country --format csv)
metric_rows() { bin/verity metrics --store "$1" --format csv | cut -d, -f1-10 | sort; }
awk -F, 'NR == 1 {print $0 ",label"; next} {print $0 "," ($7 > 0.5 ? 1 : 0)}' "$work/p.csv" > "$work/t.csv"
(
  bin/verity evaluate "${evaluate_args[@]}" --store "$work/local" > /dev/null
  metric_rows "$work/local" > "$work/local.metrics"
  bin/verity drift "${drift_args[@]}" > "$work/local.drift"
) &
local_runs=$!
(
  bin/verity train --data "$work/t.csv" --features x,country --label label --model-out "$work/model" > /dev/null 2>&1
  bin/verity score --model "$work/model" --input "$work/t.csv" --out "$work/traffic.parquet" 2> /dev/null
) &
model=$!

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
ui=$(free_port)
# shellcheck disable=SC2086
java $flags -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
  --webui-port "$ui" > "$work/master.log" 2>&1 &
pids+=($!)
master="spark://127.0.0.1:$port"
for _ in $(seq 60); do curl -fs "127.0.0.1:$ui/json/" > /dev/null && break; sleep 1; done
# shellcheck disable=SC2086
java $flags -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 3g \
  --webui-port "$(free_port)" --work-dir "$work/worker" "$master" > "$work/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do curl -fs "127.0.0.1:$ui/json/" | grep -q '"aliveworkers" : 1' && break; sleep 1; done
curl -fs "127.0.0.1:$ui/json/" | grep -q '"aliveworkers" : 1' || { cat "$work/worker.log"; exit 1; }
echo "cluster up at $master (${SECONDS} s)"

# The recipe: spark-submit --master M --class dev.verity.cli.Verity verity-cluster.jar <command> ...
# The confs only fit a small cluster to small inputs: no web UI, and Delta replays its log in 2
# tasks instead of 50 (the two took 18 s off the run).
submit() {
  # shellcheck disable=SC2086
  java $flags -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit --master "$master" \
    --conf spark.executor.memory=1g --conf spark.executor.extraJavaOptions="$quick_jit" \
    --conf spark.sql.shuffle.partitions=4 --conf spark.ui.enabled=false \
    --conf spark.databricks.delta.snapshotPartitions=2 \
    --class dev.verity.cli.Verity "$jar" "$@"
}

submit evaluate "${evaluate_args[@]}" --store "$work/cluster" > /dev/null 2> "$work/evaluate.err"
check_clean "$work/evaluate.err" evaluate
echo "evaluate submitted and done (${SECONDS} s)"
metric_rows "$work/cluster" > "$work/cluster.metrics" &
cluster_metrics=$!
submit drift "${drift_args[@]}" > "$work/cluster.drift" 2> "$work/drift.err"
check_clean "$work/drift.err" drift
echo "drift submitted and done (${SECONDS} s)"
wait "$local_runs"
echo "local evaluate, metrics and drift done (${SECONDS} s)"
wait "$cluster_metrics"
diff "$work/local.metrics" "$work/cluster.metrics"
echo "evaluate: $(wc -l < "$work/local.metrics") metric rows equal to the local run's"
diff "$work/local.drift" "$work/cluster.drift"
echo "drift: equal to the local run's"

# Replay: the traffic's scores come from the same model, so every replayed score must equal its live one.
wait "$model"
echo "local train and score done (${SECONDS} s)"
submit replay --model "$work/model" --traffic "$work/traffic.parquet" --format json > "$work/replay.json" 2> "$work/replay.err"
check_clean "$work/replay.err" replay
if ! grep -q '"rows" : 3000,' "$work/replay.json" || ! grep -q '"mismatches" : 0,' "$work/replay.json"; then
  cat "$work/replay.json" >&2
  exit 1
fi
echo "replay: 3000 rows, every replayed score equal to the live one"
echo "standalone cluster: every check passed in ${SECONDS} s"
