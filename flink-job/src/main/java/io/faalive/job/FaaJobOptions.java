package io.faalive.job;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.MemorySize;

/**
 * Every setting of the Flink job: a typed option with a default and a description.
 * Pass them as {@code --faa.decode.analysis-fps 5} to the main class or put them in
 * the Flink configuration.
 */
public final class FaaJobOptions {

    private FaaJobOptions() {}

    /** Where to start reading the chunk topic when the group has no committed offset. */
    public enum StartingOffsets { EARLIEST, LATEST, COMMITTED_OR_EARLIEST, COMMITTED_OR_LATEST }

    /** How events reach Kafka. */
    public enum Delivery { AT_LEAST_ONCE, EXACTLY_ONCE }

    // ---- Kafka ----

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("faa.kafka.bootstrap-servers")
            .stringType().defaultValue("localhost:9092")
            .withDescription("Kafka bootstrap servers for every topic the job reads and writes.");

    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("faa.kafka.group-id")
            .stringType().defaultValue("faa-live")
            .withDescription("Consumer group id of the chunk source (offsets are committed on checkpoints).");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS = ConfigOptions.key("faa.kafka.starting-offsets")
            .enumType(StartingOffsets.class).defaultValue(StartingOffsets.COMMITTED_OR_LATEST)
            .withDescription("Where the chunk source starts: a live system normally resumes committed offsets, else the tail.");

    public static final ConfigOption<Delivery> DELIVERY = ConfigOptions.key("faa.kafka.delivery")
            .enumType(Delivery.class).defaultValue(Delivery.AT_LEAST_ONCE)
            .withDescription("AT_LEAST_ONCE (low latency, idempotent event keys) or EXACTLY_ONCE (events visible at checkpoints).");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("faa.kafka.transactional-id-prefix")
            .stringType().defaultValue("faa-live")
            .withDescription("Prefix of Kafka transactional ids when delivery is EXACTLY_ONCE; unique per job.");

    public static final ConfigOption<MemorySize> MAX_REQUEST_SIZE = ConfigOptions.key("faa.kafka.max-request-size")
            .memoryType().defaultValue(MemorySize.parse("8mb"))
            .withDescription("Largest record the job's producers send (dead letters carry whole chunks).");

    // ---- Topics ----

    public static final ConfigOption<String> TOPIC_CHUNKS = ConfigOptions.key("faa.topic.chunks")
            .stringType().defaultValue("media.chunks")
            .withDescription("Input topic of Avro MediaChunk records, keyed by streamId.");

    public static final ConfigOption<String> TOPIC_SUMMARIES = ConfigOptions.key("faa.topic.summaries")
            .stringType().defaultValue("media.summaries")
            .withDescription("Output topic of Avro ChunkSummary records (one per decoded chunk).");

    public static final ConfigOption<String> TOPIC_SPEAKER_EVENTS = ConfigOptions.key("faa.topic.speaker-events")
            .stringType().defaultValue("speaker.events")
            .withDescription("Output topic of SpeakerEvent, AssociationEvent and MismatchAlert records.");

    public static final ConfigOption<String> TOPIC_DEAD_LETTER = ConfigOptions.key("faa.topic.dead-letter")
            .stringType().defaultValue("media.deadletter")
            .withDescription("Topic of Avro DeadLetter records: every input the job could not process, with the reason.");

    public static final ConfigOption<String> TOPIC_ENROLLMENTS = ConfigOptions.key("faa.topic.enrollments")
            .stringType().defaultValue("faa.enrollments")
            .withDescription("Compacted topic of Enrollment records (the gallery of known people).");

    public static final ConfigOption<String> TOPIC_SAMPLES = ConfigOptions.key("faa.topic.samples")
            .stringType().defaultValue("faa.samples")
            .withDescription("Topic of HarvestedSample records (unlabeled training material).");

    public static final ConfigOption<Integer> TOPIC_PARTITIONS = ConfigOptions.key("faa.topic.partitions")
            .intType().defaultValue(4)
            .withDescription("Partitions of the topics that the tools (demo, broker, producer) create when missing.");

    // ---- Decode ----

    public static final ConfigOption<Double> ANALYSIS_FPS = ConfigOptions.key("faa.decode.analysis-fps")
            .doubleType().defaultValue(5.0)
            .withDescription("Video frames per second kept for analysis; the others are decoded and dropped.");

    public static final ConfigOption<Integer> FRAME_WIDTH = ConfigOptions.key("faa.decode.frame-width")
            .intType().defaultValue(640)
            .withDescription("Width of analysis frames in pixels; 0 keeps the source width.");

    public static final ConfigOption<Integer> FRAME_HEIGHT = ConfigOptions.key("faa.decode.frame-height")
            .intType().defaultValue(0)
            .withDescription("Height of analysis frames in pixels; 0 keeps the source aspect ratio.");

    public static final ConfigOption<Integer> AUDIO_SAMPLE_RATE = ConfigOptions.key("faa.decode.audio-sample-rate")
            .intType().defaultValue(16000)
            .withDescription("Sample rate of the mono PCM the decoder produces (the VAD and voice models expect 16000).");

    public static final ConfigOption<Double> MIN_DECODED_FRACTION = ConfigOptions.key("faa.decode.min-decoded-fraction")
            .doubleType().defaultValue(0.8)
            .withDescription("A chunk whose decoded media covers less than this fraction of its declared duration is dead-lettered as truncated.");

    public static final ConfigOption<MemorySize> MAX_CHUNK_SIZE = ConfigOptions.key("faa.decode.max-chunk-size")
            .memoryType().defaultValue(MemorySize.parse("16mb"))
            .withDescription("Chunks with a larger payload are dead-lettered instead of decoded.");

    public static final ConfigOption<Integer> DECODER_THREADS = ConfigOptions.key("faa.decode.threads")
            .intType().defaultValue(1)
            .withDescription("FFmpeg threads per decoder; scale with parallelism instead on shared machines.");

    // ---- Time and state ----

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("faa.watermark.out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(2))
            .withDescription("How late a chunk may arrive, in media time, and still be in order for windows.");

    public static final ConfigOption<Duration> IDLE_TIMEOUT = ConfigOptions.key("faa.watermark.idle-timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("A source split without chunks for this long stops holding the watermark back.");

    public static final ConfigOption<Duration> STREAM_STATE_TTL = ConfigOptions.key("faa.state.stream-ttl")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("Per-stream state is dropped after a stream has been silent this long.");

    /** Fails with a readable message when a value is out of range. */
    // ---- Perception: faces ----

    /** Face detectors. */
    public enum Detector { ULTRAFACE, YUNET, HAAR }

    /** Face embedding models. */
    public enum FaceEmbedder { FACEPLUGIN_512, MOBILEFACENET_128, CUSTOM }

    /** Voice embedders. */
    public enum VoiceEmbedder { XVECTOR, SPECTRAL, NETWORK }

    /** Audio-visual sync cues. */
    public enum SyncCue { ENVELOPE, LIGHT_ASD }

    public static final ConfigOption<String> TOPIC_PERCEPTION = ConfigOptions.key("faa.topic.perception")
            .stringType().defaultValue("perception.windows")
            .withDescription("Topic of the per-window perception records (Avro PerceptionWindow), the association stage's input.");

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

    // ---- Perception: tracking ----

    public static final ConfigOption<Double> TRACK_IOU = ConfigOptions.key("faa.track.iou-threshold")
            .doubleType().defaultValue(0.3)
            .withDescription("Smallest box overlap (IoU) that continues a track from one analysis frame to the next.");

    public static final ConfigOption<Duration> TRACK_MAX_GAP = ConfigOptions.key("faa.track.max-gap")
            .durationType().defaultValue(Duration.ofMillis(1500))
            .withDescription("How long a track survives without detections; within it the face embedding can re-attach a face to its track.");

    public static final ConfigOption<Double> TRACK_BRIDGE_SIMILARITY = ConfigOptions.key("faa.track.bridge-similarity")
            .doubleType().defaultValue(0.5)
            .withDescription("Smallest face-embedding cosine that re-attaches a non-overlapping face to a recently lost track.");

    // ---- Perception: audio ----

    public static final ConfigOption<String> VAD_MODEL = ConfigOptions.key("faa.vad.model")
            .stringType().noDefaultValue()
            .withDescription("Silero VAD model file; unset uses the registry pack's silero_vad.onnx.");

    public static final ConfigOption<Double> VAD_THRESHOLD = ConfigOptions.key("faa.vad.threshold")
            .doubleType().defaultValue(0.5)
            .withDescription("Speech probability that starts a speech segment (it ends below threshold - 0.15).");

    public static final ConfigOption<Duration> VAD_HANGOVER = ConfigOptions.key("faa.vad.hangover")
            .durationType().defaultValue(Duration.ofMillis(300))
            .withDescription("Silence needed to end a speech segment.");

    public static final ConfigOption<Duration> VAD_MIN_SPEECH = ConfigOptions.key("faa.vad.min-speech")
            .durationType().defaultValue(Duration.ofMillis(250))
            .withDescription("Shortest speech segment kept.");

    public static final ConfigOption<Duration> WINDOW_LENGTH = ConfigOptions.key("faa.window.length")
            .durationType().defaultValue(Duration.ofMillis(1500))
            .withDescription("Length of the analysis windows (voice embedding, sync).");

    public static final ConfigOption<Duration> WINDOW_HOP = ConfigOptions.key("faa.window.hop")
            .durationType().defaultValue(Duration.ofMillis(500))
            .withDescription("Hop between analysis windows: one perception record per stream per hop.");

    public static final ConfigOption<Double> WINDOW_MIN_SPEECH_SHARE = ConfigOptions.key("faa.window.min-speech-share")
            .doubleType().defaultValue(0.5)
            .withDescription("Share of a window that must be speech for it to count as speech and get a voice vector.");

    public static final ConfigOption<VoiceEmbedder> VOICE_EMBEDDER = ConfigOptions.key("faa.voice.embedder")
            .enumType(VoiceEmbedder.class).defaultValue(VoiceEmbedder.XVECTOR)
            .withDescription("Voice embedder: XVECTOR (Kaldi's 128-d x-vector speaker network, registry pack), SPECTRAL (the project's own 64-d MFCC + pitch statistics) or NETWORK (an ONNX/TorchScript file with the ECAPA contract).");

    public static final ConfigOption<String> VOICE_EMBEDDER_MODEL = ConfigOptions.key("faa.voice.embedder.model")
            .stringType().noDefaultValue()
            .withDescription("NETWORK: the model file (input [1,T,80] log filter bank, output [1,D]); XVECTOR: a folder laid out as vosk-model-spk-0.4 instead of the registry pack.");

    public static final ConfigOption<Integer> VOICE_EMBEDDER_DIMENSION = ConfigOptions.key("faa.voice.embedder.dimension")
            .intType().defaultValue(192)
            .withDescription("NETWORK voice model: size of its output vector (checked on first use).");

    // ---- Perception: sync and inference ----

    public static final ConfigOption<SyncCue> SYNC_CUE = ConfigOptions.key("faa.sync.cue")
            .enumType(SyncCue.class).defaultValue(SyncCue.ENVELOPE)
            .withDescription("Audio-visual sync cue: ENVELOPE (mouth aperture vs speech energy correlation) or LIGHT_ASD (fixture model; wants faa.decode.analysis-fps 25).");

    public static final ConfigOption<String> SYNC_ASD_MODEL = ConfigOptions.key("faa.sync.light-asd.model")
            .stringType().noDefaultValue()
            .withDescription("Light-ASD network file; unset uses the fixture lightASD.onnx.");

    public static final ConfigOption<String> SYNC_ASD_HEAD = ConfigOptions.key("faa.sync.light-asd.head")
            .stringType().noDefaultValue()
            .withDescription("Light-ASD classifier head file; unset uses the fixture lossAV.onnx.");

    public static final ConfigOption<String> INFERENCE_DEVICE = ConfigOptions.key("faa.inference.device")
            .stringType().defaultValue("cpu")
            .withDescription("Where models run: cpu, gpu (the index of Flink's 'gpu' external resource when present, else 0) or gpu:N.");

    public static final ConfigOption<Integer> INFERENCE_THREADS = ConfigOptions.key("faa.inference.threads")
            .intType().defaultValue(1)
            .withDescription("Intra-op threads of each model on CPU; Flink, Kafka and decoding share the same cores.");

    public static final ConfigOption<Integer> INFERENCE_MAX_BATCH = ConfigOptions.key("faa.inference.max-batch")
            .intType().defaultValue(32)
            .withDescription("Largest batch of embedding requests per model call (maxBatch).");

    public static final ConfigOption<Duration> INFERENCE_MAX_DELAY = ConfigOptions.key("faa.inference.max-delay")
            .durationType().defaultValue(Duration.ofMillis(10))
            .withDescription("Longest a request waits for its batch to fill (maxDelay).");

    public static final ConfigOption<Duration> INFERENCE_TIMEOUT = ConfigOptions.key("faa.inference.timeout")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("Async embedding timeout per chunk; a chunk that times out continues without vectors and is counted.");

    public static void validate(Configuration conf) {
        require(conf.get(ANALYSIS_FPS) > 0 && conf.get(ANALYSIS_FPS) <= 120, ANALYSIS_FPS, conf, "must be in (0, 120]");
        require(conf.get(FRAME_WIDTH) >= 0 && conf.get(FRAME_WIDTH) % 2 == 0, FRAME_WIDTH, conf, "must be 0 or an even number of pixels");
        require(conf.get(FRAME_HEIGHT) >= 0 && conf.get(FRAME_HEIGHT) % 2 == 0, FRAME_HEIGHT, conf, "must be 0 or an even number of pixels");
        require(conf.get(AUDIO_SAMPLE_RATE) >= 8000 && conf.get(AUDIO_SAMPLE_RATE) <= 48000, AUDIO_SAMPLE_RATE, conf, "must be in [8000, 48000]");
        double fraction = conf.get(MIN_DECODED_FRACTION);
        require(fraction >= 0 && fraction <= 1, MIN_DECODED_FRACTION, conf, "must be in [0, 1]");
        require(conf.get(MAX_CHUNK_SIZE).getBytes() > 0, MAX_CHUNK_SIZE, conf, "must be positive");
        require(conf.get(DECODER_THREADS) >= 1 && conf.get(DECODER_THREADS) <= 64, DECODER_THREADS, conf, "must be in [1, 64]");
        require(conf.get(TOPIC_PARTITIONS) >= 1, TOPIC_PARTITIONS, conf, "must be at least 1");
        require(!conf.get(BOOTSTRAP_SERVERS).isBlank(), BOOTSTRAP_SERVERS, conf, "must not be empty");
        require(!conf.get(OUT_OF_ORDERNESS).isNegative(), OUT_OF_ORDERNESS, conf, "must not be negative");
        // enum options fail here, with their key, when their value names no constant
        conf.get(STARTING_OFFSETS);
        conf.get(DELIVERY);
        conf.get(FACE_DETECTOR);
        conf.get(SYNC_CUE);
        require(unit(conf.get(FACE_DETECTOR_SCORE)), FACE_DETECTOR_SCORE, conf, "must be in [0, 1]");
        require(conf.get(FACE_EMBEDDER) != FaceEmbedder.CUSTOM || conf.getOptional(FACE_EMBEDDER_MODEL).isPresent(),
                FACE_EMBEDDER_MODEL, conf, "must be set when faa.face.embedder is CUSTOM");
        require(conf.get(FACE_EMBEDDER_INPUT_SIZE) >= 16 && conf.get(FACE_EMBEDDER_INPUT_SIZE) <= 1024, FACE_EMBEDDER_INPUT_SIZE, conf, "must be in [16, 1024]");
        require(conf.get(FACE_EMBEDDER_STD) > 0, FACE_EMBEDDER_STD, conf, "must be positive");
        require(conf.get(FACE_EMBEDDER_DIMENSION) >= 1, FACE_EMBEDDER_DIMENSION, conf, "must be at least 1");
        require(conf.get(FACE_MIN_SIZE) >= 0, FACE_MIN_SIZE, conf, "must not be negative");
        require(conf.get(FACE_MAX_YAW) > 0, FACE_MAX_YAW, conf, "must be positive");
        require(unit(conf.get(TRACK_IOU)) && conf.get(TRACK_IOU) > 0, TRACK_IOU, conf, "must be in (0, 1]");
        require(!conf.get(TRACK_MAX_GAP).isNegative(), TRACK_MAX_GAP, conf, "must not be negative");
        require(conf.get(TRACK_BRIDGE_SIMILARITY) >= -1 && conf.get(TRACK_BRIDGE_SIMILARITY) <= 1, TRACK_BRIDGE_SIMILARITY, conf, "must be in [-1, 1]");
        require(conf.get(VAD_THRESHOLD) > 0.15 && conf.get(VAD_THRESHOLD) < 1, VAD_THRESHOLD, conf, "must be in (0.15, 1)");
        require(conf.get(WINDOW_LENGTH).toMillis() >= 200 && conf.get(WINDOW_LENGTH).toMillis() <= 10_000, WINDOW_LENGTH, conf, "must be in [200 ms, 10 s]");
        require(conf.get(WINDOW_HOP).toMillis() >= 50 && conf.get(WINDOW_HOP).compareTo(conf.get(WINDOW_LENGTH)) <= 0, WINDOW_HOP, conf, "must be at least 50 ms and at most the window length");
        require(unit(conf.get(WINDOW_MIN_SPEECH_SHARE)), WINDOW_MIN_SPEECH_SHARE, conf, "must be in [0, 1]");
        require(conf.get(VOICE_EMBEDDER) != VoiceEmbedder.NETWORK || conf.getOptional(VOICE_EMBEDDER_MODEL).isPresent(),
                VOICE_EMBEDDER_MODEL, conf, "must be set when faa.voice.embedder is NETWORK");
        require(conf.get(INFERENCE_DEVICE).matches("(?i)cpu|gpu(:\\d+)?"), INFERENCE_DEVICE, conf, "must be cpu, gpu or gpu:N");
        require(conf.get(INFERENCE_THREADS) >= 1 && conf.get(INFERENCE_THREADS) <= 64, INFERENCE_THREADS, conf, "must be in [1, 64]");
        require(conf.get(INFERENCE_MAX_BATCH) >= 1 && conf.get(INFERENCE_MAX_BATCH) <= 4096, INFERENCE_MAX_BATCH, conf, "must be in [1, 4096]");
        require(!conf.get(INFERENCE_MAX_DELAY).isNegative(), INFERENCE_MAX_DELAY, conf, "must not be negative");
        require(conf.get(INFERENCE_TIMEOUT).toMillis() > 0, INFERENCE_TIMEOUT, conf, "must be positive");
    }

    private static boolean unit(double v) {
        return v >= 0 && v <= 1;
    }

    private static void require(boolean ok, ConfigOption<?> option, Configuration conf, String rule) {
        if (!ok) {
            throw new IllegalConfigurationException(
                    "Invalid value '" + conf.get(option) + "' for " + option.key() + ": " + rule + ". ("
                            + option.description().toString().replaceAll("^Description\\{|}$", "") + ")");
        }
    }
}
