package io.faalive.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.faalive.loadtest.FixtureMedia;
import io.faalive.loadtest.cli.FaaCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load test's plumbing, not its figures (those come from {@code bin/faa bench} on a quiet
 * machine): one short step of one live stream through Kafka and the job gives events, timed,
 * and the JSON and report the issue asks for; the percentile and trend arithmetic on known data.
 */
class BenchCommandTest {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void oneShortStepWritesTheFiguresAsJsonAndMarkdown(@TempDir Path dir) throws Exception {
        Path media = FixtureMedia.require("multi_speaker/visualvoice_interview.mp4");
        Path json = dir.resolve("bench.json");
        StringWriter err = new StringWriter();
        int code = FaaCli.run(new String[] {"bench", "--streams", "1", "--duration", "5", "--media", media.toString(), "--json", json.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        for (String field : List.of("cores", "sustainableStreams", "keepsUpStreams", "latencyMs", "costRatioToDecode", "rssMbPerStream", "steps")) {
            assertThat(o.has(field)).as(field).isTrue();
        }
        JsonObject step = o.getAsJsonArray("steps").get(0).getAsJsonObject();
        assertThat(step.get("streams").getAsInt()).isEqualTo(1);
        assertThat(step.get("events").getAsLong()).as("speaker events timed in the step").isPositive();
        assertThat(step.getAsJsonObject("latencyMs").get("p50").getAsDouble()).as("an event is written after its span is on air").isPositive();
        assertThat(Files.readString(dir.resolve("bench.md"))).contains("| streams | keeps up | sustained |");
    }

    @Test
    void percentilesAreNearestRankAndTheSlopeIsLeastSquares() {
        LoadStep.Latency l = LoadStep.Latency.of(java.util.stream.IntStream.rangeClosed(1, 1000).mapToObj(i -> (double) i).toList());
        assertThat(l.p50()).isEqualTo(500);
        assertThat(l.p99()).isEqualTo(990);
        assertThat(l.p999()).isEqualTo(999);
        assertThat(LoadStep.slope(List.of(new double[] {0, 1}, new double[] {1, 3}, new double[] {2, 5}))).isEqualTo(2.0);
    }
}
