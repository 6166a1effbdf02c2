package io.faalive.loadtest.bench;

import io.faalive.loadtest.kafka.SpeakerTopic;
import io.faalive.schemas.SpeakerEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the speaker events of a load run as they are written and keeps, per stream, when each
 * was written (its emitTimeMs, set as it goes to the sink: the Kafka record's own timestamp is
 * the event's media time, as Flink's sink writes it) and the media time its span ends at, and the
 * furthest span end so far, from which a step's latencies and lag are computed.
 */
final class EventClock implements Runnable, AutoCloseable {

    /** One speaker event: its stream, the end of the media span it describes, when it was written. */
    record Seen(String streamId, long spanEndMs, long writtenMs) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Seen> seen = new ArrayList<>();
    private final Map<String, Long> furthest = new ConcurrentHashMap<>();
    private volatile long lastEventMs = System.currentTimeMillis();

    EventClock(String bootstrap, String topic) {
        Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "faa-bench-" + System.nanoTime());
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        consumer.subscribe(List.of(topic));
    }

    @Override
    public void run() {
        SpeakerTopic records = new SpeakerTopic();
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        if (records.decode(r.value()) instanceof SpeakerEvent e) {
                            String stream = e.getStreamId().toString();
                            synchronized (seen) {
                                seen.add(new Seen(stream, e.getEndTsMs(), e.getEmitTimeMs()));
                            }
                            furthest.merge(stream, e.getEndTsMs(), Math::max);
                            lastEventMs = System.currentTimeMillis();
                        }
                    } catch (io.faalive.schemas.RecordDecodeException ignored) {
                        // not a record of this build: not an event to time
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // close()
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The events seen so far of streams whose id starts with {@code prefix}. */
    List<Seen> events(String prefix) {
        synchronized (seen) {
            return seen.stream().filter(s -> s.streamId().startsWith(prefix)).toList();
        }
    }

    /** The furthest span end (media ms) of a stream, or null before its first event. */
    Long furthest(String streamId) {
        return furthest.get(streamId);
    }

    /** Waits until no event has come for {@code quietMs} (the job has worked off what it was sent), at most {@code maxMs}. */
    void awaitQuiet(long quietMs, long maxMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMs;
        while (System.currentTimeMillis() - lastEventMs < quietMs && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
