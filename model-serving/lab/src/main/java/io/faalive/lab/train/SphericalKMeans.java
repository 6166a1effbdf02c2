package io.faalive.lab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Spherical k-means on L2-normalised rows, vectorised with NDArray: assignment is an argmax
 * of a matrix product, the update a one-hot matrix product (the one-hot rows gathered from
 * the identity); empty clusters are re-seeded from the points their centroid fits worst.
 * Both products run on blocks of rows, so that no array is n x k: on 2 cores fresh memory for
 * a 43 MB array (n = 7,208, k = 1,500) cost more than the arithmetic (the gather of the
 * one-hot rows took 120 ms, 2 ms on reused memory), and the allocator reuses blocks of 16 MB.
 */
public final class SphericalKMeans {

    /** Elements of one block of similarities (16 MB of floats). */
    private static final long BLOCK_ELEMENTS = 1L << 22;

    private SphericalKMeans() {}

    /** Cluster index of each row of {@code points} [n,d] (rows L2-normalised). */
    public static int[] cluster(NDArray points, int k, int iterations, long seed) {
        int n = (int) points.getShape().get(0);
        return cluster(points, k, iterations, seed, blockRows(n, k));
    }

    /** Rows per block for {@code n} rows and {@code k} clusters: about 16 MB of similarities. */
    public static int blockRows(int n, int k) {
        return (int) Math.max(64, Math.min(n, BLOCK_ELEMENTS / Math.max(1, Math.min(k, n))));
    }

    /**
     * As {@link #cluster(NDArray, int, int, long)}, {@code block} rows at a time ({@code block}
     * = n: whole n x k arrays, the baseline of {@code bin/faa bench-cluster}).
     */
    public static int[] cluster(NDArray points, int k, int iterations, long seed, int block) {
        NDManager m = points.getManager();
        int n = (int) points.getShape().get(0);
        k = Math.min(k, n);
        SplittableRandom random = new SplittableRandom(seed);
        long[] init = random.longs(0, n).distinct().limit(k).toArray();
        NDArray centroids = points.get(m.create(init));
        NDArray identity = m.eye(k);
        long[] assign = new long[n];
        for (int it = 0; it < iterations; it++) {
            // Each iteration's arrays are freed when it ends (only the centroids go on).
            try (NDManager scratch = m.newSubManager()) {
                points.tempAttach(scratch);
                identity.tempAttach(scratch);
                centroids.attach(scratch);
                NDArray transposed = centroids.transpose();
                NDArray sums = scratch.zeros(centroids.getShape());
                NDArray counts = scratch.zeros(new Shape(k));
                NDList fits = new NDList();
                for (int from = 0; from < n; from += block) {
                    NDArray rows = points.get(new NDIndex("{}:{}", from, Math.min(n, from + block)));
                    NDArray sim = rows.matMul(transposed);
                    NDArray nearest = sim.argMax(1);
                    long[] chunk = nearest.toLongArray();
                    System.arraycopy(chunk, 0, assign, from, chunk.length);
                    NDArray oneHot = identity.get(nearest);
                    sums.addi(oneHot.transpose().matMul(rows));
                    counts.addi(oneHot.sum(new int[] {0}));
                    fits.add(sim.max(new int[] {1}));
                    sim.close();
                    nearest.close();
                    oneHot.close();
                }
                NDArray next = sums.div(sums.norm(new int[] {1}, true).maximum(1e-8f));
                float[] c = counts.toFloatArray();
                int empty = 0;
                for (float v : c) {
                    empty += v == 0 ? 1 : 0;
                }
                if (empty > 0) {
                    // Re-seed empty clusters with the points that are farthest from their
                    // centroid: one gather from [centroids; those points].
                    NDArray worst = NDArrays.concat(fits).argSort().get(new NDIndex("0:{}", empty));
                    long[] pick = new long[k];
                    int w = 0;
                    for (int j = 0; j < k; j++) {
                        pick[j] = c[j] == 0 ? k + w++ : j;
                    }
                    next = next.concat(points.get(worst)).get(scratch.create(pick));
                }
                next.attach(m);
                centroids = next;
            }
        }
        centroids.close();
        identity.close();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) assign[i];
        }
        return out;
    }
}
