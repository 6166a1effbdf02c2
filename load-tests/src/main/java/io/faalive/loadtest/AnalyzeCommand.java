package io.faalive.loadtest;

import io.faalive.job.FaaJob;
import io.faalive.job.source.RawRecord;
import io.faalive.loadtest.cli.Errors;
import io.faalive.loadtest.cli.Ranges;
import io.faalive.loadtest.cli.SettingsCommand;
import io.faalive.loadtest.media.EncodedChunk;
import io.faalive.loadtest.media.MediaChunker;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.MediaChunk;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/faa analyze MEDIA_FILE [--out OUT.jsonl]}: the job's own pipeline (the same
 * operators, on a Flink MiniCluster) over a local file instead of Kafka. The file is cut into
 * the chunks a producer would send; every speaker event, binding and (on request) perception
 * window becomes one JSON line (media times are milliseconds from the start of the file, boxes
 * are shares of the frame).
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the job's pipeline over a local media file (bounded source, MiniCluster) and writes its speaker events and bindings as JSON lines, in media order; a summary goes to standard error.")
public final class AnalyzeCommand extends SettingsCommand {

    /** What a run produced. */
    public record Result(int chunks, int windows, int speechWindows, long tracks, int speakerEvents, int associations,
            int mismatches, int deadLetters) {}

    @Parameters(paramLabel = "MEDIA_FILE", description = "Any file FFmpeg reads, with video and audio.")
    Path media;

    @Option(names = "--out", paramLabel = "OUT.jsonl", description = "Where to write the JSON lines (default: standard output).")
    Path out;

    @Option(names = "--windows", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Also write each perception window (type window).")
    boolean windows;

    @Option(names = "--parallelism", defaultValue = "1", paramLabel = "N", description = "Parallelism of the job (default 1).")
    int parallelism;

    @Option(names = "--chunk-ms", defaultValue = "1000", paramLabel = "MS",
            description = "Media per chunk, ms, as a producer would cut it (default 1000, as bin/faa produce).")
    int chunkMs;

    @Option(names = "--gallery", paramLabel = "FILE",
            description = "Name speakers from this gallery file (bin/faa enroll --out) and raise mismatch alerts; the same as --faa.identity.gallery FILE.")
    Path gallery;

    @Option(names = "--samples", paramLabel = "FILE",
            description = "Also write the harvested single-speaker samples (vectors only) as JSON lines, for bin/faa train --samples.")
    Path samples;

    public AnalyzeCommand() {}

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(media)) {
            throw new ParameterException(spec.commandLine(), "no such media file: " + media);
        }
        Ranges.check(spec, "--parallelism", parallelism, 1, 64);
        Ranges.check(spec, "--chunk-ms", chunkMs, 200, 10_000);
        if (gallery != null) {
            if (!Files.isRegularFile(gallery)) {
                throw new ParameterException(spec.commandLine(), "no such gallery file: " + gallery);
            }
            conf.set(io.faalive.job.config.IdentityOptions.GALLERY, gallery.toString());
        }
        long t0 = System.nanoTime();
        Result r = analyze(media, chunkMs, out, conf, parallelism, windows, samples);
        System.err.printf("analyze: %s -> %s: %d chunks, %d windows (%d with speech), %d face tracks, %d speaker events, "
                + "%d bindings, %d mismatch alerts, %d dead letters, %.1f s%n", media, out == null ? "standard output" : out, r.chunks(),
                r.windows(), r.speechWindows(), r.tracks(), r.speakerEvents(), r.associations(), r.mismatches(), r.deadLetters(),
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** The pipeline over a media file cut into one-second chunks; {@code out} null writes to standard output. */
    public static Result analyze(Path media, Path out, Configuration conf, int parallelism, boolean windows) throws Exception {
        return analyze(media, 1000, out, conf, parallelism, windows, null);
    }

    /** The pipeline over a media file cut into chunks of {@code chunkMs}; {@code out} null writes to standard output. */
    public static Result analyze(Path media, int chunkMs, Path out, Configuration conf, int parallelism, boolean windows, Path samples)
            throws Exception {
        if (!Files.isRegularFile(media)) {
            throw new IllegalArgumentException("no such media file: " + media.toAbsolutePath());
        }
        List<RawRecord> records;
        try {
            records = records(media, chunkMs);
        } catch (Exception e) {
            throw new IOException("FFmpeg cannot read " + media + " as media: " + Errors.firstLine(e.getMessage()).replaceAll(" \\(.*", ""), e);
        }
        return analyze(records, media.getFileName().toString(), out, conf, parallelism, windows, samples);
    }

    /**
     * The pipeline over chunk records as a producer would send them (in whatever order they are
     * given). Writes JSON lines in media order: speaker events ({@code "type": "speaker"}),
     * bindings ({@code "association"}) and, with {@code windows}, perception windows ({@code "window"}).
     */
    public static Result analyze(List<RawRecord> records, String name, Path out, Configuration conf, int parallelism,
            boolean windows, Path samples) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration(conf));
        FaaJob.Outputs outputs = FaaJob.wire(env.fromData(records).name("file " + name), null, null, conf);
        // one collected stream (several collect sinks in one job race at shutdown): tagged lines
        DataStream<String> lines = outputs.perception().map(w -> "W" + EventJson.window(w)).returns(Types.STRING)
                .union(outputs.speakers().map(e -> "S" + EventJson.speaker(e)).returns(Types.STRING),
                        outputs.associations().map(a -> "A" + EventJson.association(a)).returns(Types.STRING),
                        outputs.mismatches().map(m -> "M" + EventJson.mismatch(m)).returns(Types.STRING),
                        outputs.samples().map(h -> "H" + EventJson.sample(h)).returns(Types.STRING),
                        outputs.deadLetters().map(d -> "D" + OutputPrinter.describe(d)).returns(Types.STRING));
        List<String> windowLines = new ArrayList<>();
        List<String> events = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        List<String> sampleLines = new ArrayList<>();
        int[] counts = new int[3];
        try (CloseableIterator<String> it = lines.executeAndCollect("faa-live analyze " + name)) {
            it.forEachRemaining(line -> {
                switch (line.charAt(0)) {
                    case 'W' -> windowLines.add(line.substring(1));
                    case 'D' -> deadLetters.add(line.substring(1));
                    case 'H' -> sampleLines.add(line.substring(1));
                    default -> {
                        events.add(line.substring(1));
                        counts[line.charAt(0) == 'S' ? 0 : line.charAt(0) == 'A' ? 1 : 2]++;
                    }
                }
            });
        }
        List<String> written = new ArrayList<>(events);
        if (windows) {
            written.addAll(windowLines);
        }
        // media order; lines starting together in a fixed order whatever order the job emitted them in
        written.sort(java.util.Comparator.comparingLong(EventJson::startMs).thenComparing(java.util.Comparator.naturalOrder()));
        write(out, written);
        if (samples != null) {
            sampleLines.sort(java.util.Comparator.comparingLong(EventJson::startMs).thenComparing(java.util.Comparator.naturalOrder()));
            write(samples, sampleLines);
        }
        deadLetters.forEach(System.err::println);
        long speech = windowLines.stream().filter(l -> l.contains("\"speech\": true")).count();
        long tracks = windowLines.stream().flatMap(l -> TRACK_ID.matcher(l).results().map(m -> m.group(1))).distinct().count();
        return new Result(records.size(), windowLines.size(), (int) speech, tracks, counts[0], counts[1], counts[2], deadLetters.size());
    }

    private static final java.util.regex.Pattern TRACK_ID = java.util.regex.Pattern.compile("\"trackId\": (\\d+)");
    /** The file cut into one-second chunk records of one stream named after the file, in order. */
    public static List<RawRecord> records(Path media) throws Exception {
        return records(media, 1000);
    }

    /** The file cut into chunk records of {@code chunkMs} of one stream named after the file, in order. */
    public static List<RawRecord> records(Path media, int chunkMs) throws Exception {
        AvroCodec<MediaChunk> codec = AvroCodec.of(MediaChunk.class);
        String streamId = media.getFileName().toString();
        List<RawRecord> records = new ArrayList<>();
        long seq = 0;
        for (EncodedChunk c : MediaChunker.chunkFile(media, chunkMs)) {
            MediaChunk chunk = MediaChunk.newBuilder().setStreamId(streamId).setSeq(seq).setStartTsMs(c.offsetMs())
                    .setDurationMs(c.durationMs()).setContainer(c.container()).setVideoCodec(c.videoCodec())
                    .setAudioCodec(c.audioCodec()).setPayload(ByteBuffer.wrap(c.payload())).setProducerTimeMs(System.currentTimeMillis())
                    .build();
            records.add(new RawRecord("file", 0, seq, c.offsetMs(), streamId.getBytes(StandardCharsets.UTF_8), codec.encode(chunk)));
            seq++;
        }
        return records;
    }

    /** One JSON object per line (Avro's JSON rendering: unions unwrapped, nulls as null). */
    private static void write(Path out, List<String> lines) throws IOException {
        if (out == null) {
            PrintStream stdout = System.out;
            lines.forEach(stdout::println);
            stdout.flush();
            return;
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (String line : lines) {
                w.write(line);
                w.newLine();
            }
        }
    }
}
