package dev.verity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verity.jobs.VeritySpark;
import dev.verity.metrics.beyondaccuracy.BeyondAccuracy;
import dev.verity.store.MetricRecord;
import dev.verity.store.StoreSnapshot;
import dev.verity.store.delta.StoreReader;
import dev.verity.store.prometheus.ExportSettings;
import dev.verity.store.prometheus.StoreState;
import dev.verity.store.report.HtmlReport;
import dev.verity.store.report.ReportData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --task ranking} with an {@code item_id}: coverage, novelty, popularity,
 * personalization and diversity stored per window beside NDCG, on a hand-sized example (the
 * values numpy and SciPy give, see {@code BeyondAccuracyTest}) and on 100,000 lists (against the
 * definitions computed list by list here, and personalization against its expectation); without
 * an item_id each is stored undefined, saying why.
 */
class BeyondAccuracyCommandTest {
    @TempDir
    Path dir;

    private static final String HEADER = "prediction_id,ts,model,model_version,query_id,item_id,score\n";

    /** Evaluates the logs written as {@code name} into a store of their own; its metrics by name. */
    private Map<String, MetricRecord> evaluate(String name, String k, String... extra) {
        String store = dir.resolve(name + "-store").toString();
        List<String> args = new ArrayList<>(List.of(
                "evaluate",
                "--predictions",
                dir.resolve(name + "-p.csv").toString(),
                "--labels",
                dir.resolve(name + "-l.csv").toString(),
                "--store",
                store,
                "--task",
                "ranking",
                "--k",
                k,
                "--quiet"));
        args.addAll(List.of(extra));
        CliRunner.Result result = CliRunner.run(args.toArray(String[]::new));
        assertThat(result.code()).as(result.err()).isZero();
        Map<String, MetricRecord> metrics = new HashMap<>();
        new StoreReader(store, VeritySpark.hadoopConfiguration())
                .latest()
                .metrics()
                .forEach(m -> metrics.put(m.metric(), m));
        return metrics;
    }

    private static double value(Map<String, MetricRecord> metrics, String family, int k) {
        return metrics.get(BeyondAccuracy.name(family, k)).value();
    }

    /** Lists of (item, relevance) in score order, written as one model's ranking log. */
    private void write(String name, List<List<String>> items, List<List<Integer>> relevance, boolean itemIds)
            throws Exception {
        StringBuilder p = new StringBuilder(itemIds ? HEADER : HEADER.replace(",item_id", ""));
        StringBuilder l = new StringBuilder("prediction_id,label,label_ts\n");
        for (int q = 0; q < items.size(); q++) {
            for (int i = 0; i < items.get(q).size(); i++) {
                String id = "p" + q + "-" + i;
                p.append(id).append(",2026-11-02T09:00:00Z,r,v1,q").append(q).append(',');
                if (itemIds) {
                    p.append(items.get(q).get(i)).append(',');
                }
                p.append(String.format(Locale.ROOT, "%.4f%n", 1.0 - 0.1 * i));
                l.append(id).append(',').append(relevance.get(q).get(i)).append(",2026-11-02T10:00:00Z\n");
            }
        }
        Files.writeString(dir.resolve(name + "-p.csv"), p);
        Files.writeString(dir.resolve(name + "-l.csv"), l);
    }

    @Test
    void aHandSizedExampleGivesNumpysValuesAndNoItemIdSaysWhy() throws Exception {
        List<List<String>> items = List.of(List.of("a", "b", "c"), List.of("a", "d", "b"), List.of("e", "a"));
        List<List<Integer>> relevance = List.of(List.of(1, 0, 1), List.of(1, 0, 0), List.of(0, 0));
        write("hand", items, relevance, true);
        Files.writeString(dir.resolve("items.csv"), "item_id,v0,v1\na,1,0\nb,0,1\nc,1,1\nd,1,-1\n");
        Map<String, MetricRecord> m = evaluate(
                "hand", "2,3", "--item-features", dir.resolve("items.csv").toString());
        assertThat(value(m, BeyondAccuracy.COVERAGE, 2)).isCloseTo(0.8, within(1e-9));
        assertThat(value(m, BeyondAccuracy.COVERAGE, 3)).isCloseTo(1.0, within(1e-9));
        assertThat(value(m, BeyondAccuracy.NOVELTY, 2)).isCloseTo(2.207518749639422, within(1e-9));
        assertThat(value(m, BeyondAccuracy.NOVELTY, 3)).isCloseTo(2.272514583052884, within(1e-9));
        assertThat(value(m, BeyondAccuracy.POPULARITY, 2)).isCloseTo(0.3333333333333333, within(1e-9));
        assertThat(value(m, BeyondAccuracy.POPULARITY, 3)).isCloseTo(0.2962962962962963, within(1e-9));
        assertThat(value(m, BeyondAccuracy.PERSONALIZATION, 2)).isCloseTo(0.6666666666666667, within(1e-9));
        assertThat(value(m, BeyondAccuracy.PERSONALIZATION, 3)).isCloseTo(0.6666666666666667, within(1e-9));
        // SciPy: the mean of pdist(vectors, 'cosine') per list, e having no vector
        assertThat(value(m, BeyondAccuracy.DIVERSITY, 2)).isCloseTo(0.6464466094067263, within(1e-9));
        assertThat(value(m, BeyondAccuracy.DIVERSITY, 3)).isCloseTo(0.7642977396044841, within(1e-9));
        assertThat(m.get(BeyondAccuracy.ITEMS_WITHOUT_FEATURES).value()).isEqualTo(1.0);
        assertThat(m.get("ndcg@3").value()).isNotNull();
        // serve exports the stored values and the report shows them beside the ranker's quality
        StoreSnapshot snapshot =
                new StoreReader(dir.resolve("hand-store").toString(), VeritySpark.hadoopConfiguration()).latest();
        assertThat(StoreState.load(snapshot, ExportSettings.defaults(100)).metrics())
                .filteredOn(p -> p.metric().equals("coverage@2"))
                .singleElement()
                .satisfies(p -> assertThat(p.value()).isCloseTo(0.8, within(1e-9)));
        assertThat(HtmlReport.render(ReportData.load(snapshot)))
                .contains("r v1: beyond accuracy, all traffic", "<th>personalization</th>");
        CliRunner.Result binary = CliRunner.run(
                "evaluate",
                "--predictions",
                dir.resolve("hand-p.csv").toString(),
                "--labels",
                dir.resolve("hand-l.csv").toString(),
                "--store",
                dir.resolve("binary-store").toString(),
                "--task",
                "binary",
                "--item-features",
                dir.resolve("items.csv").toString());
        assertThat(binary.code()).isEqualTo(2);
        assertThat(binary.err()).contains("--item-features: only for --task ranking");

        write("no-items", items, relevance, false);
        Map<String, MetricRecord> without = evaluate("no-items", "2,3");
        for (String family : List.of(
                BeyondAccuracy.COVERAGE,
                BeyondAccuracy.NOVELTY,
                BeyondAccuracy.POPULARITY,
                BeyondAccuracy.PERSONALIZATION,
                BeyondAccuracy.DIVERSITY)) {
            MetricRecord r = without.get(BeyondAccuracy.name(family, 2));
            assertThat(r.value()).as(family).isNull();
            assertThat(r.reason()).isEqualTo(BeyondAccuracy.NO_ITEM_ID);
        }
        assertThat(m.get("ndcg@3").value()).isEqualTo(without.get("ndcg@3").value());
    }

    @Test
    void aHundredThousandListsAgreeWithTheDefinitions() throws Exception {
        int lists = 100_000;
        int catalogue = 400;
        int perList = 5;
        SplittableRandom random = new SplittableRandom(28);
        List<List<String>> items = new ArrayList<>();
        List<List<Integer>> relevance = new ArrayList<>();
        for (int q = 0; q < lists; q++) {
            Set<Integer> drawn = new HashSet<>();
            while (drawn.size() < perList) {
                drawn.add(random.nextInt(catalogue));
            }
            List<String> list = new ArrayList<>();
            List<Integer> rel = new ArrayList<>();
            for (int item : drawn) {
                list.add("i" + item);
                // lower-numbered items are interacted with more: a popularity skew
                rel.add(random.nextDouble() < 0.5 / (1 + item / 40.0) ? 1 : 0);
            }
            java.util.Collections.shuffle(list, new java.util.Random(random.nextLong()));
            items.add(list);
            relevance.add(rel);
        }
        write("large", items, relevance, true);
        Map<String, MetricRecord> m = evaluate("large", "3,5");
        // the interactions of each item, and the definitions list by list
        Map<String, Long> n = new HashMap<>();
        long total = 0;
        for (int q = 0; q < lists; q++) {
            for (int i = 0; i < perList; i++) {
                n.merge(items.get(q).get(i), (long) relevance.get(q).get(i), Long::sum);
                total += relevance.get(q).get(i);
            }
        }
        for (int k : new int[] {3, 5}) {
            Set<String> covered = new HashSet<>();
            double novelty = 0;
            double popularity = 0;
            for (List<String> list : items) {
                List<String> top = list.subList(0, k);
                covered.addAll(top);
                for (String item : top) {
                    novelty += -Math.log((n.get(item) + 1.0) / (total + n.size())) / Math.log(2) / k;
                    popularity += (double) n.get(item) / total / k;
                }
            }
            assertThat(value(m, BeyondAccuracy.COVERAGE, k))
                    .isCloseTo((double) covered.size() / n.size(), within(1e-9));
            assertThat(value(m, BeyondAccuracy.NOVELTY, k)).isCloseTo(novelty / lists, within(1e-9));
            assertThat(value(m, BeyondAccuracy.POPULARITY, k)).isCloseTo(popularity / lists, within(1e-9));
            // each top K is a uniform K-subset of the catalogue: the Jaccard overlap x / (2K - x) of
            // two has the hypergeometric expectation; the sample of 10,000 lists is within 1e-4 of it
            double expected = 0;
            for (int x = 1; x <= k; x++) {
                expected += hypergeometric(catalogue, k, x) * x / (2.0 * k - x);
            }
            assertThat(value(m, BeyondAccuracy.PERSONALIZATION, k)).isCloseTo(1 - expected, within(1e-4));
            assertThat(m.get(BeyondAccuracy.name(BeyondAccuracy.DIVERSITY, k)).reason())
                    .isEqualTo(BeyondAccuracy.NO_ITEM_FEATURES);
        }
    }

    /** P(two uniform K-subsets of M items share x items) = C(K, x) C(M - K, K - x) / C(M, K). */
    private static double hypergeometric(int m, int k, int x) {
        return Math.exp(logChoose(k, x) + logChoose(m - k, k - x) - logChoose(m, k));
    }

    private static double logChoose(int n, int r) {
        double s = 0;
        for (int i = 0; i < r; i++) {
            s += Math.log(n - i) - Math.log(i + 1);
        }
        return s;
    }
}
