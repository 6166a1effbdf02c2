package io.faalive.serving.faa;

import io.faalive.serving.runtime.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained FAA model as the running job uses it: loaded only when it is the model it claims to
 * be (the SHA-256 of its parameters) and built for the encoders the job runs (input sizes and
 * encoder ids), so a wrong or corrupt model is refused before it scores anything. Scores one
 * (face, voice) pair: the fusion head's match probability, or, for a model without one, its
 * aligned cosine mapped to [0, 1].
 */
public final class FaaMatcher implements AutoCloseable {

    private final FaaScorer scorer;
    private final String version;

    private FaaMatcher(FaaScorer scorer, String version) {
        this.scorer = scorer;
        this.version = version;
    }

    /**
     * Loads and checks a model directory.
     *
     * @param sha256 the expected SHA-256 of {@code faa.params} (hex), or null not to check it
     * @param version the version events will carry, or null for the model's own
     */
    public static FaaMatcher load(Path dir, String sha256, String version, int faceDim, int voiceDim, String faceEncoderId,
            String voiceEncoderId) throws IOException {
        Path params = dir.resolve(ModelArtifact.PARAMS);
        if (!Files.isRegularFile(params)) {
            throw new IOException("no FAA model at " + dir + " (" + ModelArtifact.PARAMS + " is missing)");
        }
        if (sha256 != null) {
            String actual = ModelFile.sha256Of(params);
            if (!actual.equalsIgnoreCase(sha256)) {
                throw new IOException("checksum mismatch: " + params + " has SHA-256 " + actual + ", the update says " + sha256);
            }
        }
        FaaScorer scorer = FaaScorer.load(dir, faceDim, voiceDim);
        ModelInfo info = scorer.info();
        if (!faceEncoderId.equals(info.faceEncoderId) || !voiceEncoderId.equals(info.voiceEncoderId)) {
            scorer.close();
            throw new IOException("model " + dir + " was trained on " + info.faceEncoderId + " faces and " + info.voiceEncoderId
                    + " voices; the job's encoders are " + faceEncoderId + " and " + voiceEncoderId);
        }
        return new FaaMatcher(scorer, version != null ? version : info.version);
    }

    public String version() {
        return version;
    }

    /** How likely {@code face} and {@code voice} are one person, in [0, 1]. */
    public float probability(float[] face, float[] voice) {
        float[][] faces = {normalised(face)};
        float[][] voices = {normalised(voice)};
        if (scorer.hasFusion()) {
            return scorer.fusion(scorer.encodeFaces(faces), scorer.encodeVoices(voices))[0];
        }
        return (1 + FaaScorer.cosine(scorer.embedFaces(faces), scorer.embedVoices(voices))[0]) / 2;
    }

    private static float[] normalised(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] out = v.clone();
        if (n > 0) {
            float inv = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < out.length; i++) {
                out[i] *= inv;
            }
        }
        return out;
    }

    @Override
    public void close() {
        scorer.close();
    }
}
