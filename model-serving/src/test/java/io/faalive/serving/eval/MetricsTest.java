package io.faalive.serving.eval;

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
    void averagePrecisionAndMatchingAccuracyFollowTheirDefinitions() {
        // Relevant items ranked 1st and 3rd: AP = (1/1 + 2/3) / 2.
        assertThat(Metrics.averagePrecision(new double[] {0.9, 0.8, 0.7, 0.1}, new boolean[] {true, false, true, false}))
                .isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
        double[][] trials = {{0.9, 0.1}, {0.1, 0.9}, {0.5, 0.5}, {0.7, 0.6, 0.2}};
        assertThat(Metrics.matchingAccuracy(trials)).isCloseTo((1 + 0 + 0.5 + 1) / 4, within(1e-12));
    }
}
