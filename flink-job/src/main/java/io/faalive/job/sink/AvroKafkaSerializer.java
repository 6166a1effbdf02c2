package io.faalive.job.sink;

import io.faalive.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;

/** Writes a generated Avro record as single-object encoded bytes, keyed by a field of the record. */
public final class AvroKafkaSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final AvroCodec<T> codec;
    private final SerializableFunction<T, byte[]> key;

    private AvroKafkaSerializer(String topic, Class<T> type, SerializableFunction<T, byte[]> key) {
        this.topic = topic;
        this.codec = AvroCodec.of(type);
        this.key = key;
    }

    /** Keyed by a string field, e.g. the streamId, so one stream's records stay in order on one partition. */
    public static <T extends SpecificRecord> AvroKafkaSerializer<T> keyedBy(String topic, Class<T> type,
            SerializableFunction<T, String> key) {
        return new AvroKafkaSerializer<>(topic, type, r -> {
            String k = key.apply(r);
            return k == null ? null : k.getBytes(StandardCharsets.UTF_8);
        });
    }

    /** Keyed by raw bytes, e.g. a dead letter keeps its original key. */
    public static <T extends SpecificRecord> AvroKafkaSerializer<T> keyedByBytes(String topic, Class<T> type,
            SerializableFunction<T, byte[]> key) {
        return new AvroKafkaSerializer<>(topic, type, key);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, key.apply(element), codec.encode(element));
    }
}
