package io.faalive.serving.metrics;

import java.util.Arrays;

/** Evaluation metrics, as fractions in [0, 1] (callers report percent). */
public final class Metrics {

    private Metrics() {}

    /** ROC AUC by the rank-sum statistic; ties count one half. */
    public static double auc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = order(scores, false);
        double rankSumPos = 0;
        long pos = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPos += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            throw new IllegalArgumentException("AUC needs positives and negatives");
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Half-width of a 95% interval of an AUC from {@code positives} and {@code negatives}
     * trials (Hanley and McNeil, 1982), in the AUC's units.
     */
    public static double aucHalfWidth95(double auc, long positives, long negatives) {
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
                / ((double) positives * negatives);
        return 1.96 * Math.sqrt(Math.max(0, variance));
    }

    /** Half-width of a 95% interval of an accuracy over {@code trials} independent trials (normal approximation). */
    public static double accuracyHalfWidth95(double accuracy, long trials) {
        return 1.96 * Math.sqrt(accuracy * (1 - accuracy) / trials);
    }

    /** ROC points (false positive rate, true positive rate), from the highest threshold down. */
    public static double[][] roc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = order(scores, true);
        long pos = 0;
        for (boolean p : positive) {
            pos += p ? 1 : 0;
        }
        long neg = n - pos;
        double[][] points = new double[n + 1][];
        points[0] = new double[] {0, 0};
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < n; i++) {
            if (positive[order[i]]) {
                tp++;
            } else {
                fp++;
            }
            points[i + 1] = new double[] {fp / (double) neg, tp / (double) pos};
        }
        return points;
    }

    /** Equal error rate: where the false accept and false reject rates meet on the ROC. */
    public static double eer(double[] scores, boolean[] positive) {
        double[][] roc = roc(scores, positive);
        double best = 1;
        for (double[] p : roc) {
            double fnr = 1 - p[1];
            best = Math.min(best, Math.max(p[0], fnr));
        }
        return best;
    }

    /**
     * One matching trial's credit: 1 when the first candidate (the match) scores strictly
     * highest, 1/(t+1) when it ties t others for the top, else 0.
     */
    public static double matchingCredit(double[] s) {
        int higher = 0;
        int ties = 0;
        for (int k = 1; k < s.length; k++) {
            if (s[k] > s[0]) {
                higher++;
            } else if (s[k] == s[0]) {
                ties++;
            }
        }
        return higher == 0 ? 1.0 / (ties + 1) : 0;
    }

    /** Average precision of one ranked query: gallery scores and which items are relevant. */
    public static double averagePrecision(double[] scores, boolean[] relevant) {
        Integer[] order = order(scores, true);
        double hits = 0;
        double sum = 0;
        for (int rank = 0; rank < order.length; rank++) {
            if (relevant[order[rank]]) {
                hits++;
                sum += hits / (rank + 1);
            }
        }
        return hits == 0 ? 0 : sum / hits;
    }

    /** Indices of {@code scores}, sorted by score (highest first when {@code descending}). */
    public static Integer[] order(double[] scores, boolean descending) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, descending ? (a, b) -> Double.compare(scores[b], scores[a])
                : (a, b) -> Double.compare(scores[a], scores[b]));
        return order;
    }
}
