package io.faalive.loadtest;

import io.faalive.loadtest.kafka.Topics;
import io.faalive.loadtest.media.EncodedChunk;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.MediaChunk;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes M live streams of {@link MediaChunk}s built from one list of encoded chunks,
 * each at {@code speed} times real time (0 = as fast as possible). A chunk is sent when
 * its media has ended on the stream's clock, as a live encoder would. Streams are
 * staggered within one chunk so they do not all publish in the same millisecond.
 */
public final class StreamPublisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private volatile long wallStart;
    private final String topic;
    private final AvroCodec<MediaChunk> codec = AvroCodec.of(MediaChunk.class);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean stopped = new AtomicBoolean();

    public StreamPublisher(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES));
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "2");
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "faa-stream-publisher");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** What to publish. {@code loops} = 0 repeats the chunks until {@link #stop()}. */
    public record Plan(List<EncodedChunk> chunks, int streams, double speed, int loops, String streamPrefix) {}

    /** Publishes the plan on the calling thread; returns when done or stopped. */
    public void run(Plan plan) throws InterruptedException {
        if (plan.chunks().isEmpty() || plan.streams() < 1) {
            throw new IllegalArgumentException("Nothing to publish: " + plan.chunks().size() + " chunks, " + plan.streams() + " streams");
        }
        long loopMs = plan.chunks().stream().mapToLong(c -> c.offsetMs() + c.durationMs()).max().orElseThrow();
        long wallStart = System.currentTimeMillis();
        this.wallStart = wallStart;
        PriorityQueue<Cursor> due = new PriorityQueue<>((a, b) -> Long.compare(a.dueMs, b.dueMs));
        int chunkMs = plan.chunks().get(0).durationMs();
        for (int s = 0; s < plan.streams(); s++) {
            Cursor c = new Cursor(plan.streamPrefix() + s, wallStart, wallStart + (long) s * chunkMs / plan.streams());
            c.schedule(plan, loopMs);
            due.add(c);
        }
        while (!due.isEmpty() && !stopped.get()) {
            Cursor c = due.poll();
            long wait = c.dueMs - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            publish(c, plan, loopMs);
            c.seq++;
            if (plan.loops() == 0 || c.seq < (long) plan.loops() * plan.chunks().size()) {
                c.schedule(plan, loopMs);
                due.add(c);
            }
        }
        producer.flush();
    }

    private void publish(Cursor c, Plan plan, long loopMs) {
        int n = plan.chunks().size();
        EncodedChunk chunk = plan.chunks().get((int) (c.seq % n));
        long loop = c.seq / n;
        MediaChunk record = MediaChunk.newBuilder()
                .setStreamId(c.streamId)
                .setSeq(c.seq)
                .setStartTsMs(c.mediaEpochMs + loop * loopMs + chunk.offsetMs())
                .setDurationMs(chunk.durationMs())
                .setContainer(chunk.container())
                .setVideoCodec(chunk.videoCodec())
                .setAudioCodec(chunk.audioCodec())
                .setPayload(ByteBuffer.wrap(chunk.payload()))
                .setProducerTimeMs(System.currentTimeMillis())
                .build();
        send(c.streamId, codec.encode(record));
    }

    /** Sends any bytes keyed by a stream id: also how tests and the demo inject bad records. */
    public void send(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value),
                (metadata, error) -> (error == null ? sent : failed).incrementAndGet());
    }

    public void flush() {
        producer.flush();
    }

    /**
     * When stream {@code index} of {@code streams} (of the plan running) has its media at
     * {@code mediaTsMs} on air: its chunks carry media times from the run's start, and stream s
     * starts s/streams of a chunk later, so streams do not all send at once.
     */
    public long onAirMs(long mediaTsMs, int index, int streams, int chunkMs, double speed) {
        long origin = wallStart + (long) index * chunkMs / streams;
        return origin + Math.round((mediaTsMs - wallStart) / speed);
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public void stop() {
        stopped.set(true);
    }

    public boolean isStopped() {
        return stopped.get();
    }

    @Override
    public void close() {
        stop();
        producer.close();
    }

    private static final class Cursor {
        final String streamId;
        final long mediaEpochMs;
        final long wallOriginMs;
        long seq;
        long dueMs;

        Cursor(String streamId, long mediaEpochMs, long wallOriginMs) {
            this.streamId = streamId;
            this.mediaEpochMs = mediaEpochMs;
            this.wallOriginMs = wallOriginMs;
        }

        void schedule(Plan plan, long loopMs) {
            int n = plan.chunks().size();
            EncodedChunk chunk = plan.chunks().get((int) (seq % n));
            long mediaEndMs = (seq / n) * loopMs + chunk.offsetMs() + chunk.durationMs();
            dueMs = plan.speed() <= 0 ? 0 : wallOriginMs + Math.round(mediaEndMs / plan.speed());
        }
    }
}
