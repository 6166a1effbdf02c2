package io.faalive.serving.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Agglomerative clustering with average linkage on cosine similarity: the offline reference
 * for grouping voice windows into speakers (O(n^3), meant for a few hundred windows).
 */
public final class AverageLinkage {

    private AverageLinkage() {}

    /** Cluster index (0..k-1) of each vector. */
    public static int[] cluster(float[][] v, int k) {
        int n = v.length;
        double[][] sim = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                sim[i][j] = sim[j][i] = VoiceVectors.cosine(v[i], v[j]);
            }
        }
        List<List<Integer>> clusters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clusters.add(new ArrayList<>(List.of(i)));
        }
        while (clusters.size() > k) {
            int bestA = 0, bestB = 1;
            double best = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < clusters.size(); a++) {
                for (int b = a + 1; b < clusters.size(); b++) {
                    double s = 0;
                    for (int i : clusters.get(a)) {
                        for (int j : clusters.get(b)) {
                            s += sim[i][j];
                        }
                    }
                    s /= clusters.get(a).size() * (double) clusters.get(b).size();
                    if (s > best) {
                        best = s;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            clusters.get(bestA).addAll(clusters.remove(bestB));
        }
        int[] out = new int[n];
        for (int c = 0; c < clusters.size(); c++) {
            for (int i : clusters.get(c)) {
                out[i] = c;
            }
        }
        return out;
    }
}
