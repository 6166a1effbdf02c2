package io.faalive.serving.perception;

import io.faalive.serving.audio.SpeechSegmenter;
import io.faalive.serving.track.FaceTracker;
import io.faalive.serving.vision.FaceQuality;
import java.io.Serializable;
import java.time.Duration;

/**
 * Everything perception needs to know, free of Flink: which models (and where their files
 * are when not the registry packs), thresholds, windows and the inference device. It has no
 * defaults of its own: the job's option classes are the one source of settings, and
 * PerceptionSettings builds this record from them (tests and tools too).
 */
public record PerceptionConfig(
        Detector detector, String detectorModel, float detectorScore,
        String landmarksModel,
        FaceModel faceEmbedder, String faceModel, int faceInputSize, float faceMean, float faceStd, boolean faceRgb, int faceDimension,
        FaceQuality quality,
        FaceTracker.Settings tracking,
        String vadModel, SpeechSegmenter.Settings vad,
        int windowMs, int hopMs, float minSpeechShare,
        VoiceModel voiceEmbedder, String voiceModel, int voiceDimension,
        SyncCue syncCue, String asdModel, String asdHeadModel,
        String device, int threads, int maxBatch, Duration maxDelay) implements Serializable {

    public enum Detector { ULTRAFACE, YUNET, HAAR }

    public enum FaceModel { FACEPLUGIN_512, MOBILEFACENET_128, CUSTOM }

    public enum VoiceModel { XVECTOR, SPECTRAL, NETWORK }

    public enum SyncCue { ENVELOPE, LIGHT_ASD }

    /** The same configuration on another device ({@code cpu}, {@code gpu:N}). */
    public PerceptionConfig withDevice(String newDevice) {
        return new PerceptionConfig(detector, detectorModel, detectorScore, landmarksModel, faceEmbedder, faceModel,
                faceInputSize, faceMean, faceStd, faceRgb, faceDimension, quality, tracking, vadModel, vad, windowMs, hopMs,
                minSpeechShare, voiceEmbedder, voiceModel, voiceDimension, syncCue, asdModel, asdHeadModel, newDevice,
                threads, maxBatch, maxDelay);
    }

    /** The same configuration with another voice embedder. */
    public PerceptionConfig withVoiceEmbedder(VoiceModel model) {
        return new PerceptionConfig(detector, detectorModel, detectorScore, landmarksModel, faceEmbedder, faceModel,
                faceInputSize, faceMean, faceStd, faceRgb, faceDimension, quality, tracking, vadModel, vad, windowMs, hopMs,
                minSpeechShare, model, voiceModel, voiceDimension, syncCue, asdModel, asdHeadModel, device,
                threads, maxBatch, maxDelay);
    }

    /** The voice vector size this configuration produces. */
    public int voiceVectorSize() {
        return switch (voiceEmbedder) {
            case XVECTOR -> io.faalive.serving.speaker.XVectorEmbedder.DIMENSION;
            case SPECTRAL -> io.faalive.serving.audio.SpectralVoiceEmbedder.DIMENSION;
            case NETWORK -> voiceDimension;
        };
    }

    /** A short name of the voice embedder, carried in the events. */
    public String voiceEmbedderName() {
        return voiceEmbedder.name().toLowerCase(java.util.Locale.ROOT) + "-" + voiceVectorSize();
    }

    /** A short name of the face embedder and its vector size, for example {@code faceplugin_512-512}: enrolled face vectors must come from the same. */
    public String faceEmbedderName() {
        return faceEmbedder.name().toLowerCase(java.util.Locale.ROOT) + "-" + faceVectorSize();
    }

    /** The face vector size this configuration produces. */
    public int faceVectorSize() {
        return switch (faceEmbedder) {
            case FACEPLUGIN_512 -> 512;
            case MOBILEFACENET_128 -> 128;
            case CUSTOM -> faceDimension;
        };
    }
}
