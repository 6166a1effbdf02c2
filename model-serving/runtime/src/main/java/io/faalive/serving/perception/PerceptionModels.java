package io.faalive.serving.perception;

import ai.djl.Device;
import io.faalive.serving.audio.NetVoiceEmbedder;
import io.faalive.serving.audio.SileroVad;
import io.faalive.serving.audio.SpectralVoiceEmbedder;
import io.faalive.serving.audio.VoiceEmbedder;
import io.faalive.serving.runtime.KnownModel;
import io.faalive.serving.runtime.ModelFile;
import io.faalive.serving.runtime.NetModel;
import io.faalive.serving.speaker.XVectorEmbedder;
import io.faalive.serving.sync.LightAsdSync;
import io.faalive.serving.vision.FaceAnalyzer;
import io.faalive.serving.vision.FaceDetector;
import io.faalive.serving.vision.FaceEmbedder;
import io.faalive.serving.vision.HaarCascadeDetector;
import io.faalive.serving.vision.Landmarks68;
import io.faalive.serving.vision.NetFaceEmbedder;
import io.faalive.serving.vision.UltraFaceDetector;
import io.faalive.serving.vision.YuNetDetector;
import java.nio.file.Path;

/**
 * Builds the perception models a {@link PerceptionConfig} names. A configured path is used as
 * is (its existence checked); otherwise the known model's registry-pack or fixture file,
 * checked by sha256. Every failure names the file and what was expected.
 */
public final class PerceptionModels {

    private PerceptionModels() {}

    public static FaceAnalyzer faceAnalyzer(PerceptionConfig c) {
        FaceDetector detector = switch (c.detector()) {
            case ULTRAFACE -> new UltraFaceDetector(load(file(c.detectorModel(), KnownModel.ULTRAFACE), c), c.detectorScore(), 0.4f);
            case YUNET -> new YuNetDetector(file(c.detectorModel(), KnownModel.YUNET), Math.max(c.detectorScore(), 0.5f), 0.3f);
            case HAAR -> new HaarCascadeDetector();
        };
        try {
            return new FaceAnalyzer(detector, new Landmarks68(load(file(c.landmarksModel(), KnownModel.LANDMARKS_68), c)), c.quality());
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    public static FaceEmbedder faceEmbedder(PerceptionConfig c) {
        return switch (c.faceEmbedder()) {
            case FACEPLUGIN_512 -> new NetFaceEmbedder(load(file(c.faceModel(), KnownModel.FACE_512), c), NetFaceEmbedder.Spec.FACEPLUGIN_512);
            case MOBILEFACENET_128 -> new NetFaceEmbedder(load(file(c.faceModel(), KnownModel.MOBILEFACENET_128), c), NetFaceEmbedder.Spec.MOBILEFACENET_128);
            case CUSTOM -> {
                if (c.faceModel() == null) {
                    throw new IllegalArgumentException("a custom face embedder needs its model file (faa.face.embedder.model)");
                }
                yield new NetFaceEmbedder(load(ModelFile.unchecked(Path.of(c.faceModel())), c),
                        new NetFaceEmbedder.Spec(c.faceInputSize(), c.faceMean(), c.faceStd(), c.faceRgb(), c.faceDimension()));
            }
        };
    }

    public static SileroVad vad(PerceptionConfig c) {
        return new SileroVad(load(file(c.vadModel(), KnownModel.SILERO_VAD), c));
    }

    public static VoiceEmbedder voiceEmbedder(PerceptionConfig c) {
        return switch (c.voiceEmbedder()) {
            case XVECTOR -> c.voiceModel() == null || c.voiceModel().isBlank()
                    ? XVectorEmbedder.load(device(c.device()))
                    : XVectorEmbedder.load(Path.of(c.voiceModel()), device(c.device()));
            case SPECTRAL -> new SpectralVoiceEmbedder();
            case NETWORK -> {
                if (c.voiceModel() == null) {
                    throw new IllegalArgumentException("a network voice embedder needs its model file (faa.voice.embedder.model)");
                }
                yield new NetVoiceEmbedder(load(ModelFile.unchecked(Path.of(c.voiceModel())), c), c.voiceDimension());
            }
        };
    }

    public static LightAsdSync lightAsd(PerceptionConfig c) {
        NetModel network = load(file(c.asdModel(), KnownModel.LIGHT_ASD), c);
        try {
            return new LightAsdSync(network, load(file(c.asdHeadModel(), KnownModel.LIGHT_ASD_HEAD), c));
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** The DJL device: {@code cpu}, {@code gpu} (index 0) or {@code gpu:N}. */
    public static Device device(String spec) {
        if (spec == null || spec.equalsIgnoreCase("cpu")) {
            return Device.cpu();
        }
        if (spec.toLowerCase(java.util.Locale.ROOT).startsWith("gpu")) {
            return Device.gpu(spec.contains(":") ? Integer.parseInt(spec.substring(spec.indexOf(':') + 1)) : 0);
        }
        throw new IllegalArgumentException("unknown inference device '" + spec + "': use cpu, gpu or gpu:N");
    }

    private static ModelFile file(String configured, KnownModel fallback) {
        return configured == null || configured.isBlank() ? fallback.file() : ModelFile.unchecked(Path.of(configured));
    }

    private static NetModel load(ModelFile file, PerceptionConfig c) {
        return NetModel.load(file, device(c.device()), c.threads());
    }
}
