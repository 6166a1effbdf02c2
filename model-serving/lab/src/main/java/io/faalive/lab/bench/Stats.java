package io.faalive.lab.bench;

import java.util.Arrays;

/** Order statistics of a sample of measurements, for every benchmark of the project. */
public record Stats(double median, double p95, double p99, double min, double max, int n) {

    public static Stats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return new Stats(percentile(v, 50), percentile(v, 95), percentile(v, 99), v[0], v[v.length - 1], v.length);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
