package io.faalive.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faalive.job.config.DecodeOptions;
import io.faalive.job.config.FaceOptions;
import io.faalive.job.source.RawRecord;
import io.faalive.job.config.SyncOptions;
import io.faalive.serving.inference.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/faa analyze} end to end on a MiniCluster: the job's own operators over a local
 * file. Run twice in one JVM, which also checks that a second job (as after a restart) loads
 * the models again and that every shared model is closed when a job ends.
 */
class AnalyzeCommandTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void analyzesAFileIntoOneJsonLinePerWindowTwiceInOneJvm(@TempDir Path tmp) throws Exception {
        Path clip = FixtureMedia.require("grid/lbax4n.mpg");
        for (int run = 0; run < 2; run++) {
            Path out = tmp.resolve("run" + run + ".jsonl");
            AnalyzeCommand.Result r = AnalyzeCommand.analyze(clip, out, new Configuration(), 1, true);
            List<String> lines = Files.readAllLines(out).stream().filter(l -> l.startsWith("{\"type\": \"window\"")).toList();
            // a 3 s clip: windows of 1.5 s every 0.5 s that end within the processed audio
            assertThat(r.windows()).isEqualTo(lines.size()).isBetween(3, 4);
            assertThat(r.deadLetters()).isZero();
            assertThat(r.tracks()).as("one speaker, one stable track").isEqualTo(1);
            assertThat(lines).allSatisfy(l -> {
                assertThat(l).startsWith("{\"type\": \"window\", \"streamId\": \"lbax4n.mpg\"").endsWith("}");
                assertThat(l).contains("\"speech\": true", "\"trackId\": 1", "\"syncCue\": \"envelope\"");
            });
            assertThat(lines.get(0)).contains("\"windowStartTsMs\": 0,");
            List<String> speakers = Files.readAllLines(out).stream().filter(l -> l.startsWith("{\"type\": \"speaker\"")).toList();
            assertThat(speakers).hasSize(r.speakerEvents()).isNotEmpty();
            assertThat(speakers.get(0)).as("events tile the file from its start").contains("\"startMs\": 0,");
            assertThat(speakers).as("the one face on screen is the speaker").anySatisfy(l -> assertThat(l)
                    .contains("\"state\": \"SPEAKING\"", "\"trackId\": 1,", "\"sessionSpeakerId\": \"S"));
            assertThat(speakers.subList(speakers.size() / 2, speakers.size())).as("once the voice has found its face")
                    .noneSatisfy(l -> assertThat(l).contains("OFF_SCREEN"));
            assertThat(SharedModels.alive()).as("models closed with the job").isZero();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aMissingModelFileFailsTheJobWithThePath(@TempDir Path tmp) throws Exception {
        Path clip = FixtureMedia.require("grid/lbax4n.mpg");
        Configuration conf = new Configuration();
        conf.set(FaceOptions.FACE_DETECTOR_MODEL, tmp.resolve("no-such-detector.onnx").toString());
        conf.setString("restart-strategy.type", "none");
        assertThatThrownBy(() -> AnalyzeCommand.analyze(clip, tmp.resolve("out.jsonl"), conf, 1, true))
                .rootCause().hasMessageContaining("no-such-detector.onnx").hasMessageContaining("not found");
        assertThat(SharedModels.alive()).isZero();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void bothSyncCuesRankTheSpeakerAboveTheListenerInThePipeline(@TempDir Path tmp) throws Exception {
        Path speaker = FixtureMedia.require("asd_face_tracks/00000.avi");
        Path listener = FixtureMedia.require("asd_face_tracks/00001.avi");
        for (SyncOptions.SyncCue cue : SyncOptions.SyncCue.values()) {
            Configuration conf = new Configuration();
            conf.set(SyncOptions.SYNC_CUE, cue);
            conf.set(DecodeOptions.ANALYSIS_FPS, 25.0);
            java.util.Map<Long, Double> a = syncByWindow(speaker, tmp.resolve(cue + "-a.jsonl"), conf);
            java.util.Map<Long, Double> b = syncByWindow(listener, tmp.resolve(cue + "-b.jsonl"), conf);
            // a track without a score (no visible mouth movement, or no face) counts as not in sync
            long windows = a.size();
            long wins = a.keySet().stream().filter(k -> !a.get(k).isNaN()
                    && (b.getOrDefault(k, Double.NaN).isNaN() || a.get(k) > b.get(k))).count();
            System.out.printf("pipeline sync (%s, 25 fps): speaker above listener in %d of %d speech windows%n", cue, wins, windows);
            assertThat(windows).as("speech windows").isGreaterThanOrEqualTo(10);
            assertThat(wins).as(cue + ": speaker above listener in most speech windows").isGreaterThan(windows * 2 / 3);
        }
    }

    private static final java.util.regex.Pattern START = java.util.regex.Pattern.compile("\"windowStartTsMs\": (\\d+)");
    private static final java.util.regex.Pattern SYNC = java.util.regex.Pattern.compile("\"syncScore\": (-?[0-9.E-]+)");

    /** The best track sync score per speech window (NaN when no track has one). */
    private static java.util.Map<Long, Double> syncByWindow(Path clip, Path out, Configuration conf) throws Exception {
        AnalyzeCommand.analyze(clip, out, conf, 1, true);
        java.util.Map<Long, Double> scores = new java.util.HashMap<>();
        for (String line : Files.readAllLines(out)) {
            java.util.regex.Matcher start = START.matcher(line);
            java.util.regex.Matcher sync = SYNC.matcher(line);
            if (line.contains("\"speech\": true") && start.find()) {
                double best = Double.NaN;
                while (sync.find()) {
                    double v = Double.parseDouble(sync.group(1));
                    best = Double.isNaN(best) ? v : Math.max(best, v);
                }
                scores.put(Long.parseLong(start.group(1)), best);
            }
        }
        return scores;
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shuffledAndRepeatedChunksGiveTheSameWindowsAsOrderedOnes(@TempDir Path tmp) throws Exception {
        Path clip = FixtureMedia.require("grid/lbax4n.mpg");
        List<RawRecord> ordered = AnalyzeCommand.records(clip);
        assertThat(ordered).hasSize(3);
        // within the 2 s out-of-orderness: seq 1 before 0, and 0 and 1 sent twice (a producer's retries)
        List<RawRecord> shuffled = List.of(ordered.get(1), ordered.get(0), ordered.get(0), ordered.get(2), ordered.get(1));
        AnalyzeCommand.Result a = AnalyzeCommand.analyze(ordered, "clip", tmp.resolve("ordered.jsonl"), new Configuration(), 1, true, null);
        AnalyzeCommand.Result b = AnalyzeCommand.analyze(shuffled, "clip", tmp.resolve("shuffled.jsonl"), new Configuration(), 1, true, null);
        assertThat(a.deadLetters()).isZero();
        assertThat(b.deadLetters()).as("the two repeats, dead-lettered as DUPLICATE_CHUNK").isEqualTo(2);
        assertThat(withoutEmitTime(tmp.resolve("shuffled.jsonl"))).isEqualTo(withoutEmitTime(tmp.resolve("ordered.jsonl")))
                .hasSize(a.windows() + a.speakerEvents() + a.associations());
    }

    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("-?\\d+\\.\\d+(E-?\\d+)?");

    /**
     * The lines without wall-clock times and with decimals to 4 places: the embedders batch
     * whatever windows are waiting, and a batch of another composition moves a vector in its
     * 7th digit, which is not a different window.
     */
    private static List<String> withoutEmitTime(Path jsonl) throws java.io.IOException {
        return Files.readAllLines(jsonl).stream().map(l -> l.replaceAll("\"emitTimeMs\": \\d+", ""))
                .map(l -> DECIMAL.matcher(l).replaceAll(m -> String.format(java.util.Locale.ROOT, "%.4f",
                        Double.parseDouble(m.group()) + 0.0)))
                .toList();
    }
}
