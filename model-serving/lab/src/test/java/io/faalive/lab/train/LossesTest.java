package io.faalive.lab.train;

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
            float good = Losses.multiSimilarity(grouped, labels, 2, 50, 1, 0.1f, false).getFloat();
            float bad = Losses.multiSimilarity(grouped, crossed, 2, 50, 1, 0.1f, false).getFloat();
            assertThat(good).isLessThan(bad);
        }
    }

    @Test
    void crossModalOnlyDependsOnVoiceFacePairsAlone() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // rows [voice 0, voice 1; face 0, face 1], labels 0, 1, 0, 1. The two layouts have the
            // same voice-face similarities; only the two voices' similarity differs (0.84 vs 0)
            float[] faces = {1, 0, 0, 0, 1, 0};
            NDArray close = m.create(concat(new float[] {0.7f, 0.3f, 0.648f, 0.3f, 0.7f, 0.648f}, faces), new Shape(4, 3));
            NDArray apart = m.create(concat(new float[] {0.7f, 0.3f, 0.648f, 0.3f, 0.7f, -0.648f}, faces), new Shape(4, 3));
            NDArray labels = m.create(new int[] {0, 1, 0, 1});
            float crossClose = Losses.multiSimilarity(close, labels, 2, 50, 1, 0.1f, true).getFloat();
            float crossApart = Losses.multiSimilarity(apart, labels, 2, 50, 1, 0.1f, true).getFloat();
            assertThat(crossClose).isCloseTo(crossApart, within(1e-6f));
            float allClose = Losses.multiSimilarity(close, labels, 2, 50, 1, 0.1f, false).getFloat();
            float allApart = Losses.multiSimilarity(apart, labels, 2, 50, 1, 0.1f, false).getFloat();
            assertThat(allClose).isGreaterThan(allApart + 0.01f);
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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
