package io.faalive.job.config;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Topics the job reads and writes (names are per deployment). */
public final class TopicOptions {

    private TopicOptions() {}

    public static final ConfigOption<String> TOPIC_CHUNKS = ConfigOptions.key("faa.topic.chunks")
            .stringType().defaultValue("media.chunks")
            .withDescription("Input topic of Avro MediaChunk records, keyed by streamId.");

    public static final ConfigOption<String> TOPIC_SUMMARIES = ConfigOptions.key("faa.topic.summaries")
            .stringType().defaultValue("media.summaries")
            .withDescription("Output topic of Avro ChunkSummary records (one per decoded chunk).");

    public static final ConfigOption<String> TOPIC_DEAD_LETTER = ConfigOptions.key("faa.topic.dead-letter")
            .stringType().defaultValue("media.deadletter")
            .withDescription("Topic of Avro DeadLetter records: every input the job could not process, with the reason.");

    public static final ConfigOption<Integer> TOPIC_PARTITIONS = ConfigOptions.key("faa.topic.partitions")
            .intType().defaultValue(4)
            .withDescription("Partitions of the topics that the tools (demo, broker, producer) create when missing.");

    public static final ConfigOption<String> TOPIC_PERCEPTION = ConfigOptions.key("faa.topic.perception")
            .stringType().defaultValue("perception.windows")
            .withDescription("Topic of the per-window perception records (Avro PerceptionWindow), the association stage's input.");

    public static final ConfigOption<String> TOPIC_SPEAKER_EVENTS = ConfigOptions.key("faa.topic.speaker-events")
            .stringType().defaultValue("speaker.events")
            .withDescription("Topic of the association's Avro SpeakerEvent and AssociationEvent records, keyed by streamId.");

    public static final ConfigOption<String> TOPIC_ENROLLMENTS = ConfigOptions.key("faa.topic.enrollments")
            .stringType().defaultValue("faa.enrollments")
            .withDescription("Compacted topic of Avro Enrollment records keyed by personId (a tombstone removes the person): the enrolled gallery, read from the beginning by every job.");

    public static final ConfigOption<String> TOPIC_SAMPLES = ConfigOptions.key("faa.topic.samples")
            .stringType().defaultValue("faa.samples")
            .withDescription("Topic of Avro HarvestedSample records, keyed by streamId: single-speaker segments as vectors, the unlabeled material bin/faa train learns from.");

    public static final ConfigOption<String> TOPIC_MODEL_UPDATES = ConfigOptions.key("faa.topic.model-updates")
            .stringType().defaultValue("faa.model-updates")
            .withDescription("Control topic of Avro ModelUpdate records (version, path, sha256): the running job loads and checks each in the background and switches to it, or dead-letters it with the reason and keeps its model.");

    /** Every topic the product reads or writes. */
    public static final List<ConfigOption<String>> ALL = List.of(TOPIC_CHUNKS, TOPIC_SUMMARIES, TOPIC_PERCEPTION, TOPIC_SPEAKER_EVENTS,
            TOPIC_DEAD_LETTER, TOPIC_ENROLLMENTS, TOPIC_SAMPLES, TOPIC_MODEL_UPDATES);

    static void validate(Rules r) {
        for (ConfigOption<String> topic : ALL) {
            r.require(r.get(topic).matches("[a-zA-Z0-9._-]{1,249}"), topic, "must be a Kafka topic name (letters, digits, '.', '_', '-')");
        }
        r.require(r.get(TOPIC_PARTITIONS) >= 1, TOPIC_PARTITIONS, "must be at least 1");
    }
}
