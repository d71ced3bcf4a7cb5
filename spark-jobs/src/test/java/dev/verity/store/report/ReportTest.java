package dev.verity.store.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.drift.DriftResult;
import dev.verity.drift.FeatureKind;
import dev.verity.drift.loss.Finding;
import dev.verity.drift.loss.FindingKind;
import dev.verity.jobs.TestSpark;
import dev.verity.metrics.BinaryMetrics;
import dev.verity.store.DriftRecord;
import dev.verity.store.FindingRecord;
import dev.verity.store.ReplayComparison;
import dev.verity.store.delta.EvaluationStore;
import dev.verity.store.delta.TableSchemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report from a small store, checked as HTML and rendered by headless Chromium (Debian's package). */
class ReportTest {
    @TempDir
    Path dir;

    private Path writeReport() throws Exception {
        EvaluationStore store =
                new EvaluationStore(TestSpark.spark(), dir.resolve("store").toString());
        List<Row> metrics = new ArrayList<>();
        String[] days = {"2026-11-01", "2026-11-02", "2026-11-03"};
        for (int d = 0; d < days.length; d++) {
            Timestamp start = Timestamp.from(Instant.parse(days[d] + "T00:00:00Z"));
            Timestamp end = new Timestamp(start.getTime() + 86_400_000L);
            for (String slice : List.of("all", "country=<script>", "country=BR")) {
                double auc = 0.8 - 0.02 * d - (slice.equals("all") ? 0 : 0.05);
                metrics.add(
                        RowFactory.create("m", "v1", "binary", start, end, slice, "auc", auc, 500L, null, "r", end));
                metrics.add(RowFactory.create(
                        "m", "v1", "binary", start, end, slice, "auc_ci_low", auc - 0.03, 500L, null, "r", end));
                metrics.add(RowFactory.create(
                        "m", "v1", "binary", start, end, slice, "auc_ci_high", auc + 0.03, 500L, null, "r", end));
            }
        }
        // the last day's reliability curve of all traffic: three occupied bins (bin 2 empty)
        Timestamp lastStart = Timestamp.from(Instant.parse(days[2] + "T00:00:00Z"));
        Timestamp lastEnd = new Timestamp(lastStart.getTime() + 86_400_000L);
        double[][] curve = {{1, 0.1, 0.05, 200}, {3, 0.5, 0.6, 150}, {4, 0.9, 0.8, 150}};
        for (double[] bin : curve) {
            for (int q = 0; q < 3; q++) {
                String quantity = List.of(
                                BinaryMetrics.RELIABILITY_SCORE,
                                BinaryMetrics.RELIABILITY_POSITIVE_RATE,
                                BinaryMetrics.RELIABILITY_ROWS)
                        .get(q);
                metrics.add(RowFactory.create(
                        "m",
                        "v1",
                        "binary",
                        lastStart,
                        lastEnd,
                        "all",
                        BinaryMetrics.reliability(quantity, (int) bin[0]),
                        bin[q + 1],
                        500L,
                        null,
                        "r",
                        lastEnd));
            }
        }
        metrics.add(RowFactory.create(
                "m", "v1", "binary", lastStart, lastEnd, "all", BinaryMetrics.ECE, 0.07, 500L, null, "r", lastEnd));
        // a canary v2 on a fifth of the last day (enough rows for a verdict), worse than v1 (0.76, standard error 0.02)
        metrics.add(RowFactory.create(
                "m", "v1", "binary", lastStart, lastEnd, "all", BinaryMetrics.AUC_SE, 0.02, 500L, null, "r", lastEnd));
        metrics.add(RowFactory.create(
                "m", "v2", "binary", lastStart, lastEnd, "all", BinaryMetrics.AUC, 0.60, 120L, null, "r", lastEnd));
        metrics.add(RowFactory.create(
                "m", "v2", "binary", lastStart, lastEnd, "all", BinaryMetrics.AUC_SE, 0.05, 120L, null, "r", lastEnd));
        store.mergeMetrics(TestSpark.spark().createDataFrame(metrics, TableSchemas.METRICS));
        Timestamp now = Timestamp.from(Instant.now());
        List<DriftRecord> drift = new ArrayList<>();
        for (String day : days) {
            Instant window = Instant.parse(day + "T00:00:00Z");
            boolean last = day.equals(days[2]);
            drift.add(new DriftRecord(
                    "m",
                    "ref",
                    "cur",
                    window,
                    new DriftResult(
                            "minutes", FeatureKind.NUMERIC, "wasserstein", last ? 0.4 : 0.02, null, 0.1, last, null),
                    0,
                    0,
                    false));
            drift.add(new DriftRecord(
                    "m",
                    "ref",
                    "cur",
                    window,
                    new DriftResult(
                            "platform", FeatureKind.CATEGORICAL, "chi2", 3.0, last ? 1e-6 : 0.4, 0.05, last, null),
                    0,
                    0,
                    false));
        }
        store.appendDrift("d", now, drift);
        store.appendFindings(
                "f",
                now,
                List.of(new FindingRecord(
                        "m",
                        "p.csv",
                        new Finding(
                                FindingKind.ROW_COUNT_DROP,
                                Instant.parse("2026-11-02T13:00:00Z"),
                                null,
                                3.0,
                                120.0,
                                "fewer rows than usual"))));
        store.appendReplay(
                "r",
                now,
                "t",
                List.of(
                        new ReplayComparison(
                                "m", "m-lr", "m-gbt", "all", "auc", 0.75, 0.78, 0.03, 0.01, 0.05, 0.004, "better", 100,
                                null),
                        new ReplayComparison(
                                "m",
                                "m-lr",
                                "m-gbt",
                                "country=BR",
                                "auc",
                                0.75,
                                0.74,
                                -0.01,
                                -0.04,
                                0.02,
                                0.5,
                                "indistinguishable",
                                40,
                                null)));
        Path out = dir.resolve("report.html");
        Files.writeString(out, HtmlReport.render(ReportData.load(store.snapshot())), StandardCharsets.UTF_8);
        return out;
    }

    @Test
    void theReportIsOneSelfContainedPageWithItsPlots() throws Exception {
        String html = Files.readString(writeReport());
        assertThat(html)
                .contains(
                        "<section id=\"advice\">",
                        "<section id=\"quality\">",
                        "<section id=\"drift\">",
                        "<section id=\"findings\">",
                        "<section id=\"canary\">",
                        "<section id=\"replay\">");
        // quality over time of v1 (a panel per slice: all, country=BR and country=<script>, whose bands
        // overlap) and of v2, v1's reliability diagram, drift heat map, challenger forest plot
        assertThat(html.split("<svg", -1)).hasSize(8);
        assertThat(html.split("<div class=\"panel\">", -1)).hasSize(4);
        assertThat(html).contains("<section id=\"canary\">", "<tr class=\"worse\"><td>m</td><td>v2 vs v1</td>");
        assertThat(html).contains("reliability diagram, all traffic", "ECE 0.0700", "<line class=\"diagonal\"");
        assertThat(html.split("<circle class=\"bin\"", -1)).hasSize(4);
        assertThat(html).contains("bin 3: mean score 0.5000, positive rate 0.6000, 150 rows");
        assertThat(html)
                .contains("<polygon class=\"band\"", "<rect class=\"cell\"", "row_count_drop", "RETRAIN".toLowerCase());
        // Nothing to fetch: no script, no external resource, and store values are escaped.
        assertThat(html).doesNotContain("<script", "src=", "http://", "https://");
        assertThat(html).contains("country=&lt;script&gt;");
    }

    @Test
    void headlessChromiumRendersThePageAndItsPlots() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path report = writeReport();
        String dom = HeadlessChromium.run(dir, report.toUri(), "--dump-dom");
        assertThat(dom).contains("<h1>Verity report</h1>", "<polyline", "<rect class=\"cell\"", "<circle");
        assertThat(dom.split("<svg", -1)).hasSize(8);
        assertThat(dom).contains("<section id=\"canary\">", "<tr class=\"worse\">");
        assertThat(dom).contains("<line class=\"diagonal\"", "<circle class=\"bin\"");
        Path png = dir.resolve("report.png");
        HeadlessChromium.run(dir, report.toUri(), "--screenshot=" + png, "--window-size=1100,2400");
        assertThat(png).exists();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(bytes.length).as("a page with plots, not a blank one").isGreaterThan(50_000);
    }

    /**
     * The page in Chromium at 1400 and at 800 px: nothing makes the page scroll sideways (a wide
     * table scrolls within itself), and a screenshot of each is kept in target/ to look at. The
     * report has no script; the test adds one to a copy that writes the laid-out width into the DOM.
     */
    @Test
    void thePageFitsA1400AndAn800PixelWindowAndIsScreenshotAtBoth() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path report = writeReport();
        Path measured = Files.writeString(
                dir.resolve("measured.html"),
                Files.readString(report)
                        .replace(
                                "</body>",
                                "<script>document.body.setAttribute('data-width', "
                                        + "document.documentElement.scrollWidth + '/' + window.innerWidth)</script></body>"));
        Path kept = Files.createDirectories(Path.of("target", "report-screenshots"));
        for (int width : new int[] {1400, 800}) {
            String dom = HeadlessChromium.run(dir, measured.toUri(), "--window-size=" + width + ",2000", "--dump-dom");
            java.util.regex.Matcher laidOut = java.util.regex.Pattern.compile("data-width=\"(\\d+)/(\\d+)\"")
                    .matcher(dom);
            assertThat(laidOut.find()).as(dom).isTrue();
            assertThat(Integer.parseInt(laidOut.group(1)))
                    .as("the page's width in a " + width + " px window")
                    .isLessThanOrEqualTo(Integer.parseInt(laidOut.group(2)));
            Path png = kept.resolve("report-" + width + ".png");
            HeadlessChromium.run(
                    dir, report.toUri(), "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + ",3000");
            assertThat(Files.size(png)).as("a page with plots, not a blank one").isGreaterThan(50_000);
        }
    }

    @Test
    void chartsHaveRoundTicksAndForestPlotsANumericAxis() throws Exception {
        String html = Files.readString(writeReport());
        java.util.regex.Matcher tick = java.util.regex.Pattern.compile(
                        "class=\"tick(?: axis)?\"[^>]*>(-?\\d+\\.\\d+)</text>")
                .matcher(html);
        int ticks = 0;
        while (tick.find()) {
            ticks++;
            assertThat(tick.group(1)).as("a rounded tick label").matches("-?\\d+\\.\\d{1,3}");
        }
        assertThat(ticks).isGreaterThan(5);
        assertThat(html).contains("<text class=\"tick axis\"", "difference (0: none)");
    }
}
