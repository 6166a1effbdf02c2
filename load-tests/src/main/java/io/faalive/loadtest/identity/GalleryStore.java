package io.faalive.loadtest.identity;

import io.faalive.job.associate.GalleryFile;
import io.faalive.loadtest.kafka.Topics;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.Enrollment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Where {@code bin/faa enroll} keeps the gallery: a file, or the compacted enrollments topic (key: personId). */
public abstract class GalleryStore {

    /** The people enrolled now, by id. */
    public abstract Map<String, Enrollment> read() throws Exception;

    public abstract void put(Enrollment person) throws Exception;

    public abstract void delete(String personId) throws Exception;

    public static GalleryStore file(Path file) {
        return new GalleryStore() {
            @Override
            public Map<String, Enrollment> read() throws IOException {
                return GalleryFile.read(file);
            }

            @Override
            public void put(Enrollment person) throws IOException {
                Map<String, Enrollment> people = read();
                people.put(person.getPersonId().toString(), person);
                GalleryFile.write(file, new ArrayList<>(people.values()));
            }

            @Override
            public void delete(String personId) throws IOException {
                Map<String, Enrollment> people = read();
                people.remove(personId);
                GalleryFile.write(file, new ArrayList<>(people.values()));
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }

    /** The topic, read to its end for the current gallery; a deletion is a tombstone. */
    public static GalleryStore kafka(String bootstrap, String topic, Configuration conf) throws Exception {
        Topics.requireReachable(bootstrap);
        Topics.ensure(bootstrap, conf);
        AvroCodec<Enrollment> codec = AvroCodec.of(Enrollment.class);
        return new GalleryStore() {
            @Override
            public Map<String, Enrollment> read() {
                Properties props = new Properties();
                props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                Map<String, Enrollment> people = new LinkedHashMap<>();
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(topic, p.partition())).toList();
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                            String id = new String(r.key(), StandardCharsets.UTF_8);
                            if (r.value() == null) {
                                people.remove(id);
                                continue;
                            }
                            try {
                                Enrollment e = codec.decode(r.value());
                                if (e.getDeleted()) {
                                    people.remove(id);
                                } else {
                                    people.put(id, e);
                                }
                            } catch (io.faalive.schemas.RecordDecodeException bad) {
                                // not an enrollment: the job dead-letters it; it enrolls nobody
                            }
                        }
                    }
                }
                return people;
            }

            @Override
            public void put(Enrollment person) throws Exception {
                send(person.getPersonId().toString(), codec.encode(person));
            }

            @Override
            public void delete(String personId) throws Exception {
                send(personId, null);
            }

            private void send(String key, byte[] value) throws Exception {
                Properties props = new Properties();
                props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS);
                }
            }

            @Override
            public String toString() {
                return "topic " + topic + " at " + bootstrap;
            }
        };
    }
}
