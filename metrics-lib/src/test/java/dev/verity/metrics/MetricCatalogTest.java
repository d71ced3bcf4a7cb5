package dev.verity.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Spark-free: in {@code mvn test -Dgroups=fast}. */
class MetricCatalogTest {

    /** The README's table row of a definition. */
    private static String row(MetricDefinition d) {
        String better = switch (d.direction()) {
            case HIGHER_IS_BETTER -> "higher";
            case LOWER_IS_BETTER -> "lower";
            case NEITHER -> "-";
        };
        return "| `" + d.name() + "` | " + d.task().id() + " | " + better + " | " + d.definition() + " | "
                + d.undefinedWhen() + " |";
    }

    @Test
    void theReadmeTableIsTheCatalog() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        int start = readme.indexOf("### Metric catalog");
        assertThat(start).as("README has a '### Metric catalog' section").isPositive();
        List<String> table = readme.subList(start, readme.size()).stream()
                .dropWhile(l -> !l.startsWith("| `"))
                .takeWhile(l -> l.startsWith("| `"))
                .toList();
        assertThat(table)
                .as(
                        "README table, expected:%n%s",
                        MetricCatalog.ALL.stream().map(MetricCatalogTest::row).collect(Collectors.joining("\n")))
                .containsExactlyElementsOf(
                        MetricCatalog.ALL.stream().map(MetricCatalogTest::row).toList());
    }

    @Test
    void everyComputedMetricIsInTheCatalog() {
        Set<String> names =
                MetricCatalog.ALL.stream().map(MetricDefinition::name).collect(Collectors.toSet());
        assertThat(names).containsAll(BinaryMetrics.NAMES);
        assertThat(MetricCatalog.of(RankingState.metricName(5)))
                .get()
                .extracting(MetricDefinition::name)
                .isEqualTo("ndcg@K");
        assertThat(MetricCatalog.of(RegressionState.MAE)).isPresent();
        assertThat(MetricCatalog.of("nope")).isEmpty();
    }

    @Test
    void directionsAndPrimaryMetrics() {
        assertThat(MetricCatalog.higherIsBetter("auc")).isTrue();
        assertThat(MetricCatalog.higherIsBetter("log_loss")).isFalse();
        assertThat(MetricCatalog.higherIsBetter("rmse")).isFalse();
        assertThat(MetricCatalog.higherIsBetter("ndcg@10")).isTrue();
        assertThat(MetricCatalog.primary(Task.BINARY, List.of())).isEqualTo("auc");
        assertThat(MetricCatalog.primary(Task.REGRESSION, List.of("mae", "rmse")))
                .isEqualTo("rmse");
        assertThat(MetricCatalog.primary(
                        Task.RANKING, List.of("ndcg@5", "ndcg@20", "ndcg@10", "queries_without_relevant")))
                .isEqualTo("ndcg@20");
        assertThat(MetricCatalog.primary(Task.RANKING, List.of())).isEqualTo("ndcg@10");
    }
}
