package io.faalive.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Model inference: device, threads and batching of the shared model instances. */
public final class InferenceOptions {

    private InferenceOptions() {}

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

    static void validate(Rules r) {
        r.require(r.get(INFERENCE_DEVICE).matches("(?i)cpu|gpu(:\\d+)?"), INFERENCE_DEVICE, "must be cpu, gpu or gpu:N");
        r.require(r.get(INFERENCE_THREADS) >= 1 && r.get(INFERENCE_THREADS) <= 64, INFERENCE_THREADS, "must be in [1, 64]");
        r.require(r.get(INFERENCE_MAX_BATCH) >= 1 && r.get(INFERENCE_MAX_BATCH) <= 4096, INFERENCE_MAX_BATCH, "must be in [1, 4096]");
        r.require(!r.get(INFERENCE_MAX_DELAY).isNegative(), INFERENCE_MAX_DELAY, "must not be negative");
        r.require(r.get(INFERENCE_TIMEOUT).toMillis() > 0, INFERENCE_TIMEOUT, "must be positive");
    }
}
