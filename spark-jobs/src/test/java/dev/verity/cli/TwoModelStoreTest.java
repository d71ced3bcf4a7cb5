package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jobs.TestSpark;
import dev.verity.store.Columns;
import dev.verity.store.advise.RetrainAdvice;
import dev.verity.store.advise.StoreEvidence;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.TableSchemas;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.PrometheusView;
import dev.verity.store.prometheus.StoreState;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two models share a store: model a's feature drifts and its log loses an hour, model b's data
 * is clean. Each model's advice, gauges and report evidence are its own.
 */
class TwoModelStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void driftAndFindingsOfOneModelStayOutOfTheOthersAdviceAndGauges() throws Exception {
        String store = dir.resolve("store").toString();
        writeMetrics(store);
        List<String> reference = new ArrayList<>(List.of("model,x"));
        List<String> current = new ArrayList<>(List.of("model,x"));
        for (int i = 0; i < 300; i++) {
            for (String model : List.of("a", "b")) {
                reference.add(model + "," + i);
                current.add(model + "," + (model.equals("a") ? i + 150 : i));
            }
        }
        CliRunner.Result drift = CliRunner.run(
                "drift",
                "--reference",
                TestSpark.write(dir, "reference.csv", reference.toArray(String[]::new))
                        .toString(),
                "--current",
                TestSpark.write(dir, "current.csv", current.toArray(String[]::new))
                        .toString(),
                "--store",
                store,
                "--format",
                "csv");
        assertThat(drift.code()).as(drift.err()).isZero();
        assertThat(drift.out().lines())
                .filteredOn(line -> line.startsWith(",x,numeric,ks,"))
                .extracting(line -> line.substring(line.lastIndexOf(',') + 1))
                .containsExactly("a", "b");

        List<String> log = new ArrayList<>(List.of("prediction_id,ts,model,score"));
        for (int h = 0; h < 6; h++) {
            for (int i = 0; i < 20; i++) {
                for (String model : List.of("a", "b")) {
                    if (!(model.equals("a") && h == 3)) { // model a's log lost hour 3
                        log.add(model + h + "-" + i + "," + T0.plusSeconds(h * 3600L + i * 60L) + "," + model + ",0.5");
                    }
                }
            }
        }
        CliRunner.Result monitor = CliRunner.run(
                "monitor",
                "--predictions",
                TestSpark.write(dir, "log.csv", log.toArray(String[]::new)).toString(),
                "--store",
                store,
                "--baseline",
                "2",
                "--format",
                "csv");
        assertThat(monitor.code()).as(monitor.err()).isZero();
        assertThat(monitor.out().lines().skip(1))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("missing_window,2026-11-01T03:00:00Z,")
                        .endsWith(",a"));

        EvaluationStore evaluationStore = new EvaluationStore(TestSpark.spark(), store);
        assertThat(evaluationStore.runs().collectAsList())
                .extracting(r -> r.getAs(Columns.JOB) + ":" + r.getAs(Columns.MODEL) + ":" + r.getAs("status"))
                .containsExactlyInAnyOrder(
                        "drift:a:succeeded", "drift:b:succeeded", "monitor:a:succeeded", "monitor:b:succeeded");

        StoreEvidence evidence = new StoreEvidence(evaluationStore.snapshot());
        // no metrics: one advice per model, of no version
        assertThat(evidence.advise("a")).hasSize(1);
        assertThat(evidence.advise("b")).hasSize(1);
        RetrainAdvice.Advice a = evidence.advise("a").get(0);
        RetrainAdvice.Advice b = evidence.advise("b").get(0);
        assertThat(String.join(" ", a.evidence())).contains("x");
        assertThat(String.join(" ", b.evidence())).doesNotContain("drifted: x");
        assertThat(b.action()).isEqualTo(RetrainAdvice.Action.NO_ACTION);

        StoreState state = StoreState.load(evaluationStore.snapshot(), ExportSettings.defaults(100));
        assertThat(state.drift())
                .extracting(p -> p.model() + ":" + p.feature() + ":" + p.drifted())
                .containsExactlyInAnyOrder("a:x:true", "b:x:false");
        assertThat(state.findings().get("a")).containsEntry("missing_window", 1L);
        assertThat(state.findings().get("b").values()).containsOnly(0L);
        String exported = scrape(state);
        assertThat(exported)
                .contains("verity_drift_detected{feature=\"x\",method=\"ks\",model=\"a\"} 1.0")
                .contains("verity_drift_detected{feature=\"x\",method=\"ks\",model=\"b\"} 0.0")
                .contains("verity_monitor_findings{kind=\"missing_window\",model=\"a\"} 1.0")
                .contains("verity_monitor_findings{kind=\"missing_window\",model=\"b\"} 0.0");
    }

    /** Two days of a steady AUC for models a and b, so both have advice. */
    private static void writeMetrics(String store) {
        List<Row> rows = new ArrayList<>();
        for (String model : List.of("a", "b")) {
            for (int d = 0; d < 2; d++) {
                Timestamp start = Timestamp.from(T0.plusSeconds(86_400L * d));
                Timestamp end = Timestamp.from(T0.plusSeconds(86_400L * (d + 1)));
                rows.add(
                        RowFactory.create(model, "v1", "binary", start, end, "all", "auc", 0.8, 1000L, null, "r", end));
            }
        }
        new EvaluationStore(TestSpark.spark(), store)
                .mergeMetrics(TestSpark.spark().createDataFrame(rows, TableSchemas.METRICS));
    }

    private static String scrape(StoreState state) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, PrometheusView.of(state, Map.of()));
        return out.toString(StandardCharsets.UTF_8);
    }
}
