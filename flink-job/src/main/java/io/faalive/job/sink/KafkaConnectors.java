package io.faalive.job.sink;

import io.faalive.job.config.KafkaOptions;
import io.faalive.job.config.TopicOptions;
import io.faalive.job.source.RawRecord;
import io.faalive.job.source.RawRecordDeserializer;
import io.faalive.schemas.AssociationEvent;
import io.faalive.schemas.ChunkSummary;
import io.faalive.schemas.DeadLetter;
import io.faalive.schemas.HarvestedSample;
import io.faalive.schemas.MismatchAlert;
import io.faalive.schemas.PerceptionWindow;
import io.faalive.schemas.SpeakerEvent;
import java.nio.ByteBuffer;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The real Kafka source and sinks of the job, built from the option classes (io.faalive.job.config). */
public final class KafkaConnectors {

    private KafkaConnectors() {}

    public static KafkaSource<RawRecord> chunkSource(Configuration conf) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(conf.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setTopics(conf.get(TopicOptions.TOPIC_CHUNKS))
                .setGroupId(conf.get(KafkaOptions.GROUP_ID))
                .setStartingOffsets(startingOffsets(conf.get(KafkaOptions.STARTING_OFFSETS)))
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("max.partition.fetch.bytes", Long.toString(conf.get(KafkaOptions.MAX_REQUEST_SIZE).getBytes()))
                .setProperty("fetch.max.bytes", Long.toString(4 * conf.get(KafkaOptions.MAX_REQUEST_SIZE).getBytes()))
                .setProperty("partition.discovery.interval.ms", "30000")
                .build();
    }

    public static KafkaSink<ChunkSummary> summarySink(Configuration conf) {
        return sink(conf, AvroKafkaSerializer.keyedBy(conf.get(TopicOptions.TOPIC_SUMMARIES), ChunkSummary.class,
                ChunkSummary::getStreamId), "summaries");
    }

    public static KafkaSink<PerceptionWindow> perceptionSink(Configuration conf) {
        return sink(conf, AvroKafkaSerializer.keyedBy(conf.get(TopicOptions.TOPIC_PERCEPTION), PerceptionWindow.class,
                PerceptionWindow::getStreamId), "perception");
    }

    public static KafkaSink<SpeakerEvent> speakerEventSink(Configuration conf) {
        return sink(conf, AvroKafkaSerializer.keyedBy(conf.get(TopicOptions.TOPIC_SPEAKER_EVENTS), SpeakerEvent.class,
                SpeakerEvent::getStreamId), "speakers");
    }

    /** Bindings share the speaker-events topic (consumers dispatch on the schema fingerprint), with their own transactions. */
    public static KafkaSink<AssociationEvent> associationEventSink(Configuration conf) {
        return sink(conf, AvroKafkaSerializer.keyedBy(conf.get(TopicOptions.TOPIC_SPEAKER_EVENTS), AssociationEvent.class,
                AssociationEvent::getStreamId), "associations");
    }

    /** Mismatch alerts share the speaker-events topic too. */
    public static KafkaSink<MismatchAlert> mismatchAlertSink(Configuration conf) {
        return sink(conf, AvroKafkaSerializer.keyedBy(conf.get(TopicOptions.TOPIC_SPEAKER_EVENTS), MismatchAlert.class,
                MismatchAlert::getStreamId), "alerts");
    }

    public static KafkaSink<HarvestedSample> sampleSink(Configuration conf) {
        return sink(conf, AvroKafkaSerializer.keyedBy(conf.get(TopicOptions.TOPIC_SAMPLES), HarvestedSample.class,
                HarvestedSample::getStreamId), "samples");
    }

    /**
     * The enrolled gallery: the compacted enrollments topic, always from its beginning (the
     * gallery is its whole content), in a consumer group of its own.
     */
    public static KafkaSource<RawRecord> enrollmentSource(Configuration conf) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(conf.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setTopics(conf.get(TopicOptions.TOPIC_ENROLLMENTS))
                .setGroupId(conf.get(KafkaOptions.GROUP_ID) + "-enrollments")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("partition.discovery.interval.ms", "30000")
                .build();
    }

    /**
     * FAA model updates: the control topic, from its beginning, so that a fresh job starts from
     * the latest model requested (a restored one has the request in its state).
     */
    public static KafkaSource<RawRecord> modelUpdateSource(Configuration conf) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(conf.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setTopics(conf.get(TopicOptions.TOPIC_MODEL_UPDATES))
                .setGroupId(conf.get(KafkaOptions.GROUP_ID) + "-model-updates")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("partition.discovery.interval.ms", "30000")
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetterSink(Configuration conf) {
        return sink(conf, AvroKafkaSerializer.keyedByBytes(conf.get(TopicOptions.TOPIC_DEAD_LETTER), DeadLetter.class,
                d -> d.getSourceKey() == null ? null : bytes(d.getSourceKey())), "deadletter");
    }

    private static <T extends SpecificRecord> KafkaSink<T> sink(Configuration conf,
            KafkaRecordSerializationSchema<T> serializer, String name) {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Long.toString(conf.get(KafkaOptions.MAX_REQUEST_SIZE).getBytes()));
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        boolean exactlyOnce = conf.get(KafkaOptions.DELIVERY) == KafkaOptions.Delivery.EXACTLY_ONCE;
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(conf.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(props)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
        if (exactlyOnce) {
            builder.setTransactionalIdPrefix(conf.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX) + "-" + name);
        }
        return builder.build();
    }

    private static OffsetsInitializer startingOffsets(KafkaOptions.StartingOffsets offsets) {
        return switch (offsets) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case COMMITTED_OR_LATEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST);
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
