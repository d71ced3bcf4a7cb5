package dev.verity.jobs.pairs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verity.jobs.TestSpark;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The blocked scorer against a brute-force double loop over every pair. */
class PairScorerTest {

    /** Small integer vectors: dot products are exact in any summation order, and ties are many. */
    static Embeddings integerPool(int n, int dim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Embeddings.Builder builder = new Embeddings.Builder("test", EmbeddingsReader.USER_ID, dim);
        for (int u = 0; u < n; u++) {
            List<String> values = new ArrayList<>();
            for (int k = 0; k < dim; k++) {
                values.add(Integer.toString(random.nextInt(-2, 3)));
            }
            builder.add("line " + u, String.format("u%03d", (u * 37) % n), values);
        }
        return builder.build();
    }

    record Scored(String user, String peer, double score) {}

    static List<Scored> bruteForceTopK(Embeddings pool, int k) {
        List<Scored> rows = new ArrayList<>();
        for (int u = 0; u < pool.size(); u++) {
            List<Scored> peers = new ArrayList<>();
            for (int p = 0; p < pool.size(); p++) {
                if (p != u) {
                    double s = 0;
                    for (int d = 0; d < pool.dim(); d++) {
                        s += pool.vectors()[u * pool.dim() + d] * pool.vectors()[p * pool.dim() + d];
                    }
                    peers.add(new Scored(pool.ids()[u], pool.ids()[p], s));
                }
            }
            peers.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::peer));
            rows.addAll(peers.subList(0, Math.min(k, peers.size())));
        }
        return rows;
    }

    @ParameterizedTest(name = "N={0}, B={1}, K={2}")
    @CsvSource({"23,1,5", "23,22,5", "23,23,5", "23,40,5", "23,7,30", "50,16,3", "2,1,1", "1,4,3"})
    void topKEqualsBruteForceWithTiesBrokenByPeerId(int n, int b, int k) {
        Embeddings pool = integerPool(n, 6, n * 31L + b);
        PairScorer.Result result = new PairScorer(TestSpark.spark(), b).topK(pool, k);
        List<Scored> expected = bruteForceTopK(pool, k);
        assertThat(result.rows()).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Row r = result.rows().get(i);
            Scored e = expected.get(i);
            assertThat(List.of(r.getString(0), r.getString(1), r.getDouble(2)))
                    .isEqualTo(List.of(e.user(), e.peer(), e.score()));
        }
        assertThat(result.pairsScored()).isEqualTo((long) n * (n - 1) / 2);
    }

    @Test
    void ranksStartAtOneAndFollowScoreThenPeerId() {
        Embeddings pool = integerPool(30, 4, 5);
        List<Row> rows = new PairScorer(TestSpark.spark(), 8).topK(pool, 4).rows();
        for (int i = 0; i < rows.size(); i++) {
            int rank = rows.get(i).getInt(3);
            if (rank > 1) {
                Row previous = rows.get(i - 1);
                assertThat(previous.getDouble(2))
                        .isGreaterThanOrEqualTo(rows.get(i).getDouble(2));
                if (previous.getDouble(2) == rows.get(i).getDouble(2)) {
                    assertThat(previous.getString(1)).isLessThan(rows.get(i).getString(1));
                }
                assertThat(previous.getInt(3)).isEqualTo(rank - 1);
            } else {
                assertThat(i == 0
                                || !rows.get(i - 1)
                                        .getString(0)
                                        .equals(rows.get(i).getString(0)))
                        .isTrue();
            }
        }
    }

    @Test
    void realValuedVectorsAgreeWithTheLoopToRoundingError() {
        SplittableRandom random = new SplittableRandom(11);
        Embeddings.Builder builder = new Embeddings.Builder("test", EmbeddingsReader.USER_ID, 64);
        for (int u = 0; u < 97; u++) {
            List<String> values = new ArrayList<>();
            for (int k = 0; k < 64; k++) {
                values.add(Double.toString(random.nextGaussian()));
            }
            builder.add("line " + u, "user-" + u, values);
        }
        Embeddings pool = builder.build();
        List<Row> rows = new PairScorer(TestSpark.spark(), 10).topK(pool, 7).rows();
        List<Scored> expected = bruteForceTopK(pool, 7);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(rows.get(i).getString(1)).isEqualTo(expected.get(i).peer());
            assertThat(rows.get(i).getDouble(2)).isCloseTo(expected.get(i).score(), within(1e-12));
        }
    }

    @ParameterizedTest(name = "B={0}")
    @CsvSource({"1", "6", "19", "20", "64"})
    void allPairsListsEveryUnorderedPairOnceWithTheLowerIdFirst(int b) {
        Embeddings pool = integerPool(20, 3, 2);
        List<Row> rows = new PairScorer(TestSpark.spark(), b).allPairs(pool).collectAsList();
        assertThat(rows).hasSize(20 * 19 / 2);
        assertThat(rows.stream().map(r -> r.getString(0) + "|" + r.getString(1)).distinct())
                .hasSize(190);
        for (Row r : rows) {
            assertThat(r.getString(0)).isLessThan(r.getString(1));
            int u = java.util.Arrays.asList(pool.ids()).indexOf(r.getString(0));
            int p = java.util.Arrays.asList(pool.ids()).indexOf(r.getString(1));
            assertThat(r.getDouble(2)).isEqualTo(pool.dot(u, p));
        }
    }
}
