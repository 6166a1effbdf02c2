package io.faalive.loadtest.bench;

import io.faalive.job.decode.ChunkDecoder;
import io.faalive.job.decode.DecodeSettings;
import io.faalive.job.decode.DecodedChunk;
import io.faalive.loadtest.MediaSources;
import io.faalive.loadtest.media.EncodedChunk;
import io.faalive.loadtest.media.MediaChunker;
import io.faalive.loadtest.media.SyntheticMedia;
import io.faalive.lab.bench.Stats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.ParameterTool;
import org.bytedeco.javacpp.Loader;

/**
 * {@code bin/faa bench-decode}: how fast DecodeChunk decodes a 720p 25 fps H.264 stream on
 * one core, next to the ffmpeg command line (same FFmpeg build, {@code -threads 1}) decoding
 * the same bytes, measured in the same run. The launcher pins the JVM to one core.
 *
 * <p>Source: the 1280x720 25 fps fixture interview re-encoded into 1 s H.264/AAC MPEG-TS
 * chunks (natural video), or generated 1280x720 media with {@code --source synthetic} or
 * when the fixtures are absent. Options: --seconds S (synthetic length, 20), --repeats R (5).
 */
public final class DecodeBenchmark {

    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s");

    private DecodeBenchmark() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        int repeats = params.getInt("repeats", 5);
        Optional<Path> interview = MediaSources.fixtureMedia("multi_speaker/visualvoice_interview.mp4");
        boolean synthetic = "synthetic".equals(params.get("source")) || interview.isEmpty();
        System.out.println("Preparing chunks...");
        List<EncodedChunk> chunks = synthetic
                ? SyntheticMedia.generate(1280, 720, 25, params.getInt("seconds", 20), 1000, 1)
                : MediaChunker.chunkFile(interview.get(), 1000);
        double mediaSeconds = chunks.stream().mapToInt(EncodedChunk::durationMs).sum() / 1000.0;
        Path ts = Files.createTempFile("faa-bench", ".ts");
        try {
            Files.write(ts, concat(chunks));
            System.out.printf("Source: %s, 1280x720 25 fps H.264 + AAC, %d chunks, %.1f s of media, %d KiB; %d repeats; "
                            + "%d available processor(s)%n",
                    synthetic ? "generated media" : "fixture interview re-encoded", chunks.size(), mediaSeconds,
                    Files.size(ts) / 1024, repeats, Runtime.getRuntime().availableProcessors());

            List<Row> rows = new ArrayList<>();
            rows.add(ffmpegCli(ts, repeats, mediaSeconds));
            rows.add(javacv("DecodeChunk, every frame at source size", chunks, repeats, mediaSeconds,
                    new DecodeSettings(120, 0, 0, 0, 16000, 0.8, 1)));
            DecodeSettings defaults = DecodeSettings.defaults();
            rows.add(javacv("DecodeChunk, 5 fps BGR at 640x360, no motion frames", chunks, repeats, mediaSeconds,
                    new DecodeSettings(defaults.analysisFps(), 0, defaults.frameWidth(), defaults.frameHeight(),
                            defaults.sampleRate(), defaults.minDecodedFraction(), defaults.threads())));
            rows.add(javacv("DecodeChunk, default (5 fps BGR + 25 fps gray, 640x360)", chunks, repeats, mediaSeconds,
                    defaults));
            print(rows, rows.get(0));
        } finally {
            Files.deleteIfExists(ts);
        }
    }

    private record Row(String name, double wallSecondsMedian, double cpuSecondsMedian, double mediaSeconds,
            long framesDecoded, Stats chunkLatencyMs) {}

    private static Row javacv(String name, List<EncodedChunk> chunks, int repeats, double mediaSeconds,
            DecodeSettings settings) throws Exception {
        try (ChunkDecoder decoder = new ChunkDecoder(settings)) {
            return measure(name, decoder, chunks, repeats, mediaSeconds);
        }
    }

    private static Row measure(String name, ChunkDecoder decoder, List<EncodedChunk> chunks, int repeats,
            double mediaSeconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        decodeAll(decoder, chunks, null); // warm-up: JIT, native library load
        double[] wall = new double[repeats];
        double[] cpu = new double[repeats];
        List<Double> latencies = new ArrayList<>();
        long frames = 0;
        for (int r = 0; r < repeats; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            frames = decodeAll(decoder, chunks, latencies);
            wall[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        return new Row(name, Stats.of(wall).median(), Stats.of(cpu).median(), mediaSeconds, frames,
                Stats.of(latencies.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    private static long decodeAll(ChunkDecoder decoder, List<EncodedChunk> chunks, List<Double> latencies) throws Exception {
        long frames = 0;
        for (EncodedChunk c : chunks) {
            long t0 = System.nanoTime();
            DecodedChunk d = decoder.decode(c.payload(), c.container(), 0, c.durationMs());
            if (latencies != null) {
                latencies.add((System.nanoTime() - t0) / 1e6);
            }
            frames += d.sourceFrames;
        }
        return frames;
    }

    private static Row ffmpegCli(Path ts, int repeats, double mediaSeconds) throws Exception {
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        run(ffmpeg, ts); // warm-up: page cache
        double[] wall = new double[repeats];
        double[] cpu = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            double[] times = run(ffmpeg, ts);
            cpu[r] = times[0] + times[1];
            wall[r] = times[2];
        }
        long frames = Math.round(mediaSeconds * 25);
        return new Row("ffmpeg CLI -threads 1 -f null (decode only)", Stats.of(wall).median(), Stats.of(cpu).median(),
                mediaSeconds, frames, null);
    }

    /** utime, stime, rtime in seconds, as ffmpeg -benchmark reports them. */
    private static double[] run(String ffmpeg, Path ts) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-nostats", "-benchmark", "-threads", "1",
                "-i", ts.toString(), "-f", "null", "-").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("ffmpeg failed: " + out);
        }
        Matcher m = BENCH.matcher(out);
        if (!m.find()) {
            throw new IOException("No -benchmark line in ffmpeg output: " + out);
        }
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))};
    }

    private static void print(List<Row> rows, Row baseline) {
        System.out.printf("%n%-48s %9s %9s %8s %10s %22s %9s%n", "method", "fps", "x realtime", "cpu s/s",
                "wall s", "chunk ms p50/p95/p99", "vs ffmpeg");
        for (Row r : rows) {
            String latency = r.chunkLatencyMs == null ? "-" : String.format("%.1f / %.1f / %.1f",
                    r.chunkLatencyMs.median(), r.chunkLatencyMs.p95(), r.chunkLatencyMs.p99());
            System.out.printf("%-48s %9.1f %9.2f %8.3f %10.3f %22s %8.2fx%n", r.name, r.framesDecoded / r.wallSecondsMedian,
                    r.mediaSeconds / r.wallSecondsMedian, r.cpuSecondsMedian / r.mediaSeconds, r.wallSecondsMedian,
                    latency, r.wallSecondsMedian / baseline.wallSecondsMedian);
        }
        System.out.println("\nfps: source frames decoded per wall second; x realtime: media seconds per wall second; "
                + "cpu s/s: CPU seconds per media second (decoding thread; ffmpeg: user+sys); "
                + "vs ffmpeg: wall time relative to the ffmpeg CLI (medians over the repeats).");
    }

    private static byte[] concat(List<EncodedChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(c -> out.writeBytes(c.payload()));
        return out.toByteArray();
    }
}
