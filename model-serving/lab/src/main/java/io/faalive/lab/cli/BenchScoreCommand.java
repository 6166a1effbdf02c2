package io.faalive.lab.cli;

import io.faalive.serving.faa.FaaConfig;
import io.faalive.serving.faa.FaaScorer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

/**
 * {@code bin/faa bench-score [--model DIR] [--batch 1024] [--seconds 10] [--warmup 5]}: pairs
 * per second of fusion scoring next to cosine scoring, measured in the same run on the same
 * pairs. Each row first runs untimed for {@code --warmup} seconds: the first seconds of a
 * fresh JVM (JIT compilation, heap and native allocator growth) are slow: on the 2-core
 * machine (a loop over fusionLogits printing 2-second medians) the median batch of seconds
 * 0-2 took 36% longer than that of seconds 10-20, and of seconds 2-4 11% longer; the twenty
 * warm-up calls used before did not cover them.
 * Rows: from cached hidden states / embeddings (the live path: a track's and a window's
 * encodings are computed once and scored against many partners), and end to end from raw
 * face and voice vectors (encode + score).
 */
public final class BenchScoreCommand {

    private static final String USAGE = "Usage: bin/faa bench-score [--model DIR] [--batch 1024] [--seconds 10] "
            + "[--warmup 5] [--face-dim 512] [--voice-dim 192]";

    private BenchScoreCommand() {}

    public static void main(String[] argv) throws Exception {
        Command.main(argv, USAGE, BenchScoreCommand::run);
    }

    private static void run(Args args) throws Exception {
        int batch = args.getInt("batch", 1024, 1);
        double seconds = args.getInt("seconds", 10, 1);
        double warmup = args.getInt("warmup", 5, 0);
        FaaScorer model = args.has("model") ? FaaScorer.load(Path.of(args.get("model", "")))
                : FaaScorer.untrained(new FaaConfig(), args.getInt("face-dim", 512, 1),
                        args.getInt("voice-dim", 192, 1));
        Random random = new Random(1);
        float[][] faces = randomUnit(batch, model.faceDim(), random);
        float[][] voices = randomUnit(batch, model.voiceDim(), random);
        FaaScorer.Encoded fe = model.encodeFaces(faces);
        FaaScorer.Encoded ve = model.encodeVoices(voices);
        System.out.printf("Model %s, batch %d, %d-d faces, %d-d voices, %d available processors, torch threads %s, "
                + "%.0f s warm-up and %.0f s timed per row%n",
                model.info().version, batch, model.faceDim(), model.voiceDim(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"), warmup, seconds);
        // the allocator settings decide how many pages each batch faults in (RESULTS.md, "Scoring speed")
        System.out.printf("glibc allocator: MALLOC_MMAP_THRESHOLD_=%s, MALLOC_TRIM_THRESHOLD_=%s%n",
                System.getenv().getOrDefault("MALLOC_MMAP_THRESHOLD_", "(default)"),
                System.getenv().getOrDefault("MALLOC_TRIM_THRESHOLD_", "(default)"));
        Bench bench = new Bench(batch, warmup, seconds);
        System.out.printf("%-44s %12s %12s %12s %10s%n", "scoring", "pairs/s", "batch p50 ms", "batch p95 ms", "vs cosine");
        double cosine = bench.run("cosine, cached embeddings (baseline)", 0,
                () -> FaaScorer.cosine(fe.embedding(), ve.embedding()));
        bench.run("fusion, cached encodings", cosine, () -> model.fusionLogits(fe, ve));
        bench.run("fusion, DJL generic blocks (reference)", cosine,
                () -> model.fusionLogitsReference(fe.hidden(), ve.hidden()));
        double cosineRaw = bench.run("cosine, from raw vectors (encode + dot)", 0,
                () -> model.scoreCosine(faces, voices));
        bench.run("fusion, from raw vectors (encode + fuse)", cosineRaw, () -> model.scoreFusion(faces, voices));
        model.close();
    }

    /** Times one scoring function: untimed warm-up, then batches for a fixed time; median and 95th percentile. */
    private record Bench(int batch, double warmup, double seconds) {

        double run(String name, double baseline, Supplier<float[]> scoring) {
            long warmupStart = System.nanoTime();
            for (int i = 0; i < 20 || (System.nanoTime() - warmupStart) / 1e9 < warmup; i++) {
                scoring.get();
            }
            double[] times = new double[100_000];
            int n = 0;
            long start = System.nanoTime();
            while ((System.nanoTime() - start) / 1e9 < seconds && n < times.length) {
                long t0 = System.nanoTime();
                float[] s = scoring.get();
                times[n++] = (System.nanoTime() - t0) / 1e6;
                if (s.length != batch) {
                    throw new IllegalStateException("scored " + s.length + " pairs, expected " + batch);
                }
            }
            double[] t = Arrays.copyOf(times, n);
            Arrays.sort(t);
            double p50 = t[n / 2];
            double p95 = t[Math.min(n - 1, (int) Math.ceil(0.95 * n) - 1)];
            double pairsPerSecond = batch / (p50 / 1000);
            System.out.printf("%-44s %12.0f %12.3f %12.3f %10s%n", name, pairsPerSecond, p50, p95,
                    baseline == 0 ? "1.00x" : String.format("%.3fx", pairsPerSecond / baseline));
            return pairsPerSecond;
        }
    }

    private static float[][] randomUnit(int n, int d, Random random) {
        float[][] x = new float[n][d];
        for (float[] row : x) {
            double norm = 0;
            for (int i = 0; i < d; i++) {
                row[i] = (float) random.nextGaussian();
                norm += row[i] * row[i];
            }
            for (int i = 0; i < d; i++) {
                row[i] /= (float) Math.sqrt(norm);
            }
        }
        return x;
    }
}
