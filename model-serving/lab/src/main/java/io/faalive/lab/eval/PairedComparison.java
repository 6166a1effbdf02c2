package io.faalive.lab.eval;

import io.faalive.serving.metrics.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two scorers compared on the same trials: every figure of each, their difference, and a
 * paired bootstrap interval of the difference. Each resample draws trials with replacement,
 * the same draw for both scorers, so what the two have in common (which trials are hard)
 * cancels and the interval measures only how much the difference could owe to the particular
 * test trials drawn. Verification resamples positives and negatives separately (their
 * counts stay fixed, as the AUC's denominator needs); matching resamples trials and retrieval
 * queries. It says nothing about the spread between training seeds: that is
 * {@code bin/faa summarize}'s paired differences over seeds.
 */
public final class PairedComparison {

    /** One figure of A and B in percent, A - B, and the 2.5th and 97.5th percentiles of A - B over the resamples. */
    public record Difference(String metric, int trials, double a, double b, double low95, double high95,
            double shareAbove) {
        public double difference() {
            return a - b;
        }
    }

    private PairedComparison() {}

    /**
     * Compares two evaluations of the same trials.
     *
     * @throws IllegalArgumentException when the two were not scored on the same trials
     */
    public static List<Difference> compare(TrialScores a, TrialScores b, int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        }
        List<TrialScores.Task> tasksA = a.tasks();
        List<TrialScores.Task> tasksB = b.tasks();
        List<String> namesA = tasksA.stream().map(TrialScores.Task::name).toList();
        List<String> namesB = tasksB.stream().map(TrialScores.Task::name).toList();
        if (!namesA.equals(namesB)) {
            throw new IllegalArgumentException("the two evaluations have different tasks: " + namesA + " against "
                    + namesB);
        }
        List<Difference> out = new ArrayList<>();
        for (int i = 0; i < tasksA.size(); i++) {
            TrialScores.Task ta = tasksA.get(i);
            TrialScores.Task tb = tasksB.get(i);
            if (!ta.sameTrials(tb)) {
                throw new IllegalArgumentException("the two evaluations scored different trials in task " + ta.name()
                        + ": compare needs two evaluations of the same dataset and split");
            }
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
            String suffix = ta.suffix();
            switch (ta.kind()) {
                case VERIFICATION -> {
                    double[][] diffs = verificationDiffs(ta, tb, resamples, random);
                    out.add(difference("auc_" + suffix, ta.rows(), Metrics.auc(ta.score(), ta.match()),
                            Metrics.auc(tb.score(), tb.match()), diffs[0]));
                    out.add(difference("eer_" + suffix, ta.rows(), Metrics.eer(ta.score(), ta.match()),
                            Metrics.eer(tb.score(), tb.match()), diffs[1]));
                }
                case MATCHING, RETRIEVAL -> {
                    // the figure is the mean of per-trial values (credits, average precisions)
                    double[] va = Evaluation.perTrial(ta);
                    double[] vb = Evaluation.perTrial(tb);
                    out.add(difference(ta.averagedFigure(), va.length, Evaluation.mean(va), Evaluation.mean(vb),
                            meanDiffs(va, vb, resamples, random)));
                }
            }
        }
        return out;
    }

    /** Point figures and resampled differences are fractions; the record holds percent. */
    private static Difference difference(String metric, int trials, double a, double b, double[] diffs) {
        Arrays.sort(diffs);
        long above = Arrays.stream(diffs).filter(d -> d > 0).count();
        return new Difference(metric, trials, 100 * a, 100 * b, 100 * percentile(diffs, 0.025),
                100 * percentile(diffs, 0.975), above / (double) diffs.length);
    }

    /** Per resample, A - B of the AUC (row 0) and of the EER (row 1), as fractions. */
    private static double[][] verificationDiffs(TrialScores.Task a, TrialScores.Task b, int resamples,
            SplittableRandom random) {
        boolean[] positive = a.match();
        int[] positives = indices(positive, true);
        int[] negatives = indices(positive, false);
        if (positives.length == 0 || negatives.length == 0) {
            throw new IllegalArgumentException(a.name() + " needs positive and negative trials");
        }
        int[] orderA = ascending(a.score());
        int[] orderB = ascending(b.score());
        int[] weight = new int[positive.length];
        double[][] out = new double[2][resamples];
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(weight, 0);
            for (int k = 0; k < positives.length; k++) {
                weight[positives[random.nextInt(positives.length)]]++;
            }
            for (int k = 0; k < negatives.length; k++) {
                weight[negatives[random.nextInt(negatives.length)]]++;
            }
            out[0][r] = weightedAuc(a.score(), positive, weight, orderA)
                    - weightedAuc(b.score(), positive, weight, orderB);
            out[1][r] = weightedEer(positive, weight, orderA, positives.length, negatives.length)
                    - weightedEer(positive, weight, orderB, positives.length, negatives.length);
        }
        return out;
    }

    /** Per resample of the trials, the mean of A's per-trial values minus B's. */
    private static double[] meanDiffs(double[] a, double[] b, int resamples, SplittableRandom random) {
        double[] out = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int k = 0; k < a.length; k++) {
                int t = random.nextInt(a.length);
                sum += a[t] - b[t];
            }
            out[r] = sum / a.length;
        }
        return out;
    }

    /**
     * The AUC of rows repeated {@code weight} times each ({@link Metrics#auc} on the expanded
     * rows): the rank-sum statistic over groups of equal scores, ties counting one half.
     * {@code order} sorts the scores ascending.
     */
    static double weightedAuc(double[] score, boolean[] positive, int[] weight, int[] order) {
        double numerator = 0;
        double negativesBelow = 0;
        double positives = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            double pos = 0;
            double neg = 0;
            while (j < order.length && score[order[j]] == score[order[i]]) {
                int row = order[j++];
                if (positive[row]) {
                    pos += weight[row];
                } else {
                    neg += weight[row];
                }
            }
            numerator += pos * (negativesBelow + 0.5 * neg);
            negativesBelow += neg;
            positives += pos;
            i = j;
        }
        return numerator / (positives * negativesBelow);
    }

    /**
     * The EER of rows repeated {@code weight} times each, walking the ROC from the highest
     * score down ({@code order} ascending, read backwards). A run of copies of one row moves
     * the ROC along one axis, so its end points hold the run's best point.
     */
    static double weightedEer(boolean[] positive, int[] weight, int[] order, long positives, long negatives) {
        double best = 1;
        long tp = 0;
        long fp = 0;
        for (int i = order.length - 1; i >= 0; i--) {
            int row = order[i];
            if (weight[row] == 0) {
                continue;
            }
            if (positive[row]) {
                tp += weight[row];
            } else {
                fp += weight[row];
            }
            best = Math.min(best, Math.max(fp / (double) negatives, 1 - tp / (double) positives));
        }
        return best;
    }

    private static int[] ascending(double[] score) {
        Integer[] boxed = Metrics.order(score, false);
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    private static int[] indices(boolean[] flags, boolean value) {
        return java.util.stream.IntStream.range(0, flags.length).filter(i -> flags[i] == value).toArray();
    }

    /** Linear interpolation between the closest ranks of sorted values. */
    static double percentile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
}
