package io.faalive.serving.faa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;

/**
 * Spherical k-means on L2-normalised rows, vectorised with NDArray: assignment is an argmax
 * of one matrix product, the update a one-hot matrix product; empty clusters are re-seeded
 * from the points their centroid fits worst.
 */
public final class SphericalKMeans {

    private SphericalKMeans() {}

    /** Cluster index of each row of {@code points} [n,d] (rows L2-normalised). */
    public static int[] cluster(NDArray points, int k, int iterations, long seed) {
        NDManager m = points.getManager();
        int n = (int) points.getShape().get(0);
        k = Math.min(k, n);
        SplittableRandom random = new SplittableRandom(seed);
        long[] init = random.longs(0, n).distinct().limit(k).toArray();
        NDArray centroids = points.get(m.create(init));
        NDArray assign = null;
        for (int it = 0; it < iterations; it++) {
            NDArray sim = points.matMul(centroids.transpose());
            assign = sim.argMax(1);
            NDArray oneHot = assign.oneHot(k).toType(DataType.FLOAT32, false);
            NDArray sums = oneHot.transpose().matMul(points);
            NDArray counts = oneHot.sum(new int[] {0});
            float[] c = counts.toFloatArray();
            NDArray norms = sums.norm(new int[] {1}, true).maximum(1e-8f);
            centroids = sums.div(norms);
            // Re-seed empty clusters with the points that are farthest from their centroid.
            int empty = 0;
            for (float v : c) {
                if (v == 0) {
                    empty++;
                }
            }
            if (empty > 0) {
                NDArray fit = sim.max(new int[] {1});
                long[] worst = fit.argSort().get(new NDIndex("0:{}", empty)).toLongArray();
                int w = 0;
                for (int j = 0; j < k; j++) {
                    if (c[j] == 0) {
                        centroids.set(new NDIndex("{}", j), points.get(worst[w++]));
                    }
                }
            }
        }
        long[] a = assign.toLongArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) a[i];
        }
        return out;
    }
}
