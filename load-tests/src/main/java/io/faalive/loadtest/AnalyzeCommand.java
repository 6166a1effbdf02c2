package io.faalive.loadtest;

import io.faalive.job.FaaJob;
import io.faalive.job.source.RawRecord;
import io.faalive.loadtest.media.EncodedChunk;
import io.faalive.loadtest.media.MediaChunker;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.MediaChunk;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import io.faalive.job.config.JobArguments;
import org.apache.avro.generic.GenericData;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code bin/faa analyze MEDIA_FILE --out OUT.jsonl}: the job's own pipeline (the same
 * operators, on a Flink MiniCluster) over a local file instead of Kafka. The file is cut into
 * the chunks a producer would send; every perception record becomes one JSON line (media
 * times are milliseconds from the start of the file, boxes are shares of the frame).
 */
public final class AnalyzeCommand {

    private AnalyzeCommand() {}

    /** What a run produced. */
    public record Result(int chunks, int windows, int speechWindows, long tracks, int speakerEvents, int associations,
            int deadLetters) {}

    public static void main(String[] args) throws Exception {
        String usage = "bin/faa analyze MEDIA_FILE --out OUT.jsonl [--windows true] [--parallelism N] [--faa.* options]";
        JobArguments params = Arguments.parseOrExit("analyze", args, Set.of("out", "parallelism", "windows"));
        if (params.positionals().size() != 1) {
            System.err.println("analyze: " + (params.positionals().isEmpty() ? "no media file given" : "one media file at a time, got " + params.positionals()));
            System.err.println("usage: " + usage);
            System.exit(2);
        }
        Path media = Path.of(params.positionals().get(0));
        Path out = Path.of(params.get("out", media.getFileName() + ".jsonl"));
        Configuration conf = params.conf();
        long t0 = System.nanoTime();
        Result r = analyze(media, out, conf, params.getInt("parallelism", 1, 1, 64), Boolean.parseBoolean(params.get("windows", "false")));
        System.err.printf("analyze: %s -> %s: %d chunks, %d windows (%d with speech), %d face tracks, %d speaker events, "
                + "%d bindings, %d dead letters, %.1f s%n", media, out, r.chunks(), r.windows(), r.speechWindows(), r.tracks(),
                r.speakerEvents(), r.associations(), r.deadLetters(), (System.nanoTime() - t0) / 1e9);
    }

    public static Result analyze(Path media, Path out, Configuration conf, int parallelism, boolean windows) throws Exception {
        if (!Files.isRegularFile(media)) {
            throw new IllegalArgumentException("no such media file: " + media.toAbsolutePath());
        }
        return analyze(records(media), media.getFileName().toString(), out, conf, parallelism, windows);
    }

    /**
     * The pipeline over chunk records as a producer would send them (in whatever order they are
     * given). Writes JSON lines in media order: speaker events ({@code "type": "speaker"}),
     * bindings ({@code "association"}) and, with {@code windows}, perception windows ({@code "window"}).
     */
    public static Result analyze(List<RawRecord> records, String name, Path out, Configuration conf, int parallelism,
            boolean windows) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration(conf));
        FaaJob.Outputs outputs = FaaJob.wire(env.fromData(records).name("file " + name), conf);
        // one collected stream (several collect sinks in one job race at shutdown): tagged lines
        DataStream<String> lines = outputs.perception().map(w -> "W" + EventJson.window(w)).returns(Types.STRING)
                .union(outputs.speakers().map(e -> "S" + EventJson.speaker(e)).returns(Types.STRING),
                        outputs.associations().map(a -> "A" + EventJson.association(a)).returns(Types.STRING),
                        outputs.deadLetters().map(d -> "D" + OutputPrinter.describe(d)).returns(Types.STRING));
        List<String> windowLines = new ArrayList<>();
        List<String> events = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        int[] counts = new int[2];
        try (CloseableIterator<String> it = lines.executeAndCollect("faa-live analyze " + name)) {
            it.forEachRemaining(line -> {
                switch (line.charAt(0)) {
                    case 'W' -> windowLines.add(line.substring(1));
                    case 'D' -> deadLetters.add(line.substring(1));
                    default -> {
                        events.add(line.substring(1));
                        counts[line.charAt(0) == 'S' ? 0 : 1]++;
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
        deadLetters.forEach(System.err::println);
        long speech = windowLines.stream().filter(l -> l.contains("\"speech\": true")).count();
        long tracks = windowLines.stream().flatMap(l -> TRACK_ID.matcher(l).results().map(m -> m.group(1))).distinct().count();
        return new Result(records.size(), windowLines.size(), (int) speech, tracks, counts[0], counts[1], deadLetters.size());
    }

    private static final java.util.regex.Pattern TRACK_ID = java.util.regex.Pattern.compile("\"trackId\": (\\d+)");
    /** The file cut into one-second chunk records of one stream named after the file, in order. */
    public static List<RawRecord> records(Path media) throws Exception {
        AvroCodec<MediaChunk> codec = AvroCodec.of(MediaChunk.class);
        String streamId = media.getFileName().toString();
        List<RawRecord> records = new ArrayList<>();
        long seq = 0;
        for (EncodedChunk c : MediaChunker.chunkFile(media, 1000)) {
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
    private static void write(Path out, List<String> windows) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (String window : windows) {
                w.write(window);
                w.newLine();
            }
        }
    }
}
