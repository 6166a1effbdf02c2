package io.faalive.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.junit.jupiter.api.Test;

class FaaOptionsTest {

    private static String failure(Map<String, String> settings) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> FaaOptions.validate(Configuration.fromMap(settings)));
        assertThat(t).as(settings.toString()).isInstanceOf(IllegalConfigurationException.class);
        assertThat(t.getMessage()).as("one line").doesNotContain("\n").doesNotContain("Description").doesNotContain("PT");
        return t.getMessage();
    }

    @Test
    void defaultsAreValidAndEveryOptionHasADescriptionAndAGroup() {
        assertThatCode(() -> FaaOptions.validate(new Configuration())).doesNotThrowAnyException();
        assertThat(FaaOptions.all()).hasSizeGreaterThan(40).allSatisfy(o -> {
            assertThat(o.key()).startsWith("faa.");
            assertThat(OptionsTable.description(o)).as(o.key()).endsWith(".").hasSizeGreaterThan(20);
        });
        int total = FaaOptions.GROUPS.stream().mapToInt(g -> FaaOptions.of(g).size()).sum();
        assertThat(total).isEqualTo(FaaOptions.all().size());
    }

    @Test
    void aBadValueNamesTheKeyTheValueAsWrittenAndTheRule() {
        assertThat(failure(Map.of("faa.window.hop", "0s")))
                .isEqualTo("Invalid faa.window.hop '0s': must be at least 50 ms and at most faa.window.length (1500 ms).");
        assertThat(failure(Map.of("faa.decode.analysis-fps", "-1"))).contains("faa.decode.analysis-fps '-1'", "(0, 120]");
        assertThat(failure(Map.of("faa.decode.frame-width", "641"))).contains("faa.decode.frame-width '641'", "even");
        assertThat(failure(Map.of("faa.window.hop", "-1 s"))).startsWith("Invalid faa.window.hop '-1 s': ");
        assertThat(failure(Map.of("faa.decode.analysis-fps", "fast"))).startsWith("Invalid faa.decode.analysis-fps 'fast': ");
        assertThat(failure(Map.of("faa.kafka.delivery", "MAYBE"))).startsWith("Invalid faa.kafka.delivery 'MAYBE': ");
    }

    @Test
    void perceptionValuesAreChecked() {
        Map<String, String> bad = Map.of(
                "faa.face.detector.score-threshold", "1.5",
                "faa.window.hop", "2 s",
                "faa.inference.device", "tpu",
                "faa.inference.max-batch", "0",
                "faa.face.embedder", "CUSTOM",
                "faa.voice.embedder", "NETWORK",
                "faa.track.iou-threshold", "0",
                "faa.face.detector", "MTCNN");
        bad.forEach((key, value) -> assertThat(failure(Map.of(key, value))).as(key + "=" + value)
                .contains(key.equals("faa.face.embedder") ? "faa.face.embedder.model"
                        : key.equals("faa.voice.embedder") ? "faa.voice.embedder.model" : key));
    }

    @Test
    void unknownAndUnusedOptionsAreRefusedWithTheClosestKnownOne() {
        assertThat(failure(Map.of("faa.window.hopp", "1s"))).isEqualTo("Unknown option faa.window.hopp (did you mean faa.window.hop?).");
        // the decoder always produces 16 kHz (the VAD and voice models need it): no option pretends otherwise
        assertThat(failure(Map.of("faa.decode.audio-sample-rate", "8000"))).startsWith("Unknown option faa.decode.audio-sample-rate");
        assertThatCode(() -> FaaOptions.validate(Configuration.fromMap(Map.of("parallelism.default", "2"))))
                .as("Flink's own options pass").doesNotThrowAnyException();
    }

    @Test
    void aChunkLimitThatWouldNotFitItsDeadLetterIsRefused() {
        assertThat(failure(Map.of("faa.decode.max-chunk-size", "16mb")))
                .contains("faa.decode.max-chunk-size '16mb'", "faa.kafka.max-request-size (8 mb)");
        assertThatCode(() -> FaaOptions.validate(Configuration.fromMap(Map.of("faa.decode.max-chunk-size", "16mb",
                "faa.kafka.max-request-size", "17mb")))).doesNotThrowAnyException();
        assertThat(new Configuration().get(DecodeOptions.MAX_CHUNK_SIZE).getBytes() + KafkaOptions.DEAD_LETTER_HEADROOM_BYTES)
                .as("the default chunk limit fits").isLessThanOrEqualTo(new Configuration().get(KafkaOptions.MAX_REQUEST_SIZE).getBytes());
    }

    @Test
    void commandLinesKeepValuesThatLookLikeFlagsAndRefuseUnknownCommandOptions() {
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"clip.mp4", "--faa.window.hop", "-1 s"}, Set.of("out")))
                .hasMessageStartingWith("Invalid faa.window.hop '-1 s'");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--outt", "x"}, Set.of("out")))
                .hasMessage("Unknown option --outt (this command takes --out and --faa.* options).");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--out"}, Set.of("out"))).hasMessage("Option --out needs a value.");
        JobArguments ok = JobArguments.parse(new String[] {"clip.mp4", "--out", "o.jsonl", "--faa.window.hop=250 ms"}, Set.of("out"));
        assertThat(ok.positionals()).containsExactly("clip.mp4");
        assertThat(ok.get("out", null)).isEqualTo("o.jsonl");
        assertThat(ok.conf().get(AudioOptions.WINDOW_HOP).toMillis()).isEqualTo(250);
    }
}
