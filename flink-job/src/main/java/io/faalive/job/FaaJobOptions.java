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
    }

    private static void require(boolean ok, ConfigOption<?> option, Configuration conf, String rule) {
        if (!ok) {
            throw new IllegalConfigurationException(
                    "Invalid value '" + conf.get(option) + "' for " + option.key() + ": " + rule + ". ("
                            + option.description().toString().replaceAll("^Description\\{|}$", "") + ")");
        }
    }
}
