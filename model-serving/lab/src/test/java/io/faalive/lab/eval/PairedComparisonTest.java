package io.faalive.lab.eval;

import io.faalive.serving.metrics.Metrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairedComparisonTest {

    @TempDir
    Path dir;

    @Test
    void weightedFiguresEqualTheFiguresOfTheRepeatedRows() {
        Random r = new Random(5);
        int n = 300;
        double[] s = new double[n];
        boolean[] p = new boolean[n];
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i % 3 == 0;
            s[i] = r.nextGaussian() + (p[i] ? 0.8 : 0);
            w[i] = r.nextInt(4); // 0 to 3 copies, as a bootstrap draw gives
        }
        w[0] = 1; // at least one positive and one negative
        w[1] = 1;
        int total = Arrays.stream(w).sum();
        double[] es = new double[total];
        boolean[] ep = new boolean[total];
        long positives = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < w[i]; c++) {
                es[k] = s[i];
                ep[k++] = p[i];
                positives += p[i] ? 1 : 0;
            }
        }
        int[] order = Arrays.stream(Metrics.order(s, false)).mapToInt(Integer::intValue).toArray();
        assertThat(PairedComparison.weightedAuc(s, p, w, order)).isCloseTo(Metrics.auc(es, ep), within(1e-12));
        assertThat(PairedComparison.weightedEer(p, w, order, positives, total - positives))
                .isCloseTo(Metrics.eer(es, ep), within(1e-12));
    }

    @Test
    void aClearlyBetterScorerIsAheadOnEveryResampleAndEqualScorersAreNot() {
        TrialScores truth = world(new Random(1), 2000, 1.0);
        TrialScores better = rescore(truth, new Random(2), 0.3);
        TrialScores worse = rescore(truth, new Random(3), 1.5);
        TrialScores alsoWorse = rescore(truth, new Random(4), 1.5);
        for (PairedComparison.Difference d : PairedComparison.compare(better, worse, 500, 1)) {
            boolean lowerIsBetter = d.metric().startsWith("eer");
            assertThat(lowerIsBetter ? -d.difference() : d.difference()).as(d.metric()).isPositive();
            assertThat(lowerIsBetter ? -d.high95() : d.low95()).as(d.metric()).isPositive();
            assertThat(d.difference()).as(d.metric()).isBetween(d.low95(), d.high95());
        }
        for (PairedComparison.Difference d : PairedComparison.compare(worse, alsoWorse, 500, 1)) {
            // two draws of the same scorer: chance alone, so 0 inside the 95% interval (nearly always)
            assertThat(d.low95()).as(d.metric()).isLessThan(0.6);
            assertThat(d.high95()).as(d.metric()).isGreaterThan(-0.6);
        }
        for (PairedComparison.Difference d : PairedComparison.compare(worse, worse, 50, 1)) {
            assertThat(d.difference()).isZero();
            assertThat(d.low95()).isZero();
            assertThat(d.high95()).isZero();
        }
    }

    @Test
    void theIntervalMatchesTheSpreadOfTheDifferenceOverIndependentTestSets() {
        // 150 independent test sets of 1,000 verification trials scored by two noisy views of
        // one signal: the bootstrap half-width of one set should be 1.96 times the standard
        // deviation of the AUC difference across sets, within 20%
        Random r = new Random(11);
        int sets = 150;
        double[] diffs = new double[sets];
        double halfWidths = 0;
        for (int k = 0; k < sets; k++) {
            TrialScores truth = world(r, 1000, 1.0);
            TrialScores a = rescore(truth, r, 0.6);
            TrialScores b = rescore(truth, r, 0.9);
            PairedComparison.Difference auc = PairedComparison.compare(a, b, 400, k).get(0);
            assertThat(auc.metric()).isEqualTo("auc_u");
            diffs[k] = auc.difference();
            halfWidths += (auc.high95() - auc.low95()) / 2;
        }
        double mean = Arrays.stream(diffs).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(diffs).map(d -> (d - mean) * (d - mean)).sum() / (sets - 1));
        assertThat(halfWidths / sets).isCloseTo(1.96 * sd, within(0.2 * 1.96 * sd));
    }

    @Test
    void scoresOfDifferentTrialsAreRefused() {
        TrialScores a = world(new Random(1), 200, 1.0);
        TrialScores b = world(new Random(2), 200, 1.0);
        assertThatThrownBy(() -> PairedComparison.compare(a, b, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different trials");
    }

    @Test
    void trialScoresReadBackExactlyAndGiveTheSameFigures() throws Exception {
        TrialScores scores = rescore(world(new Random(8), 500, 1.0), new Random(9), 0.7);
        for (String name : List.of("scores.csv", "scores.csv.gz")) {
            Path file = dir.resolve(name);
            scores.write(file);
            TrialScores back = TrialScores.read(file);
            assertThat(back.tasks()).hasSameSizeAs(scores.tasks());
            for (int t = 0; t < scores.tasks().size(); t++) {
                TrialScores.Task x = scores.tasks().get(t);
                TrialScores.Task y = back.tasks().get(t);
                assertThat(y.sameTrials(x)).isTrue();
                assertThat(y.score()).containsExactly(x.score());
            }
            assertThat(Evaluation.metrics(back).metrics()).isEqualTo(Evaluation.metrics(scores).metrics());
        }
    }

    /**
     * A small protocol whose scores are a per-trial signal plus noise: verification (half
     * positives), 1:2 matching (the match's signal higher by {@code margin} on average) and
     * retrieval (3 relevant items of 20). Rescoring keeps the trials and redraws the noise.
     */
    private static TrialScores world(Random r, int trials, double margin) {
        TrialScores out = new TrialScores();
        int[] trial = new int[trials];
        int[] face = new int[trials];
        int[] voice = new int[trials];
        boolean[] same = new boolean[trials];
        double[] signal = new double[trials];
        for (int i = 0; i < trials; i++) {
            trial[i] = i;
            face[i] = r.nextInt(1000);
            voice[i] = r.nextInt(1000);
            same[i] = i % 2 == 0;
            signal[i] = r.nextGaussian() + (same[i] ? margin : 0);
        }
        out.add("verification_u", trial, face, voice, same, signal);
        int m = trials / 2;
        int[] mt = new int[2 * m];
        boolean[] first = new boolean[2 * m];
        double[] ms = new double[2 * m];
        for (int i = 0; i < 2 * m; i++) {
            mt[i] = i / 2;
            first[i] = i % 2 == 0;
            ms[i] = r.nextGaussian() + (first[i] ? margin : 0);
        }
        out.add("matching_vf_u", mt, Arrays.copyOf(face, 2 * m), Arrays.copyOf(voice, 2 * m), first, ms);
        int queries = Math.max(10, trials / 10);
        int[] qt = new int[20 * queries];
        boolean[] relevant = new boolean[qt.length];
        double[] qs = new double[qt.length];
        for (int i = 0; i < qt.length; i++) {
            qt[i] = i / 20;
            relevant[i] = i % 20 < 3;
            qs[i] = r.nextGaussian() + (relevant[i] ? margin : 0);
        }
        out.add("retrieval_vf", qt, new int[qt.length], new int[qt.length], relevant, qs);
        return out;
    }

    private static TrialScores rescore(TrialScores truth, Random r, double noise) {
        TrialScores out = new TrialScores();
        for (TrialScores.Task t : truth.tasks()) {
            double[] s = t.score().clone();
            for (int i = 0; i < s.length; i++) {
                s[i] += noise * r.nextGaussian();
            }
            out.add(t.name(), t.trial(), t.face(), t.voice(), t.match(), s);
        }
        return out;
    }
}
