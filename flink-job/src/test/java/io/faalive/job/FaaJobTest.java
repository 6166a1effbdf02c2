package io.faalive.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.job.source.RawRecord;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.ChunkSummary;
import io.faalive.schemas.DeadLetter;
import io.faalive.schemas.MediaChunk;
import io.faalive.schemas.PerceptionWindow;
import io.faalive.schemas.SpeakerEvent;
import io.faalive.schemas.SpeakerState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole {@link FaaJob} on a MiniCluster with an in-memory source and sinks (no Kafka): the
 * job class as FaaJobMain builds it, with only its edges swapped, as in apache/flink-training.
 */
class FaaJobTest {

    /** What the in-memory sinks received, by sink name (static: sink writers run in the MiniCluster's task threads). */
    private static final Map<String, Queue<Object>> RECEIVED = new ConcurrentHashMap<>();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void twoStreamsAndAGarbageRecordGiveSummariesWindowsAndOneDeadLetter() throws Exception {
        byte[] clip = Fixtures.bytes("grid/lbax4n.mpg");
        AvroCodec<MediaChunk> codec = AvroCodec.of(MediaChunk.class);
        byte[][] values = {
                codec.encode(TestChunks.chunk("left", 0, clip, null, 3000)),
                "not a chunk".getBytes(StandardCharsets.UTF_8),
                codec.encode(TestChunks.chunk("right", 0, clip, null, 3000))};
        DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(
                i -> new RawRecord("memory", 0, i, TestChunks.T0, null, values[i.intValue()]), values.length,
                TypeInformation.of(RawRecord.class));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        new FaaJob(new FaaJob.Sources(source, null, null), new FaaJob.Sinks(new MemorySink<>("summaries"), new MemorySink<>("windows"),
                new MemorySink<>("speakers"), new MemorySink<>("associations"), new MemorySink<>("mismatches"),
                new MemorySink<>("samples"), new MemorySink<>("dead letters")), new Configuration()).build(env);
        env.execute("faa-live in memory");

        List<ChunkSummary> summaries = received("summaries");
        List<PerceptionWindow> windows = received("windows");
        List<DeadLetter> deadLetters = received("dead letters");
        assertThat(summaries).extracting(s -> s.getStreamId().toString()).containsExactlyInAnyOrder("left", "right");
        assertThat(deadLetters).singleElement().satisfies(d -> {
            assertThat(d.getErrorClass()).isEqualTo("MALFORMED_RECORD");
            assertThat(d.getSourceOffset()).isEqualTo(1);
        });
        for (String stream : List.of("left", "right")) {
            List<PerceptionWindow> own = windows.stream().filter(w -> w.getStreamId().toString().equals(stream)).toList();
            assertThat(own).as(stream + ": 3 s of speech, a window every 0.5 s").hasSizeBetween(3, 4)
                    .allSatisfy(w -> assertThat(w.getTracks()).as("the one speaker's face").hasSize(1));
            assertThat(own).anySatisfy(w -> assertThat(w.getSpeech()).isTrue());
            List<SpeakerEvent> events = this.<SpeakerEvent>received("speakers").stream()
                    .filter(e -> e.getStreamId().toString().equals(stream))
                    .sorted(java.util.Comparator.comparing(SpeakerEvent::getStartTsMs)).toList();
            assertThat(events).as(stream + ": speaker events").isNotEmpty();
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).getStartTsMs()).as("spans tile the timeline").isEqualTo(events.get(i - 1).getEndTsMs());
            }
            long speaking = events.stream().filter(e -> e.getState() == SpeakerState.SPEAKING)
                    .mapToLong(e -> e.getEndTsMs() - e.getStartTsMs()).sum();
            long offScreen = events.stream().filter(e -> e.getState() == SpeakerState.OFF_SCREEN)
                    .mapToLong(e -> e.getEndTsMs() - e.getStartTsMs()).sum();
            // the first window is a third silence, so its sync can be too weak to place the voice yet
            assertThat(speaking).as(stream + ": the one visible face speaks most of the speech").isGreaterThan(2 * offScreen);
            assertThat(events.stream().filter(e -> e.getState() != SpeakerState.SILENCE).map(e -> e.getSessionSpeakerId().toString())
                    .distinct()).as("one voice, one session speaker").hasSize(1);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> received(String name) {
        return (List<T>) List.copyOf(RECEIVED.getOrDefault(name, new ConcurrentLinkedQueue<>()));
    }

    /** A sink that keeps what it receives in {@link #RECEIVED}. */
    private record MemorySink<T>(String name) implements Sink<T> {

        MemorySink {
            RECEIVED.put(name, new ConcurrentLinkedQueue<>());
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Queue<Object> into = RECEIVED.get(name);
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    into.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
