package io.faalive.serving.faa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossesTest {

    @Test
    void multiSimilarityPrefersEmbeddingsThatGroupByLabel() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // Two labels; grouped: label 0 near e1, label 1 near e2. Mixed: the same points, labels crossed.
            NDArray grouped = m.create(new float[] {1, 0, 0.99f, 0.14f, 0, 1, 0.14f, 0.99f}, new Shape(4, 2)).normalize(2, 1);
            NDArray labels = m.create(new int[] {0, 0, 1, 1});
            NDArray crossed = m.create(new int[] {0, 1, 0, 1});
            float good = Losses.multiSimilarity(grouped, labels, 2, 50, 1, 0.1f).getFloat();
            float bad = Losses.multiSimilarity(grouped, crossed, 2, 50, 1, 0.1f).getFloat();
            assertThat(good).isLessThan(bad);
        }
    }

    @Test
    void binaryCrossEntropyMatchesItsDefinition() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] x = {-3f, 0f, 2f, 40f};
            float[] y = {0f, 1f, 1f, 0f};
            double expected = 0;
            for (int i = 0; i < x.length; i++) {
                double p = 1 / (1 + Math.exp(-x[i]));
                expected -= y[i] == 1 ? Math.log(p) : (x[i] > 30 ? -x[i] : Math.log(1 - p));
            }
            expected /= x.length;
            assertThat((double) Losses.binaryCrossEntropy(m.create(x), m.create(y)).getFloat()).isCloseTo(expected, within(1e-4));
        }
    }
}
