package dev.verity.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected values from an independent midrank implementation of the paired DeLong test (Sun and
 * Xu 2014) in NumPy/SciPy, whose AUCs were checked against scikit-learn's roc_auc_score.
 */
class PairedAucTest {
    private static final double EPS = 1e-9;

    @Test
    void tiedScoresMatchTheReference() {
        double[] y = {1, 0, 1, 1, 0, 0, 1, 0, 1, 0};
        double[] a = {0.9, 0.1, 0.8, 0.4, 0.4, 0.3, 0.7, 0.2, 0.6, 0.5};
        double[] b = {0.8, 0.2, 0.8, 0.3, 0.5, 0.3, 0.9, 0.2, 0.4, 0.6};
        PairedAuc.Comparison c = PairedAuc.compare(y, a, b, y.length);
        assertThat(c.aucA()).isCloseTo(0.94, within(EPS));
        assertThat(c.aucB()).isCloseTo(0.82, within(EPS));
        assertThat(c.delta()).isCloseTo(-0.12, within(EPS));
        assertThat(c.ciLow()).isCloseTo(-0.3140265369394116, within(EPS));
        assertThat(c.ciHigh()).isCloseTo(0.07402653693941141, within(EPS));
        assertThat(c.pValue()).isCloseTo(0.22544231699451278, within(EPS));
        assertThat(c.verdict()).isEqualTo(PairedAuc.Verdict.INDISTINGUISHABLE);
    }

    @Test
    void threeHundredRoundedRowsMatchTheReference() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/reference/paired_scores_300.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }
        double[] y = new double[lines.size()];
        double[] a = new double[lines.size()];
        double[] b = new double[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            y[i] = Double.parseDouble(f[0]);
            a[i] = Double.parseDouble(f[1]);
            b[i] = Double.parseDouble(f[2]);
        }
        PairedAuc.Comparison c = PairedAuc.compare(y, a, b, y.length);
        assertThat(c.aucA()).isCloseTo(0.7816179356357928, within(EPS));
        assertThat(c.aucB()).isCloseTo(0.7546850470957613, within(EPS));
        assertThat(c.ciLow()).isCloseTo(-0.062038429196067134, within(EPS));
        assertThat(c.ciHigh()).isCloseTo(0.008172652116004119, within(EPS));
        assertThat(c.pValue()).isCloseTo(0.13266383575328788, within(EPS));
        // The paired interval agrees with each AUC's own DeLong interval on the AUC itself.
        double[] pos = java.util.stream.IntStream.range(0, y.length)
                .filter(i -> y[i] == 1)
                .mapToDouble(i -> a[i])
                .sorted()
                .toArray();
        double[] neg = java.util.stream.IntStream.range(0, y.length)
                .filter(i -> y[i] == 0)
                .mapToDouble(i -> a[i])
                .sorted()
                .toArray();
        assertThat(c.aucA()).isCloseTo(RocAuc.auc(pos, pos.length, neg, neg.length), within(EPS));
    }

    @Test
    void aScoreComparedWithItselfIsIndistinguishableWithNoNoise() {
        double[] y = {1, 0, 1, 0, 1};
        double[] a = {0.9, 0.2, 0.4, 0.4, 0.7};
        PairedAuc.Comparison c = PairedAuc.compare(y, a, a.clone(), 5);
        assertThat(c.delta()).isZero();
        assertThat(c.pValue()).isEqualTo(1.0);
        assertThat(c.verdict()).isEqualTo(PairedAuc.Verdict.INDISTINGUISHABLE);
    }

    @Test
    void aClearlyBetterCandidateIsCalledBetter() {
        int rows = 400;
        double[] y = new double[rows];
        double[] a = new double[rows];
        double[] b = new double[rows];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < rows; i++) {
            y[i] = random.nextDouble() < 0.5 ? 1 : 0;
            a[i] = random.nextDouble(); // no signal
            b[i] = y[i] + random.nextDouble(); // separates perfectly
        }
        PairedAuc.Comparison c = PairedAuc.compare(y, a, b, rows);
        assertThat(c.aucB()).isEqualTo(1.0);
        assertThat(c.verdict()).isEqualTo(PairedAuc.Verdict.BETTER);
        assertThat(c.pValue()).isLessThan(1e-6);
    }

    @Test
    void oneClassOrOneRowPerClassLeavesTheTestUndefinedWithAReason() {
        PairedAuc.Comparison oneClass =
                PairedAuc.compare(new double[] {1, 1}, new double[] {0.1, 0.2}, new double[] {0.3, 0.4}, 2);
        assertThat(oneClass.delta()).isNull();
        assertThat(oneClass.reason()).contains("only one class");
        PairedAuc.Comparison tiny =
                PairedAuc.compare(new double[] {1, 0}, new double[] {0.9, 0.1}, new double[] {0.1, 0.9}, 2);
        assertThat(tiny.delta()).isEqualTo(-1.0);
        assertThat(tiny.pValue()).isNull();
        assertThat(tiny.reason()).contains("at least 2 rows of each class");
        PairedAuc.Comparison empty = PairedAuc.compare(new double[0], new double[0], new double[0], 0);
        assertThat(empty.reason()).contains("0 positive, 0 negative");
    }
}
