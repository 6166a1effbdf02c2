package io.faalive.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.loadtest.cli.FaaCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/faa's commands, as a user meets them: --help everywhere (exit 0), a bad command line or
 * configuration refused in one line with exit code 2 before any service starts, a failure at
 * run time in one line with exit code 1, and no stack trace unless --verbose.
 */
class EntryPointsTest {

    private record Run(int exitCode, List<String> stdout, List<String> stderr) {}

    /** In this JVM, as FaaCli.main would run it (without exiting). */
    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FaaCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, lines(out.toString()), lines(err.toString()));
    }

    /** In its own JVM, as bin/faa runs it. */
    private static Run jvm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FaaCli.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", args) + " ends by itself").isTrue();
        return new Run(p.exitValue(), List.of(), lines(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private static List<String> lines(String s) {
        return s.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExitCodeZero() {
        Run help = cli();
        assertThat(help.exitCode()).isZero();
        List<String> commands = List.of("demo", "job", "broker", "produce", "tail", "analyze", "scenario", "score", "embed-voice",
                "options", "bench-decode", "bench-perception", "bench-voice", "test", "build", "job-jar");
        assertThat(String.join("\n", help.stdout())).contains(commands.stream().map(c -> "  " + c + " ").toList());
        for (String command : commands) {
            Run run = cli(command, "--help");
            assertThat(run.exitCode()).as(command + " --help").isZero();
            assertThat(run.stdout()).as(command + " --help").first().asString().startsWith("Usage: bin/faa " + command);
        }
        assertThat(cli("help", "analyze").stdout()).first().asString().startsWith("Usage: bin/faa analyze");
    }

    @Test
    void badUsageAndConfigurationCostOneLineAndExitCodeTwo() {
        assertThat(cli("frobnicate")).isEqualTo(new Run(2, List.of(), List.of("faa: unknown command 'frobnicate' (bin/faa help)")));
        assertThat(cli("analyse", "clip.mp4").stderr()).containsExactly("faa: unknown command 'analyse'; did you mean analyze? (bin/faa help)");
        assertThat(cli("analyze", "clip.mp4", "--faa.window.hopp", "1s").stderr())
                .containsExactly("analyze: Unknown option faa.window.hopp (did you mean faa.window.hop?).");
        Run enumValue = cli("produce", "--faa.kafka.delivery", "MAYBE");
        assertThat(enumValue.exitCode()).isEqualTo(2);
        assertThat(enumValue.stderr()).hasSize(1).first().asString().startsWith("produce: Invalid faa.kafka.delivery 'MAYBE': ");
        Run negative = cli("demo", "--faa.window.hop", "-1 s");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.stderr()).hasSize(1).first().asString().startsWith("demo: Invalid faa.window.hop '-1 s'");
        Run missing = cli("analyze", "/no/such/clip.mp4");
        assertThat(missing).isEqualTo(new Run(2, List.of(), List.of("analyze: no such media file: /no/such/clip.mp4 (bin/faa analyze --help)")));
        assertThat(cli("analyze").stderr()).containsExactly("analyze: Missing required parameter: 'MEDIA_FILE' (bin/faa analyze --help)");
        assertThat(cli("demo", "--port", "0").stderr()).containsExactly("demo: --port must be 1 to 65535, got 0 (bin/faa demo --help)");
        Path clip = Path.of("pom.xml").toAbsolutePath(); // exists: the range is checked before the file is read
        assertThat(cli("analyze", clip.toString(), "--chunk-ms", "50").stderr())
                .containsExactly("analyze: --chunk-ms must be 200 to 10000, got 50 (bin/faa analyze --help)");
        assertThat(cli("score", "--truth", "t.json", "--events", "e.jsonl", "--faa.window.hop", "1s").stderr()).hasSize(1).first().asString()
                .startsWith("score: this command takes no faa.* options");
        Run chunkLimit = cli("demo", "--faa.decode.max-chunk-size", "16mb");
        assertThat(chunkLimit.exitCode()).isEqualTo(2);
        assertThat(chunkLimit.stderr()).hasSize(1).first().asString().contains("faa.kafka.max-request-size (8 mb)");
    }

    @Test
    void aFailureAtRunTimeIsOneLineWithExitCodeOneAndItsStackTraceOnRequest(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video");
        Run run = cli("analyze", text.toString(), "--out", dir.resolve("out.jsonl").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).hasSize(1).first().asString().startsWith("analyze: FFmpeg cannot read " + text + " as media");
        Run verbose = cli("analyze", text.toString(), "--out", dir.resolve("out.jsonl").toString(), "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.stderr()).hasSizeGreaterThan(3).anySatisfy(l -> assertThat(l).contains("at io.faalive.loadtest"));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void withoutABrokerKafkaCommandsFailWithinTenSecondsInOneLine() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        for (String command : List.of("produce", "tail speaker-events", "job")) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.addAll(List.of("--faa.kafka.bootstrap-servers", "localhost:" + port));
            long t0 = System.nanoTime();
            Run run = jvm(args.toArray(new String[0]));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(run.exitCode()).as(command).isEqualTo(1);
            assertThat(run.stderr()).as(command).containsExactly(command.split(" ")[0] + ": no Kafka broker answers at localhost:" + port
                    + " within 6 s (start one with bin/faa broker, or set --faa.kafka.bootstrap-servers)");
            assertThat(seconds).as(command + " gives up within 10 s of starting, JVM start included").isLessThan(10);
        }
    }
}
