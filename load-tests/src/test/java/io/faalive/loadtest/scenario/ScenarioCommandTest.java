package io.faalive.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.faalive.job.config.PerceptionSettings;
import io.faalive.loadtest.FixtureMedia;
import io.faalive.loadtest.media.AudioReader;
import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpeechSegmenter;
import io.faalive.serving.perception.PerceptionModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Composes a small meeting from fixture clips and checks its truth against the media it describes. */
class ScenarioCommandTest {

    @TempDir
    Path dir;

    @Test
    void theTruthsSpeechIsWhereTheComposedAudioHasSpeechAndAPerfectDecisionScoresFull() throws Exception {
        Path a = FixtureMedia.require("grid/brbk7n.mpg");
        Path b = FixtureMedia.require("grid/lbax4n.mpg");
        Path listener = FixtureMedia.require("grid/lwbsza.mpg");
        StringWriter err = new StringWriter();
        int code = ScenarioCommand.run(new String[] {"--out", dir.toString(), "--name", "two", "--speaker", a.toString(),
                "--speaker", b.toString(), "--listener", listener.toString(), "--turns", "5", "--layout", "free", "--seed", "3"},
                new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        Truth truth = Truth.read(dir.resolve("two.truth.json"));
        assertThat(truth.people()).extracting(Truth.Person::role).containsExactly("speaker", "speaker", "listener");
        assertThat(truth.speech()).isNotEmpty().allMatch(s -> !s.person().equals("P3"));

        // the composed file's own audio, through the job's VAD: each truth onset has a detected onset near it
        float[] audio = AudioReader.read16k(dir.resolve("two.mp4"), 0, -1);
        assertThat(audio.length / 16.0).isCloseTo(truth.durationMs(), org.assertj.core.api.Assertions.within(100.0));
        List<SpeechSegmenter.Segment> detected;
        try (SileroVad vad = PerceptionModels.vad(PerceptionSettings.from(new Configuration()))) {
            detected = SpeechSegmenter.segmentsOf(vad, SourceClip.TRUTH_VAD, audio);
        }
        for (Truth.Speech s : truth.speech()) {
            assertThat(detected).as("an onset near %d ms", s.startMs()).anyMatch(d -> Math.abs(d.startMs() - s.startMs()) <= 100);
        }

        // events that say exactly what the truth says score 100%
        Path events = dir.resolve("perfect.jsonl");
        List<String> lines = new ArrayList<>();
        for (Truth.Speech s : truth.speech()) {
            double[] box = truth.person(s.person()).box();
            lines.add(String.format(Locale.ROOT, "{\"type\": \"speaker\", \"startMs\": %d, \"endMs\": %d, \"state\": \"SPEAKING\", "
                    + "\"box\": [%f, %f, %f, %f], \"sessionSpeakerId\": \"S%s\"}", s.startMs(), s.endMs(), box[0], box[1], box[2], box[3], s.person()));
        }
        Files.write(events, lines);
        Path json = dir.resolve("score.json");
        StringWriter out = new StringWriter();
        assertThat(ScoreCommand.run(new String[] {"--truth", dir.resolve("two.truth.json").toString(), "--events", events.toString(),
                "--json", json.toString()}, new PrintWriter(out, true), new PrintWriter(err, true))).as(err.toString()).isZero();
        JsonObject two = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("meetings").getAsJsonObject("two");
        assertThat(two.get("accuracy").getAsDouble()).isEqualTo(1.0);
        assertThat(two.get("falseAlarm").getAsDouble()).isEqualTo(0.0);
        assertThat(two.get("purity").getAsDouble()).isEqualTo(1.0);
        assertThat(out.toString()).contains("| two |");
    }

    @Test
    void badCommandLinesAreOneLineAndExitTwo() {
        StringWriter err = new StringWriter();
        assertThat(ScenarioCommand.run(new String[] {"--out", dir.toString(), "--turns", "0", "--speaker", "x.mp4"},
                new PrintWriter(err, true))).isEqualTo(2);
        assertThat(err.toString()).contains("--turns must be at least 1");
        assertThat(ScoreCommand.run(new String[] {"--truth", "a.json"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true)))
                .isEqualTo(2);
        assertThat(err.toString()).contains("score: Missing required option");
    }
}
