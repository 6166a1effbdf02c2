package io.faalive.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Decoding chunks with FFmpeg: analysis frame rate and size, limits. */
public final class DecodeOptions {

    private DecodeOptions() {}

    public static final ConfigOption<Double> ANALYSIS_FPS = ConfigOptions.key("faa.decode.analysis-fps")
            .doubleType().defaultValue(5.0)
            .withDescription("Video frames per second kept for analysis; the others are decoded and dropped.");

    public static final ConfigOption<Double> MOTION_FPS = ConfigOptions.key("faa.decode.motion-fps")
            .doubleType().defaultValue(25.0)
            .withDescription("Gray frames per second (at most the source rate) from which the mouth motion of every face is measured for the sync cue; 0 measures the mouth aperture on analysis frames instead.");

    public static final ConfigOption<Integer> FRAME_WIDTH = ConfigOptions.key("faa.decode.frame-width")
            .intType().defaultValue(640)
            .withDescription("Width of analysis frames in pixels; 0 keeps the source width.");

    public static final ConfigOption<Integer> FRAME_HEIGHT = ConfigOptions.key("faa.decode.frame-height")
            .intType().defaultValue(0)
            .withDescription("Height of analysis frames in pixels; 0 keeps the source aspect ratio.");

    public static final ConfigOption<Double> MIN_DECODED_FRACTION = ConfigOptions.key("faa.decode.min-decoded-fraction")
            .doubleType().defaultValue(0.8)
            .withDescription("A chunk whose decoded media covers less than this fraction of its declared duration is dead-lettered as truncated.");

    public static final ConfigOption<MemorySize> MAX_CHUNK_SIZE = ConfigOptions.key("faa.decode.max-chunk-size")
            .memoryType().defaultValue(MemorySize.parse("7mb"))
            .withDescription("Chunks with a larger payload are dead-lettered instead of decoded; must leave 64 kb under faa.kafka.max-request-size so the dead letter can carry them.");

    public static final ConfigOption<Integer> DECODER_THREADS = ConfigOptions.key("faa.decode.threads")
            .intType().defaultValue(1)
            .withDescription("FFmpeg threads per decoder; scale with parallelism instead on shared machines.");

    /** The PCM rate the decoder produces: the VAD and every voice model expect 16 kHz. */
    public static final int SAMPLE_RATE = 16_000;

    static void validate(Rules r) {
        r.require(r.get(ANALYSIS_FPS) > 0 && r.get(ANALYSIS_FPS) <= 120, ANALYSIS_FPS, "must be in (0, 120]");
        r.require(r.get(MOTION_FPS) >= 0 && r.get(MOTION_FPS) <= 120, MOTION_FPS, "must be in [0, 120]");
        r.require(r.get(FRAME_WIDTH) >= 0 && r.get(FRAME_WIDTH) % 2 == 0, FRAME_WIDTH, "must be 0 or an even number of pixels");
        r.require(r.get(FRAME_HEIGHT) >= 0 && r.get(FRAME_HEIGHT) % 2 == 0, FRAME_HEIGHT, "must be 0 or an even number of pixels");
        double fraction = r.get(MIN_DECODED_FRACTION);
        r.require(fraction >= 0 && fraction <= 1, MIN_DECODED_FRACTION, "must be in [0, 1]");
        r.require(r.get(DECODER_THREADS) >= 1 && r.get(DECODER_THREADS) <= 64, DECODER_THREADS, "must be in [1, 64]");
        long chunk = r.get(MAX_CHUNK_SIZE).getBytes();
        long request = r.get(KafkaOptions.MAX_REQUEST_SIZE).getBytes();
        r.require(chunk > 0, MAX_CHUNK_SIZE, "must be positive");
        // a rejected chunk travels whole in its dead letter: it must fit one producer request
        r.require(chunk + KafkaOptions.DEAD_LETTER_HEADROOM_BYTES <= request, MAX_CHUNK_SIZE,
                "must leave 64 kb under faa.kafka.max-request-size (" + r.written(KafkaOptions.MAX_REQUEST_SIZE)
                        + ") so that a rejected chunk fits its dead letter");
    }
}
