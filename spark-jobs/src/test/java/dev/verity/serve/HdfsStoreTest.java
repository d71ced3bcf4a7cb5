package dev.verity.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.cli.CliRunner;
import dev.verity.jobs.TestSpark;
import dev.verity.jobs.VeritySpark;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.prometheus.ExportSettings;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inputs and the store on a real HDFS (Hadoop's MiniDFSCluster, in this JVM on 127.0.0.1):
 * evaluate and metrics give what a local store gives, and serve's watcher sees a new Delta
 * version there and reloads.
 */
class HdfsStoreTest {
    private static MiniDFSCluster cluster;
    private static String hdfs;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startHdfs() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    @Test
    void evaluateMetricsAndServeReloadOnHdfs() throws Exception {
        Path local = dir.resolve("local");
        List<String> predictions = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,country"));
        List<String> labels = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        for (int i = 0; i < 200; i++) {
            String ts = "2026-11-0" + (1 + i % 2) + "T1" + (i % 10) + ":00:00Z";
            predictions.add(
                    "p" + i + "," + ts + ",m,v1," + ((i * 37) % 100) / 100.0 + "," + (i % 3 == 0 ? "BR" : "US"));
            labels.add("p" + i + "," + ((i * 37) % 100 > 40 == (i % 7 != 0) ? 1 : 0) + ",2026-11-03T00:00:00Z");
        }
        // A folder without an extension: its format is told by its files, through HDFS.
        Path p = TestSpark.write(local, "predictions/part-0.csv", predictions.toArray(String[]::new));
        Path l = TestSpark.write(local, "labels.csv", labels.toArray(String[]::new));
        FileSystem fs = cluster.getFileSystem();
        fs.copyFromLocalFile(
                new org.apache.hadoop.fs.Path(p.getParent().toUri()),
                new org.apache.hadoop.fs.Path("/logs/predictions"));
        fs.copyFromLocalFile(
                new org.apache.hadoop.fs.Path(l.toUri()), new org.apache.hadoop.fs.Path("/logs/labels.csv"));

        String store = hdfs + "/verity/store";
        evaluate(hdfs + "/logs/predictions", hdfs + "/logs/labels.csv", store);
        String localStore = local.resolve("store").toString();
        evaluate(p.getParent().toString(), l.toString(), localStore);
        String onHdfs = run("metrics", "--store", store, "--format", "csv");
        assertThat(onHdfs).contains("m,v1,").contains(",country=BR,auc,");
        assertThat(withoutRunIds(onHdfs))
                .isEqualTo(withoutRunIds(run("metrics", "--store", localStore, "--format", "csv")));
        assertThat(fs.exists(new org.apache.hadoop.fs.Path("/verity/store/_delta_log")))
                .isTrue();
        assertThat(fs.exists(new org.apache.hadoop.fs.Path("/verity/store/_verity/runs/_delta_log")))
                .isTrue();

        StoreReader reader = new StoreReader(store, VeritySpark.hadoopConfiguration());
        try (StoreWatcher watcher = new StoreWatcher(reader, ExportSettings.defaults(100))) {
            watcher.reloadIfChanged();
            assertThat(scrape(watcher)).contains("model=\"m\"").doesNotContain("model=\"m2\"");
            long metricsVersion = reader.version("").orElseThrow();

            List<String> second = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,country"));
            predictions.stream().skip(1).forEach(row -> second.add(row.replace(",m,v1,", ",m2,v1,")));
            Path p2 = TestSpark.write(local, "second.csv", second.toArray(String[]::new));
            fs.copyFromLocalFile(
                    new org.apache.hadoop.fs.Path(p2.toUri()), new org.apache.hadoop.fs.Path("/logs/second.csv"));
            run(CliRunner.evaluate(hdfs + "/logs/second.csv", hdfs + "/logs/labels.csv", store));

            assertThat(reader.version("").orElseThrow()).isGreaterThan(metricsVersion);
            watcher.reloadIfChanged();
            assertThat(scrape(watcher)).contains("model=\"m2\"");
        }
    }

    /** A daily binary evaluation sliced by country. */
    private static void evaluate(String predictions, String labels, String store) {
        run(CliRunner.evaluate(predictions, labels, store, "--slice-by", "country"));
    }

    /** Runs the CLI in-process; its standard output, after checking it exited 0. */
    private static String run(String... args) {
        CliRunner.Result result = CliRunner.run(args);
        assertThat(result.code())
                .as(String.join(" ", args) + "\n" + result.err())
                .isZero();
        return result.out();
    }

    /** The rows with their last column, the run id (each run has its own), cut off. */
    private static java.util.List<String> withoutRunIds(String csv) {
        // the last two columns: run_id and window_final (which the run's newest label decides)
        return csv.lines().map(line -> line.replaceAll(",[^,]*,[^,]*$", "")).toList();
    }

    private static String scrape(StoreWatcher watcher) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, watcher.snapshot());
        return out.toString(StandardCharsets.UTF_8);
    }
}
