package io.faalive.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Faces: detector, landmarks, embedder and the quality gate before embedding. */
public final class FaceOptions {

    private FaceOptions() {}

    /** Face detectors. */
    public enum Detector { ULTRAFACE, YUNET, HAAR }

    /** Face embedding models. */
    public enum FaceEmbedder { FACEPLUGIN_512, MOBILEFACENET_128, CUSTOM }

    public static final ConfigOption<Detector> FACE_DETECTOR = ConfigOptions.key("faa.face.detector")
            .enumType(Detector.class).defaultValue(Detector.ULTRAFACE)
            .withDescription("Face detector: ULTRAFACE (registry pack), YUNET (OpenCV FaceDetectorYN, fixed 320x320 model) or HAAR (bundled cascade, last resort).");

    public static final ConfigOption<String> FACE_DETECTOR_MODEL = ConfigOptions.key("faa.face.detector.model")
            .stringType().noDefaultValue()
            .withDescription("Detector model file; unset uses the registry pack (UltraFace) or the fixture (YuNet), checked by sha256.");

    public static final ConfigOption<Double> FACE_DETECTOR_SCORE = ConfigOptions.key("faa.face.detector.score-threshold")
            .doubleType().defaultValue(0.7)
            .withDescription("Minimum detector confidence of a face.");

    public static final ConfigOption<String> FACE_LANDMARKS_MODEL = ConfigOptions.key("faa.face.landmarks.model")
            .stringType().noDefaultValue()
            .withDescription("68-point landmark model file; unset uses the registry pack's fr_landmark.onnx.");

    public static final ConfigOption<FaceEmbedder> FACE_EMBEDDER = ConfigOptions.key("faa.face.embedder")
            .enumType(FaceEmbedder.class).defaultValue(FaceEmbedder.FACEPLUGIN_512)
            .withDescription("Face embedding model: FACEPLUGIN_512 (registry pack), MOBILEFACENET_128 (fixture) or CUSTOM (faa.face.embedder.*).");

    public static final ConfigOption<String> FACE_EMBEDDER_MODEL = ConfigOptions.key("faa.face.embedder.model")
            .stringType().noDefaultValue()
            .withDescription("Face embedding model file (ONNX or TorchScript .pt); required for CUSTOM.");

    public static final ConfigOption<Integer> FACE_EMBEDDER_INPUT_SIZE = ConfigOptions.key("faa.face.embedder.input-size")
            .intType().defaultValue(112)
            .withDescription("CUSTOM face model: square input size in pixels (the aligned crop is resized to it).");

    public static final ConfigOption<Double> FACE_EMBEDDER_MEAN = ConfigOptions.key("faa.face.embedder.mean")
            .doubleType().defaultValue(127.5)
            .withDescription("CUSTOM face model: value subtracted from each 0-255 pixel.");

    public static final ConfigOption<Double> FACE_EMBEDDER_STD = ConfigOptions.key("faa.face.embedder.std")
            .doubleType().defaultValue(128.0)
            .withDescription("CUSTOM face model: divisor applied after the mean.");

    public static final ConfigOption<Boolean> FACE_EMBEDDER_RGB = ConfigOptions.key("faa.face.embedder.rgb")
            .booleanType().defaultValue(true)
            .withDescription("CUSTOM face model: channels in RGB order (false: BGR).");

    public static final ConfigOption<Integer> FACE_EMBEDDER_DIMENSION = ConfigOptions.key("faa.face.embedder.dimension")
            .intType().defaultValue(512)
            .withDescription("CUSTOM face model: size of its output vector (checked on first use).");

    public static final ConfigOption<Integer> FACE_MIN_SIZE = ConfigOptions.key("faa.face.min-size")
            .intType().defaultValue(32)
            .withDescription("Quality gate: smallest face side in analysis-frame pixels that is embedded.");

    public static final ConfigOption<Double> FACE_MAX_YAW = ConfigOptions.key("faa.face.max-yaw")
            .doubleType().defaultValue(0.45)
            .withDescription("Quality gate: largest nose offset from the eyes' midpoint, in inter-eye distances (0 = frontal).");

    public static final ConfigOption<Double> FACE_MIN_SHARPNESS = ConfigOptions.key("faa.face.min-sharpness")
            .doubleType().defaultValue(20.0)
            .withDescription("Quality gate: smallest variance of the Laplacian of the aligned crop (blur rejects).");

    static void validate(Rules r) {
        r.require(r.get(FACE_DETECTOR_SCORE) >= 0 && r.get(FACE_DETECTOR_SCORE) <= 1, FACE_DETECTOR_SCORE, "must be in [0, 1]");
        r.require(r.get(FACE_EMBEDDER) != FaceEmbedder.CUSTOM || r.get(FACE_EMBEDDER_MODEL) != null,
                FACE_EMBEDDER_MODEL, "must be set when faa.face.embedder is CUSTOM");
        r.require(r.get(FACE_EMBEDDER_INPUT_SIZE) >= 16 && r.get(FACE_EMBEDDER_INPUT_SIZE) <= 1024, FACE_EMBEDDER_INPUT_SIZE, "must be in [16, 1024]");
        r.require(r.get(FACE_EMBEDDER_STD) > 0, FACE_EMBEDDER_STD, "must be positive");
        r.require(r.get(FACE_EMBEDDER_DIMENSION) >= 1, FACE_EMBEDDER_DIMENSION, "must be at least 1");
        r.require(r.get(FACE_MIN_SIZE) >= 0, FACE_MIN_SIZE, "must not be negative");
        r.require(r.get(FACE_MAX_YAW) > 0, FACE_MAX_YAW, "must be positive");
        r.require(r.get(FACE_MIN_SHARPNESS) >= 0, FACE_MIN_SHARPNESS, "must not be negative");
    }
}
