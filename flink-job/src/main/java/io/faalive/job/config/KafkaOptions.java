package io.faalive.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Kafka: where the job reads and writes, and how events are delivered. */
public final class KafkaOptions {

    private KafkaOptions() {}

    /** Where to start reading the chunk topic when the group has no committed offset. */
    public enum StartingOffsets { EARLIEST, LATEST, COMMITTED_OR_EARLIEST, COMMITTED_OR_LATEST }

    /** How events reach Kafka. */
    public enum Delivery { AT_LEAST_ONCE, EXACTLY_ONCE }

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

    /** Headroom a dead letter needs beside the bytes it carries (topic, reason, key, Avro framing). */
    public static final long DEAD_LETTER_HEADROOM_BYTES = 64 * 1024;

    static void validate(Rules r) {
        r.require(!r.get(BOOTSTRAP_SERVERS).isBlank(), BOOTSTRAP_SERVERS, "must not be empty");
        r.require(!r.get(GROUP_ID).isBlank(), GROUP_ID, "must not be empty");
        r.require(!r.get(TRANSACTIONAL_ID_PREFIX).isBlank(), TRANSACTIONAL_ID_PREFIX, "must not be empty");
        r.require(r.get(MAX_REQUEST_SIZE).getBytes() > 2 * DEAD_LETTER_HEADROOM_BYTES, MAX_REQUEST_SIZE, "must be more than 128 kb");
    }
}
