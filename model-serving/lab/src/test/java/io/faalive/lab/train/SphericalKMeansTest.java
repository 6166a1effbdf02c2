package io.faalive.lab.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SphericalKMeansTest {

    @Test
    void recoversWellSeparatedDirections() {
        int perCluster = 50;
        int k = 4;
        float[] flat = groups(k, perCluster, 16, 3);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            int[] labels = SphericalKMeans.cluster(m.create(flat, new Shape(k * perCluster, 16)), k, 10, 1);
            assertPure(labels, k, perCluster);
        }
    }

    @Test
    void blocksOfRowsGiveTheSameClusters() {
        // Blocks that do not divide the rows, as many clusters as groups, then more clusters
        // than groups (some fall empty and are re-seeded).
        int perCluster = 12;
        int groups = 25;
        int d = 80;
        float[] flat = groups(groups, perCluster, d, 5);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var points = m.create(flat, new Shape(groups * perCluster, d));
            int[] whole = SphericalKMeans.cluster(points, 25, 10, 2, groups * perCluster);
            int[] blocked = SphericalKMeans.cluster(points, 25, 10, 2, 7);
            assertThat(blocked).isEqualTo(whole);
            int[] more = SphericalKMeans.cluster(points, 40, 10, 2, 7);
            assertThat(more).isEqualTo(SphericalKMeans.cluster(points, 40, 10, 2, groups * perCluster));
            assertThat(java.util.Arrays.stream(more).max().getAsInt()).isLessThan(40);
            assertThat(java.util.Arrays.stream(more).distinct().count()).as("clusters in use").isGreaterThanOrEqualTo(groups);
        }
    }

    /** {@code groups} x {@code perCluster} unit rows around one axis per group. */
    private static float[] groups(int groups, int perCluster, int d, long seed) {
        Random r = new Random(seed);
        float[] flat = new float[groups * perCluster * d];
        for (int c = 0; c < groups; c++) {
            for (int i = 0; i < perCluster; i++) {
                double norm = 0;
                int row = (c * perCluster + i) * d;
                for (int j = 0; j < d; j++) {
                    flat[row + j] = (float) ((j == c * 3 ? 5 : 0) + 0.3 * r.nextGaussian());
                    norm += flat[row + j] * flat[row + j];
                }
                for (int j = 0; j < d; j++) {
                    flat[row + j] /= (float) Math.sqrt(norm);
                }
            }
        }
        return flat;
    }

    /** Each group's rows share one label, and the groups' labels differ. */
    private static void assertPure(int[] labels, int groups, int perCluster) {
        Set<Integer> distinct = new HashSet<>();
        for (int c = 0; c < groups; c++) {
            int first = labels[c * perCluster];
            for (int i = 0; i < perCluster; i++) {
                assertThat(labels[c * perCluster + i]).as("cluster %d is pure", c).isEqualTo(first);
            }
            distinct.add(first);
        }
        assertThat(distinct).hasSize(groups);
    }
}
