package dev.verity.store.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.store.MetricRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricHistoryTest {
    private static MetricRecord metric(String slice, String start, String end, Double value, long n) {
        return new MetricRecord(
                "m",
                "v1",
                "binary",
                Timestamp.from(Instant.parse(start)),
                Timestamp.from(Instant.parse(end)),
                slice,
                "auc",
                value,
                n,
                value == null ? "single class" : null,
                "r1",
                Timestamp.from(Instant.parse(end)));
    }

    private static String history(MetricRecord... rows) {
        StringWriter text = new StringWriter();
        MetricHistory.write(List.of(rows), new PrintWriter(text));
        return text.toString();
    }

    @Test
    void eachSeriesListsItsWindowsInTimeOrderStampedWithTheirEndsThenTheRowsBehindThem() {
        String text = history(
                metric("all", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", 0.75, 900),
                metric("all", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 0.8, 1000),
                metric("country=\"x\\y\"", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", Double.NaN, 3));
        assertThat(text)
                .isEqualTo(String.join(
                        "\n",
                        "# TYPE verity_model_metric gauge",
                        "# HELP verity_model_metric Value of a model metric in an evaluated window",
                        "verity_model_metric{model=\"m\",model_version=\"v1\",slice=\"all\",metric=\"auc\"} 0.8 1793577600",
                        "verity_model_metric{model=\"m\",model_version=\"v1\",slice=\"all\",metric=\"auc\"} 0.75 1793664000",
                        "verity_model_metric{model=\"m\",model_version=\"v1\",slice=\"country=\\\"x\\\\y\\\"\",metric=\"auc\"}"
                                + " NaN 1793577600",
                        "# TYPE verity_model_metric_rows gauge",
                        "# HELP verity_model_metric_rows Rows behind the value",
                        "verity_model_metric_rows{model=\"m\",model_version=\"v1\",slice=\"all\",metric=\"auc\"} 1000 1793577600",
                        "verity_model_metric_rows{model=\"m\",model_version=\"v1\",slice=\"all\",metric=\"auc\"} 900 1793664000",
                        "verity_model_metric_rows{model=\"m\",model_version=\"v1\",slice=\"country=\\\"x\\\\y\\\"\",metric=\"auc\"}"
                                + " 3 1793577600",
                        "# EOF",
                        ""));
    }

    @Test
    void ofTwoWindowsEndingTogetherTheShorterIsKeptAndRowsWithoutAValueAreLeftOut() {
        String text = history(
                metric("all", "2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z", 0.7, 2000),
                metric("all", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", 0.75, 900),
                metric("country=c", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", null, 4));
        assertThat(text)
                .contains("slice=\"all\",metric=\"auc\"} 0.75 1793664000")
                .doesNotContain("0.7 ", "country=c");
    }

    @Test
    void anEmptyStoreIsAnEmptyButValidExposition() {
        assertThat(history()).endsWith("# EOF\n").doesNotContain("{");
    }
}
