package io.faalive.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.junit.jupiter.api.Test;

class FaaJobOptionsTest {

    @Test
    void defaultsAreValid() {
        assertThatCode(() -> FaaJobOptions.validate(new Configuration())).doesNotThrowAnyException();
    }

    @Test
    void outOfRangeValuesFailWithTheKeyAndTheRule() {
        Configuration conf = new Configuration();
        conf.set(FaaJobOptions.ANALYSIS_FPS, -1.0);
        assertThatThrownBy(() -> FaaJobOptions.validate(conf))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("faa.decode.analysis-fps")
                .hasMessageContaining("must be in (0, 120]");

        Configuration odd = new Configuration();
        odd.set(FaaJobOptions.FRAME_WIDTH, 641);
        assertThatThrownBy(() -> FaaJobOptions.validate(odd)).hasMessageContaining("faa.decode.frame-width");
    }

    @Test
    void unparsableValuesFailWithTheKey() {
        Configuration conf = Configuration.fromMap(java.util.Map.of("faa.decode.analysis-fps", "fast"));
        assertThatThrownBy(() -> FaaJobOptions.validate(conf)).hasMessageContaining("faa.decode.analysis-fps");
    }

    @Test
    void perceptionValuesAreChecked() {
        java.util.Map<String, String> bad = java.util.Map.of(
                "faa.face.detector.score-threshold", "1.5",
                "faa.window.hop", "2 s",
                "faa.inference.device", "tpu",
                "faa.inference.max-batch", "0",
                "faa.face.embedder", "CUSTOM",
                "faa.voice.embedder", "NETWORK",
                "faa.track.iou-threshold", "0");
        bad.forEach((key, value) -> assertThatThrownBy(() -> FaaJobOptions.validate(Configuration.fromMap(java.util.Map.of(key, value))))
                .as(key + "=" + value)
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(key.startsWith("faa.face.embedder") ? "faa.face.embedder.model"
                        : key.startsWith("faa.voice.embedder") ? "faa.voice.embedder.model" : key));
        assertThatThrownBy(() -> FaaJobOptions.validate(Configuration.fromMap(java.util.Map.of("faa.face.detector", "MTCNN"))))
                .hasMessageContaining("faa.face.detector");
    }
}
