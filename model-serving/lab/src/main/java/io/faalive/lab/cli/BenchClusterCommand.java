package io.faalive.lab.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.faalive.lab.bench.Stats;
import io.faalive.lab.train.SphericalKMeans;
import java.util.Arrays;
import java.util.Random;

/**
 * {@code bin/faa bench-cluster [--videos 7208] [--identities 901] [--dim 256] [--repeats 7]}:
 * the pseudo-labelling k-means of training (spherical, 15 iterations) at the sizes of the
 * default world (one pooled 2 x 128-d row per training video) for each K that training uses,
 * in blocks of rows (as training runs it) against whole n x k arrays (the baseline) and
 * against the previous implementation (whole arrays, one-hot matrix from DJL's {@code oneHot},
 * arrays left to the caller's manager), all in this process, interleaved, after two warm-up
 * calls each. Rows: identity centres plus noise
 * (a fixed design: noise of the same norm as the centre), so clusters exist as in training.
 */
public final class BenchClusterCommand {

    private static final String USAGE = "Usage: bin/faa bench-cluster [--videos 7208] [--identities 901] [--dim 256] "
            + "[--repeats 7] [--iterations 15]";

    private BenchClusterCommand() {}

    public static void main(String[] argv) throws Exception {
        Command.main(argv, USAGE, BenchClusterCommand::run);
    }

    private static void run(Args args) throws Exception {
        int n = args.getInt("videos", 7208, 2);
        int identities = args.getInt("identities", 901, 1);
        int d = args.getInt("dim", 256, 1);
        int repeats = args.getInt("repeats", 7, 1);
        int iterations = args.getInt("iterations", 15, 1);
        float[] rows = pooledRows(n, identities, d, new Random(1));
        System.out.printf("k-means, %d rows x %d, %d iterations, %d available processors, torch threads %s%n", n, d,
                iterations, Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        System.out.printf("%6s %-26s %10s %10s %10s %12s%n", "K", "variant", "p50 s", "p95 s", "max s", "vs whole");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray points = m.create(rows, new Shape(n, d));
            for (int k : new int[] {1500, 1000, 700}) {
                int block = SphericalKMeans.blockRows(n, k);
                double[] blocked = new double[repeats];
                double[] whole = new double[repeats];
                double[] previous = new double[repeats];
                for (int r = -2; r < repeats; r++) { // two warm-up rounds
                    double b = time(() -> SphericalKMeans.cluster(points, k, iterations, 1, block), n);
                    double w = time(() -> SphericalKMeans.cluster(points, k, iterations, 1, n), n);
                    double p = time(() -> previousImplementation(points, k, iterations, 1), n);
                    if (r >= 0) {
                        blocked[r] = b;
                        whole[r] = w;
                        previous[r] = p;
                    }
                }
                double baseline = Stats.of(whole).median();
                print(k, "previous (DJL oneHot)", previous, baseline);
                print(k, "whole n x k (baseline)", whole, baseline);
                print(k, "blocks of " + block + " rows", blocked, baseline);
            }
        }
    }

    private static double time(java.util.function.Supplier<int[]> clustering, int n) {
        long t0 = System.nanoTime();
        int[] labels = clustering.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (labels.length != n) {
            throw new IllegalStateException("labelled " + labels.length + " rows");
        }
        return seconds;
    }

    /**
     * The k-means of the previous session, kept here as a reference only: one-hot matrix from
     * DJL's {@code oneHot} (int64, then cast), every array left in one manager until the end.
     */
    private static int[] previousImplementation(NDArray points, int k, int iterations, long seed) {
        try (NDManager m = points.getManager().newSubManager()) {
            points.tempAttach(m); // as in training, every array of the call lives until it ends
            int n = (int) points.getShape().get(0);
            long[] init = new java.util.SplittableRandom(seed).longs(0, n).distinct().limit(k).toArray();
            NDArray centroids = points.get(m.create(init));
            NDArray assign = null;
            for (int it = 0; it < iterations; it++) {
                NDArray sim = points.matMul(centroids.transpose());
                assign = sim.argMax(1);
                NDArray oneHot = assign.oneHot(k).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                NDArray sums = oneHot.transpose().matMul(points);
                float[] counts = oneHot.sum(new int[] {0}).toFloatArray();
                centroids = sums.div(sums.norm(new int[] {1}, true).maximum(1e-8f));
                int empty = 0;
                for (float c : counts) {
                    empty += c == 0 ? 1 : 0;
                }
                if (empty > 0) {
                    long[] worst = sim.max(new int[] {1}).argSort().get(new ai.djl.ndarray.index.NDIndex("0:{}", empty))
                            .toLongArray();
                    int w = 0;
                    for (int j = 0; j < k; j++) {
                        if (counts[j] == 0) {
                            centroids.set(new ai.djl.ndarray.index.NDIndex("{}", j), points.get(worst[w++]));
                        }
                    }
                }
            }
            return Arrays.stream(assign.toLongArray()).mapToInt(v -> (int) v).toArray();
        }
    }

    private static void print(int k, String variant, double[] seconds, double baseline) {
        Stats s = Stats.of(seconds);
        System.out.printf("%6d %-26s %10.3f %10.3f %10.3f %11.2fx%n", k, variant, s.median(), s.p95(), s.max(),
                baseline / s.median());
    }

    /** Unit rows: a random unit centre per identity plus Gaussian noise of the same norm. */
    private static float[] pooledRows(int n, int identities, int d, Random random) {
        float[][] centres = new float[identities][d];
        for (float[] c : centres) {
            for (int i = 0; i < d; i++) {
                c[i] = (float) (random.nextGaussian() / Math.sqrt(d));
            }
        }
        float[] out = new float[n * d];
        for (int r = 0; r < n; r++) {
            float[] c = centres[r % identities];
            double norm = 0;
            for (int i = 0; i < d; i++) {
                out[r * d + i] = c[i] + (float) (random.nextGaussian() / Math.sqrt(d));
                norm += out[r * d + i] * out[r * d + i];
            }
            for (int i = 0; i < d; i++) {
                out[r * d + i] /= (float) Math.sqrt(norm);
            }
        }
        return out;
    }
}
