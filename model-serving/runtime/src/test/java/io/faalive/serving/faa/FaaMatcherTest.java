package io.faalive.serving.faa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model the job loads is the one the update names, for the job's encoders; anything else is refused with the reason. */
class FaaMatcherTest {

    @Test
    void aModelForTheJobsEncodersLoadsAndScoresInZeroToOne(@TempDir Path dir) throws IOException {
        Path model = save(dir.resolve("m"), 8, 4, "face-8", "voice-4");
        try (FaaMatcher m = FaaMatcher.load(model, io.faalive.serving.runtime.ModelFile.sha256Of(model.resolve(ModelArtifact.PARAMS)), "v2", 8, 4, "face-8", "voice-4")) {
            assertThat(m.version()).isEqualTo("v2");
            float p = m.probability(new float[] {1, 0, 0, 0, 0, 0, 0, 2}, new float[] {0, 3, 0, 1});
            assertThat(p).isBetween(0f, 1f);
        }
        try (FaaMatcher m = FaaMatcher.load(model, null, null, 8, 4, "face-8", "voice-4")) {
            assertThat(m.version()).as("the model's own version").isEqualTo("untrained");
        }
    }

    @Test
    void aWrongChecksumOtherSizesOtherEncodersOrNoModelAreRefused(@TempDir Path dir) throws IOException {
        Path model = save(dir.resolve("m"), 8, 4, "face-8", "voice-4");
        String sha = io.faalive.serving.runtime.ModelFile.sha256Of(model.resolve(ModelArtifact.PARAMS));
        assertThatThrownBy(() -> FaaMatcher.load(model, "0".repeat(64), null, 8, 4, "face-8", "voice-4"))
                .hasMessageContaining("checksum mismatch");
        assertThatThrownBy(() -> FaaMatcher.load(model, sha, null, 16, 4, "face-8", "voice-4")).hasMessageContaining("expects 8-d faces");
        assertThatThrownBy(() -> FaaMatcher.load(model, sha, null, 8, 4, "face-8", "other-voice"))
                .hasMessageContaining("trained on face-8 faces and voice-4 voices");
        assertThatThrownBy(() -> FaaMatcher.load(dir.resolve("nothing"), sha, null, 8, 4, "face-8", "voice-4"))
                .hasMessageContaining("no FAA model");
        Files.write(model.resolve(ModelArtifact.PARAMS), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> FaaMatcher.load(model, null, null, 8, 4, "face-8", "voice-4")).hasMessageContaining("corrupt");
    }

    private static Path save(Path dir, int faceDim, int voiceDim, String faceEncoder, String voiceEncoder) throws IOException {
        try (FaaScorer scorer = FaaScorer.untrained(new FaaConfig(), faceDim, voiceDim)) {
            ModelInfo info = scorer.info();
            info.faceEncoderId = faceEncoder;
            info.voiceEncoderId = voiceEncoder;
            ModelArtifact.save(scorer, info, dir);
        }
        return dir;
    }
}
