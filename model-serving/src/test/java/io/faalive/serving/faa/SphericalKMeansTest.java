package io.faalive.serving.faa;

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
        int d = 16;
        Random r = new Random(3);
        float[] flat = new float[k * perCluster * d];
        for (int c = 0; c < k; c++) {
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
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            int[] labels = SphericalKMeans.cluster(m.create(flat, new Shape(k * perCluster, d)), k, 10, 1);
            Set<Integer> distinct = new HashSet<>();
            for (int c = 0; c < k; c++) {
                int first = labels[c * perCluster];
                for (int i = 0; i < perCluster; i++) {
                    assertThat(labels[c * perCluster + i]).as("cluster %d is pure", c).isEqualTo(first);
                }
                distinct.add(first);
            }
            assertThat(distinct).hasSize(k);
        }
    }
}
