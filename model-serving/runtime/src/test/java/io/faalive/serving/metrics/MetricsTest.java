package io.faalive.serving.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void aucIsOneForPerfectSeparationHalfForTiesAndNearHalfForNoise() {
        assertThat(Metrics.auc(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true})).isEqualTo(1.0);
        assertThat(Metrics.auc(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {false, false, true, true})).isEqualTo(0.0);
        assertThat(Metrics.auc(new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {false, true, false, true})).isEqualTo(0.5);
        Random r = new Random(1);
        double[] s = new double[20000];
        boolean[] p = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextGaussian();
            p[i] = r.nextBoolean();
        }
        assertThat(Metrics.auc(s, p)).isCloseTo(0.5, within(0.02));
        assertThat(Metrics.eer(s, p)).isCloseTo(0.5, within(0.02));
    }

    @Test
    void theAucIntervalMatchesTheSpreadOfRepeatedMeasurements() {
        // at chance the Hanley-McNeil variance is the Mann-Whitney null variance (n+1)/(12 n1 n2)
        assertThat(Metrics.aucHalfWidth95(0.5, 500, 500)).isCloseTo(1.96 * Math.sqrt(1001.0 / (12 * 500.0 * 500)),
                within(1e-9));
        // 400 repetitions of 1,000 trials of two unit Gaussians one apart (AUC 0.76): 1.96 times
        // the standard deviation of the measured AUCs is what the formula says, within 15%
        Random r = new Random(3);
        int repeats = 400;
        double[] aucs = new double[repeats];
        for (int k = 0; k < repeats; k++) {
            double[] s = new double[1000];
            boolean[] p = new boolean[s.length];
            for (int i = 0; i < s.length; i++) {
                p[i] = i % 2 == 0;
                s[i] = r.nextGaussian() + (p[i] ? 1 : 0);
            }
            aucs[k] = Metrics.auc(s, p);
        }
        double mean = java.util.Arrays.stream(aucs).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(aucs).map(a -> (a - mean) * (a - mean)).sum() / (repeats - 1));
        assertThat(Metrics.aucHalfWidth95(mean, 500, 500)).isCloseTo(1.96 * sd, within(0.15 * 1.96 * sd));
        assertThat(Metrics.aucHalfWidth95(mean, 5000, 5000)).isLessThan(Metrics.aucHalfWidth95(mean, 500, 500) / 3);
        assertThat(Metrics.accuracyHalfWidth95(0.5, 10000)).isCloseTo(0.0098, within(1e-6));
    }

    @Test
    void eerOfTwoUnitGaussiansOneApartIsAboutThirtyOnePercent() {
        Random r = new Random(2);
        int n = 40000;
        double[] s = new double[n];
        boolean[] p = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = i % 2 == 0;
            s[i] = r.nextGaussian() + (p[i] ? 1 : 0);
        }
        // Threshold at 0.5: both error rates are Phi(-0.5) = 0.3085; AUC = Phi(1/sqrt(2)) = 0.7602.
        assertThat(Metrics.eer(s, p)).isCloseTo(0.3085, within(0.01));
        assertThat(Metrics.auc(s, p)).isCloseTo(0.7602, within(0.01));
    }

    @Test
    void averagePrecisionAndMatchingCreditFollowTheirDefinitions() {
        // Relevant items ranked 1st and 3rd: AP = (1/1 + 2/3) / 2.
        assertThat(Metrics.averagePrecision(new double[] {0.9, 0.8, 0.7, 0.1}, new boolean[] {true, false, true, false}))
                .isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
        // Matching credit: the match (first) strictly highest 1, beaten 0, tied with one other 1/2.
        double[][] trials = {{0.9, 0.1}, {0.1, 0.9}, {0.5, 0.5}, {0.7, 0.6, 0.2}, {0.4, 0.4, 0.4}};
        double[] credit = java.util.Arrays.stream(trials).mapToDouble(Metrics::matchingCredit).toArray();
        assertThat(credit).containsExactly(new double[] {1, 0, 0.5, 1, 1.0 / 3}, within(1e-12));
    }
}
