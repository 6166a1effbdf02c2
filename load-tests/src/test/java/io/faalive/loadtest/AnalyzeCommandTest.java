package io.faalive.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faalive.job.FaaJobOptions;
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
            AnalyzeCommand.Result r = AnalyzeCommand.analyze(clip, out, new Configuration(), 1);
            List<String> lines = Files.readAllLines(out);
            // a 3 s clip: windows of 1.5 s every 0.5 s that end within the processed audio
            assertThat(r.windows()).isEqualTo(lines.size()).isBetween(3, 4);
            assertThat(r.deadLetters()).isZero();
            assertThat(r.tracks()).as("one speaker, one stable track").isEqualTo(1);
            assertThat(lines).allSatisfy(l -> {
                assertThat(l).startsWith("{\"streamId\": \"lbax4n.mpg\"").endsWith("}");
                assertThat(l).contains("\"speech\": true", "\"trackId\": 1", "\"syncCue\": \"envelope\"");
            });
            assertThat(lines.get(0)).contains("\"windowStartTsMs\": 0,");
            assertThat(SharedModels.alive()).as("models closed with the job").isZero();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aMissingModelFileFailsTheJobWithThePath(@TempDir Path tmp) throws Exception {
        Path clip = FixtureMedia.require("grid/lbax4n.mpg");
        Configuration conf = new Configuration();
        conf.set(FaaJobOptions.FACE_DETECTOR_MODEL, tmp.resolve("no-such-detector.onnx").toString());
        conf.setString("restart-strategy.type", "none");
        assertThatThrownBy(() -> AnalyzeCommand.analyze(clip, tmp.resolve("out.jsonl"), conf, 1))
                .rootCause().hasMessageContaining("no-such-detector.onnx").hasMessageContaining("not found");
        assertThat(SharedModels.alive()).isZero();
    }
}
