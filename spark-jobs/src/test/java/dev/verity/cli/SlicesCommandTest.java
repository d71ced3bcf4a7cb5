package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verity slices} on generated logs where the labels contradict the scores only where
 * a=a1, b=b2 and c=c0 meet (1 row in 60): no single column and no pair shows it as plainly.
 */
class SlicesCommandTest {
    private static final int ROWS = 24_000;

    @TempDir
    static Path dir;

    private static String predictions;
    private static String labels;
    /** The planted slice's log loss and the rest's, computed here from the rows written. */
    private static double plantedLoss;

    private static double restLoss;
    private static long plantedRows;

    @BeforeAll
    static void write() throws Exception {
        Random random = new Random(11);
        List<String> p = new ArrayList<>(List.of("prediction_id,ts,model,model_version,score,a,b,c,minutes"));
        List<String> l = new ArrayList<>(List.of("prediction_id,label,label_ts"));
        double plantedSum = 0;
        double restSum = 0;
        for (int i = 0; i < ROWS; i++) {
            int a = random.nextInt(4);
            int b = random.nextInt(5);
            int c = random.nextInt(3);
            double score = Math.round(1e4 / (1 + Math.exp(-random.nextGaussian() * 1.5 + 1))) / 1e4;
            boolean planted = a == 1 && b == 2 && c == 0;
            int label = random.nextDouble() < (planted ? 1 - score : score) ? 1 : 0;
            p.add(String.format(
                    Locale.ROOT,
                    "p%d,2026-11-01T%02d:00:00Z,m,v1,%s,a%d,b%d,c%d,%.1f",
                    i,
                    i % 24,
                    score,
                    a,
                    b,
                    c,
                    random.nextDouble() * 100));
            l.add("p" + i + "," + label + ",2026-11-02T00:00:00Z");
            double clipped = Math.min(Math.max(score, 1e-15), 1 - 1e-15);
            double loss = -Math.log(label == 1 ? clipped : 1 - clipped);
            if (planted) {
                plantedSum += loss;
                plantedRows++;
            } else {
                restSum += loss;
            }
        }
        plantedLoss = plantedSum / plantedRows;
        restLoss = restSum / (ROWS - plantedRows);
        predictions = Files.write(dir.resolve("p.csv"), p).toString();
        labels = Files.write(dir.resolve("l.csv"), l).toString();
    }

    @Test
    void thePlantedCombinationRanksFirstWithItsLossesAndAuc() {
        CliRunner.Result result = CliRunner.run(
                "slices",
                "--predictions",
                predictions,
                "--labels",
                labels,
                "--columns",
                "a,b,c,minutes",
                "--format",
                "csv");
        assertThat(result.code()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", dev.verity.store.SliceRecord.COLUMNS));
        String[] top = lines.get(1).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        assertThat(top[4]).isEqualTo("\"a=a1,b=b2,c=c0\"");
        assertThat(Long.parseLong(top[5])).isEqualTo(plantedRows);
        assertThat(top[6]).isEqualTo("log_loss");
        assertThat(Double.parseDouble(top[7])).isCloseTo(plantedLoss, within(1e-9));
        assertThat(Double.parseDouble(top[8])).isCloseTo(restLoss, within(1e-9));
        assertThat(Double.parseDouble(top[10])).isPositive(); // the interval's low end: significant
        // labels against the scores: the slice's AUC is below a half, the window's above
        assertThat(Double.parseDouble(top[13])).isLessThan(0.5);
        assertThat(Double.parseDouble(top[14])).isGreaterThan(0.6);
        assertThat(result.err()).contains("slices evaluated over 24,000 labelled rows");
    }

    @Test
    void theSearchReportsWhatTheExhaustiveSearchDoesEvaluatingFewer() {
        String[] args = {
            "slices", "--predictions", predictions, "--labels", labels, "--columns", "a,b,c,minutes", "--format", "csv"
        };
        CliRunner.Result search = CliRunner.run(args);
        List<String> exhaustiveArgs = new ArrayList<>(List.of(args));
        exhaustiveArgs.add("--exhaustive");
        CliRunner.Result exhaustive = CliRunner.run(exhaustiveArgs.toArray(String[]::new));
        assertThat(exhaustive.code()).as(exhaustive.err()).isZero();
        assertThat(slices(search.out())).isEqualTo(slices(exhaustive.out()));
        // a, b, c and the five bins of minutes: 4 + 5 + 3 + 5, their 107 pairs and 295 triples
        assertThat(exhaustive.err()).contains(" 419 slices evaluated");
        assertThat(evaluated(search.err())).isLessThan(571);
    }

    @Test
    void withAStoreTheSlicesAreRecordedReportedAndExported() throws Exception {
        String store = dir.resolve("store").toString();
        CliRunner.Result result = CliRunner.run(
                "slices", "--predictions", predictions, "--labels", labels, "--columns", "a,b,c", "--store", store);
        assertThat(result.code()).as(result.err()).isZero();
        dev.verity.store.StoreSnapshot snapshot = new dev.verity.store.delta.StoreReader(
                        store, dev.verity.jobs.VeritySpark.hadoopConfiguration())
                .latest();
        List<dev.verity.store.SliceRecord> found = snapshot.latestSlices();
        assertThat(found).isNotEmpty();
        assertThat(found.get(0).slice()).isEqualTo("a=a1,b=b2,c=c0");
        assertThat(snapshot.runs())
                .extracting(r -> r.job().id() + ":" + r.status().id())
                .containsExactly("slices:succeeded");

        String html = dev.verity.store.report.HtmlReport.render(dev.verity.store.report.ReportData.load(snapshot));
        assertThat(html).contains("<h2>Worst slices found</h2>", "<td>a=a1,b=b2,c=c0</td>");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
                .write(
                        out,
                        dev.verity.store.prometheus.PrometheusView.of(
                                dev.verity.store.prometheus.StoreState.load(
                                        snapshot, dev.verity.store.prometheus.ExportSettings.defaults(100)),
                                java.util.Map.of()));
        String exported = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(exported)
                .contains("verity_slice_search_delta{metric=\"log_loss\",model=\"m\",model_version=\"v1\","
                        + "slice=\"a=a1,b=b2,c=c0\"}");
    }

    @Test
    void aTimeRangeSearchesOnlyThePredictionsInIt() {
        String[] whole = {
            "slices", "--predictions", predictions, "--labels", labels, "--columns", "a,b", "--format", "csv"
        };
        String[] theDay = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(whole),
                        java.util.stream.Stream.of("--from", "2026-11-01", "--until", "2026-11-02"))
                .toArray(String[]::new);
        String[] nextDay = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(whole),
                        java.util.stream.Stream.of("--from", "2026-11-02", "--until", "2026-11-03"))
                .toArray(String[]::new);
        CliRunner.Result all = CliRunner.run(whole);
        CliRunner.Result day = CliRunner.run(theDay);
        assertThat(day.code()).as(day.err()).isZero();
        // the same slices and rows; sums over other partitions may differ in the last bits
        assertThat(rounded(day.out())).isEqualTo(rounded(all.out()));
        CliRunner.Result none = CliRunner.run(nextDay);
        assertThat(none.code()).as(none.err()).isZero();
        assertThat(none.out().lines().skip(1)).as("no prediction on the 2nd").isEmpty();
    }

    @Test
    void badFlagsExitTwo() {
        CliRunner.Result metric = CliRunner.run(
                "slices", "--predictions", predictions, "--labels", labels, "--columns", "a", "--metric", "auc");
        assertThat(metric.code()).isEqualTo(2);
        assertThat(metric.err()).contains("--metric: 'auc' is not one of log_loss, brier, error_rate");
        CliRunner.Result missing =
                CliRunner.run("slices", "--predictions", predictions, "--labels", labels, "--columns", "a,nope");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains(predictions, "'nope'");
        CliRunner.Result depth = CliRunner.run(
                "slices", "--predictions", predictions, "--labels", labels, "--columns", "a", "--max-depth", "4");
        assertThat(depth.code()).isEqualTo(2);
    }

    /** Every decimal number of {@code csv} to 10 significant digits. */
    private static String rounded(String csv) {
        return java.util.regex.Pattern.compile("-?\\d+\\.\\d+(E-?\\d+)?")
                .matcher(csv)
                .replaceAll(m -> String.format(Locale.ROOT, "%.10g", Double.parseDouble(m.group())));
    }

    private static List<String> slices(String csv) {
        return csv.lines().map(l -> l.split(",\\d")[0]).toList();
    }

    private static long evaluated(String err) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("([\\d,]+) slices evaluated").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
