package io.faalive.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The commands that start services refuse a bad command line before starting any, in one
 * line with exit code 2: each runs as its own JVM, as bin/faa runs it.
 */
class EntryPointsTest {

    private record Run(int exitCode, List<String> stderr) {}

    private static Run run(Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(main.getSimpleName() + " ends by itself").isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), err.lines().filter(l -> !l.isBlank()).toList());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void badOptionsStopEveryCommandInOneLineWithExitCodeTwo() throws Exception {
        Run demo = run(Demo.class, "--faa.window.hop", "0s");
        assertThat(demo.exitCode()).isEqualTo(2);
        assertThat(demo.stderr()).containsExactly(
                "demo: Invalid faa.window.hop '0s': must be at least 50 ms and at most faa.window.length (1500 ms).");

        Run analyze = run(AnalyzeCommand.class, "clip.mp4", "--faa.window.hopp", "1s");
        assertThat(analyze.exitCode()).isEqualTo(2);
        assertThat(analyze.stderr()).containsExactly("analyze: Unknown option faa.window.hopp (did you mean faa.window.hop?).");

        Run produce = run(ProduceCommand.class, "--faa.kafka.delivery", "MAYBE");
        assertThat(produce.exitCode()).isEqualTo(2);
        assertThat(produce.stderr()).hasSize(1).first().asString().startsWith("produce: Invalid faa.kafka.delivery 'MAYBE': ");

        Run chunkLimit = run(Demo.class, "--faa.decode.max-chunk-size", "16mb");
        assertThat(chunkLimit.exitCode()).isEqualTo(2);
        assertThat(chunkLimit.stderr()).hasSize(1).first().asString().contains("faa.kafka.max-request-size (8 mb)");
    }
}
