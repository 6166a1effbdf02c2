package io.faalive.loadtest.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.faalive.loadtest.MediaSources;
import io.faalive.loadtest.media.AudioReader;
import io.faalive.serving.audio.SpectralVoiceEmbedder;
import io.faalive.lab.bench.Stats;
import io.faalive.serving.speaker.XVectorEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.apache.flink.util.ParameterTool;

/**
 * {@code bin/faa bench-voice [--seconds 10] [--warmup 3] [--batch 32] [--json OUT]}: what a voice
 * vector costs, per 1.5-s window (the job's analysis window) and per 4-s segment (a
 * session-level span), at batch 1 and batched, on one core ({@code bin/faa} pins the JVM to
 * one CPU and runs PyTorch with one thread). Every row is timed on the same speech (the
 * fixture two-speaker conversation, or a generated voiced signal without fixtures) after an
 * untimed warm-up, and set against the spectral vector at batch 1 on the same windows,
 * measured in the same process. Per item: median, p95 and p99 of the call's time divided by
 * the items in the call, and items per second.
 */
public final class VoiceBenchmark {

    private VoiceBenchmark() {}

    private record Row(String name, double seconds, int batch, Stats perItemMs, double itemsPerSecond, double vsBaseline) {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        double seconds = params.getDouble("seconds", 10);
        double warmup = params.getDouble("warmup", 3);
        int batch = params.getInt("batch", 32);
        Optional<Path> conversation = MediaSources.fixtureMedia("audio/pyannote_sample.wav");
        float[] audio = conversation.isPresent() ? AudioReader.read16k(conversation.get(), 0, -1) : voiced(30);
        String source = conversation.map(p -> p.getFileName() + " (two speakers, 30 s)").orElse("a generated voiced signal (30 s; no fixtures)");
        List<float[]> windows = cut(audio, 1.5, 0.5);
        List<float[]> segments = cut(audio, 4.0, 1.0);
        System.out.printf("Speech: %s; %d windows of 1.5 s, %d segments of 4 s; %d available processors, torch threads %s; "
                + "%.0f s warm-up and %.0f s timed per row%n", source, windows.size(), segments.size(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("ai.djl.pytorch.num_threads", "default"), warmup, seconds);
        List<Row> rows = new ArrayList<>();
        System.out.printf("%-46s %6s %10s %10s %10s %10s %10s%n", "per item", "batch", "p50 ms", "p95 ms", "p99 ms", "items/s", "vs base");
        SpectralVoiceEmbedder spectral = new SpectralVoiceEmbedder();
        try (XVectorEmbedder xvector = XVectorEmbedder.load(ai.djl.Device.cpu())) {
            Timer timer = new Timer(warmup, seconds);
            Row base = timer.row("spectral 64-d, 1.5-s window (baseline)", 1.5, 1, windows, spectral::embed, null);
            rows.add(base);
            rows.add(timer.row("x-vector features only, 1.5-s window", 1.5, 1, windows,
                    b -> b.stream().map(xvector::chunks).toList(), base));
            rows.add(timer.row("x-vector 128-d, 1.5-s window", 1.5, 1, windows, xvector::embed, base));
            rows.add(timer.row("x-vector 128-d, 1.5-s window", 1.5, batch, windows, xvector::embed, base));
            rows.add(timer.row("x-vector 128-d, 4-s segment", 4.0, 1, segments, xvector::embed, base));
            rows.add(timer.row("x-vector 128-d, 4-s segment", 4.0, batch, segments, xvector::embed, base));
        }
        if (params.has("json")) {
            writeJson(Path.of(params.get("json")), source, rows);
        }
    }

    /** Times calls on successive batches drawn round-robin from the items. */
    private record Timer(double warmup, double seconds) {

        Row row(String name, double spanSeconds, int batch, List<float[]> items, Function<List<float[]>, ?> call, Row base) {
            int[] next = {0};
            java.util.function.Supplier<List<float[]>> batches = () -> {
                List<float[]> b = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    b.add(items.get(next[0]++ % items.size()));
                }
                return b;
            };
            long warm = System.nanoTime();
            while ((System.nanoTime() - warm) / 1e9 < warmup) {
                call.apply(batches.get());
            }
            double[] perItem = new double[200_000];
            int n = 0;
            long start = System.nanoTime();
            while ((System.nanoTime() - start) / 1e9 < seconds && n < perItem.length) {
                List<float[]> b = batches.get();
                long t0 = System.nanoTime();
                call.apply(b);
                perItem[n++] = (System.nanoTime() - t0) / 1e6 / batch;
            }
            Stats stats = Stats.of(Arrays.copyOf(perItem, n));
            double perSecond = 1000 / stats.median();
            double ratio = base == null ? 1 : base.perItemMs().median() / stats.median();
            System.out.printf("%-46s %6d %10.2f %10.2f %10.2f %10.0f %9.2fx%n", name, batch, stats.median(), stats.p95(),
                    stats.p99(), perSecond, ratio);
            return new Row(name, spanSeconds, batch, stats, perSecond, ratio);
        }
    }

    private static List<float[]> cut(float[] audio, double length, double hop) {
        List<float[]> out = new ArrayList<>();
        int n = (int) (length * 16000);
        for (int start = 0; start + n <= audio.length; start += (int) (hop * 16000)) {
            out.add(Arrays.copyOfRange(audio, start, start + n));
        }
        return out;
    }

    /** A voiced signal: harmonics of a gliding 100-220 Hz pitch with syllable-rate loudness and a little noise. */
    private static float[] voiced(int seconds) {
        Random random = new Random(3);
        float[] out = new float[seconds * 16000];
        double phase = 0;
        for (int i = 0; i < out.length; i++) {
            double t = i / 16000.0;
            double f0 = 160 + 60 * Math.sin(2 * Math.PI * 0.3 * t);
            phase += 2 * Math.PI * f0 / 16000;
            double s = 0;
            for (int h = 1; h <= 12; h++) {
                s += Math.sin(h * phase) / h;
            }
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            out[i] = (float) (0.2 * envelope * s + 0.005 * random.nextGaussian());
        }
        return out;
    }

    private static void writeJson(Path out, String source, List<Row> rows) throws java.io.IOException {
        JsonObject o = new JsonObject();
        o.addProperty("speech", source);
        o.addProperty("cores", Runtime.getRuntime().availableProcessors());
        JsonArray array = new JsonArray();
        for (Row r : rows) {
            JsonObject j = new JsonObject();
            j.addProperty("name", r.name());
            j.addProperty("spanSeconds", r.seconds());
            j.addProperty("batch", r.batch());
            j.addProperty("p50Ms", r.perItemMs().median());
            j.addProperty("p95Ms", r.perItemMs().p95());
            j.addProperty("p99Ms", r.perItemMs().p99());
            j.addProperty("calls", r.perItemMs().n());
            j.addProperty("itemsPerSecond", r.itemsPerSecond());
            j.addProperty("speedVsBaseline", r.vsBaseline());
            array.add(j);
        }
        o.add("rows", array);
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(o));
        System.out.println("wrote " + out);
    }
}
