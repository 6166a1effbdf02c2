package io.faalive.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.faalive.loadtest.AnalyzeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meeting the demo streams on a machine without the shared fixtures: made from a Debian
 * portrait and espeak-ng voices only, and the product finds its speakers in it (analyze, then
 * score against the truth written beside it).
 */
class GeneratedMeetingTest {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theProductFindsWhoSpeaksInTheGeneratedMeeting(@TempDir Path dir) throws Exception {
        String missing = GeneratedMeeting.missing();
        assumeTrue(missing == null, () -> "skipping: no " + missing);
        Path media = GeneratedMeeting.make(dir, 1);
        assertThat(dir.resolve("generated.truth.json")).exists();
        Path events = dir.resolve("events.jsonl");
        AnalyzeCommand.Result r = AnalyzeCommand.analyze(media, events, new Configuration(), 1, false);
        assertThat(r.tracks()).as("two faces on screen").isEqualTo(2);
        Path json = dir.resolve("score.json");
        StringWriter err = new StringWriter();
        int code = ScoreCommand.run(new String[] {"--truth", dir.resolve("generated.truth.json").toString(), "--events", events.toString(),
                "--json", json.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        JsonObject figures = JsonParser.parseString(Files.readString(json)).getAsJsonObject()
                .getAsJsonObject("meetings").getAsJsonObject("generated");
        assertThat(figures.get("speechS").getAsDouble()).as("seconds of speech in the truth").isGreaterThan(20);
        assertThat(figures.get("accuracy").getAsDouble()).as("speaker accuracy over speech time").isGreaterThanOrEqualTo(0.9);
        assertThat(figures.get("falseAlarm").getAsDouble()).as("false alarms over silence").isLessThanOrEqualTo(0.05);
        assertThat(figures.get("purity").getAsDouble()).as("session-speaker purity").isGreaterThanOrEqualTo(0.9);
        assertThat(figures.get("idsPerSpeaker").getAsDouble()).as("session ids per person").isLessThanOrEqualTo(1.5);
    }
}
