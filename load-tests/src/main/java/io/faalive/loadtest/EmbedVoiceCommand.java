package io.faalive.loadtest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.faalive.job.config.PerceptionSettings;
import io.faalive.loadtest.cli.FaaCli;
import io.faalive.loadtest.media.AudioReader;
import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpeechSegmenter;
import io.faalive.serving.audio.VoiceEmbedder;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.perception.PerceptionModels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code bin/faa embed-voice --out OUT.jsonl FILE...}: one voice vector per audio or video file
 * (the span given by --start and --duration), with the job's own embedders, as JSON lines
 * {@code {"file", "embedder", "dim", "vector"}}. A file without audio or without speech (the
 * job's Silero VAD finds none) gets one line on stderr naming it and why; the others still
 * run, and the exit code is 1 when any file failed.
 */
@Command(name = "embed-voice", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes one voice vector per audio or video file, one JSON object per line: {\"file\": ..., "
                + "\"embedder\": ..., \"dim\": ..., \"vector\": [...]}. xvector vectors are unit length: compare them "
                + "by cosine. spectral vectors are raw statistics: centre them on a population of files before "
                + "comparing them.")
public final class EmbedVoiceCommand implements Callable<Integer> {

    /** The embedders this command offers. */
    enum Embedder { xvector, spectral }

    @Option(names = "--out", required = true, paramLabel = "OUT.jsonl", description = "Where to write the vectors.")
    Path out;

    @Option(names = "--embedder", defaultValue = "xvector", paramLabel = "NAME",
            description = "xvector (Kaldi's 128-d speaker network, the default) or spectral (the project's 64-d statistics).")
    Embedder embedder;

    @Option(names = "--start", defaultValue = "0", paramLabel = "S", description = "Start of the span, seconds (default 0).")
    double start;

    @Option(names = "--duration", defaultValue = "-1", paramLabel = "D", description = "Length of the span, seconds (default: to the end).")
    double duration;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio or video files FFmpeg can read.")
    List<Path> files;

    private final PrintWriter err;

    public EmbedVoiceCommand(PrintWriter err) {
        this.err = err;
    }

    /** Runs the command line as {@code bin/faa embed-voice} does; the exit code. */
    public static int run(String[] args, PrintWriter err) {
        return FaaCli.run(Stream.concat(Stream.of("embed-voice"), Arrays.stream(args)).toArray(String[]::new), new PrintWriter(System.out, true), err);
    }

    @Override
    public Integer call() throws IOException {
        if (start < 0 || (duration <= 0 && duration != -1)) {
            err.println("embed-voice: --start must be at least 0 and --duration more than 0 seconds");
            return 2;
        }
        PerceptionConfig config = PerceptionSettings.from(new Configuration())
                .withVoiceEmbedder(PerceptionConfig.VoiceModel.valueOf(embedder.name().toUpperCase(Locale.ROOT)));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        int failed = 0;
        int written = 0;
        try (VoiceEmbedder model = PerceptionModels.voiceEmbedder(config); SileroVad vad = PerceptionModels.vad(config);
                BufferedWriter w = Files.newBufferedWriter(out)) {
            for (Path file : files) {
                float[] audio;
                try {
                    audio = AudioReader.read16k(file, start, duration);
                } catch (AudioReader.NoAudioException e) {
                    err.println("embed-voice: " + file + ": " + e.getMessage());
                    failed++;
                    continue;
                }
                double speech = speechSeconds(vad, config, audio);
                if (speech == 0) {
                    err.printf(Locale.ROOT, "embed-voice: %s: no speech in %.2f s of audio%n", file, audio.length / 16000.0);
                    failed++;
                    continue;
                }
                w.write(json(file, config, model.embed(List.of(audio))[0]));
                w.newLine();
                written++;
            }
        }
        err.printf(Locale.ROOT, "embed-voice: %d of %d files -> %s%n", written, files.size(), out);
        return failed == 0 ? 0 : 1;
    }


    /** Seconds of speech the job's voice-activity detector finds. */
    private static double speechSeconds(SileroVad vad, PerceptionConfig config, float[] audio) {
        return SpeechSegmenter.segmentsOf(vad, config.vad(), audio).stream().mapToDouble(s -> (s.endMs() - s.startMs()) / 1000.0).sum();
    }

    private String json(Path file, PerceptionConfig config, float[] vector) {
        JsonObject o = new JsonObject();
        o.addProperty("file", file.toString());
        o.addProperty("embedder", config.voiceEmbedderName());
        o.addProperty("dim", vector.length);
        JsonArray values = new JsonArray(vector.length);
        for (float v : vector) {
            values.add(v);
        }
        o.add("vector", values);
        o.addProperty("start", start);
        o.addProperty("duration", duration < 0 ? null : duration);
        return o.toString();
    }
}
