package io.faalive.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.job.TestChunks;
import io.faalive.job.deadletter.DeadLetters;
import io.faalive.schemas.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** OrderChunks on the operator harness: order restored, gaps bounded by the watermark, repeats and late chunks dead-lettered. */
class OrderChunksTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, SourcedChunk, SourcedChunk> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OrderChunks(Duration.ofMinutes(10), 1 << 20)), SourcedChunk::streamId, Types.STRING);
        h.open();
        return h;
    }

    private static SourcedChunk chunk(String stream, long seq) {
        return TestChunks.sourced(seq, TestChunks.chunk(stream, seq, new byte[] {1, 2, 3}, "mpegts", 1000));
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, SourcedChunk, SourcedChunk> h, SourcedChunk c) throws Exception {
        h.processElement(c, c.chunk.getStartTsMs());
    }

    private static List<String> handedOn(KeyedOneInputStreamOperatorTestHarness<String, SourcedChunk, SourcedChunk> h) {
        List<String> out = new ArrayList<>();
        for (SourcedChunk c : h.extractOutputValues()) {
            out.add(c.streamId() + c.chunk.getSeq());
        }
        return out;
    }

    private static List<String> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, SourcedChunk, SourcedChunk> h) {
        List<String> out = new ArrayList<>();
        var letters = h.getSideOutput(DeadLetters.TAG);
        if (letters != null) {
            for (var r : letters) {
                DeadLetter d = r.getValue();
                out.add(d.getErrorClass() + " " + d.getStreamId() + d.getSeq());
            }
        }
        return out;
    }

    @Test
    void shuffledAndRepeatedChunksComeOutInOrderOnceWithRepeatsDeadLettered() throws Exception {
        try (var h = harness()) {
            for (long seq : new long[] {0, 2, 1, 1, 4, 3, 3, 5}) {
                feed(h, chunk("a", seq));
            }
            feed(h, chunk("b", 0));
            assertThat(handedOn(h)).containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "b0");
            assertThat(deadLetters(h)).containsExactly("DUPLICATE_CHUNK a1", "DUPLICATE_CHUNK a3");
            assertThat(h.numEventTimeTimers()).as("two chunks waited; their timers stay until the watermark passes").isEqualTo(2);
        }
    }

    @Test
    void aGapWaitsForTheWatermarkAndAChunkBehindIsLate() throws Exception {
        try (var h = harness()) {
            feed(h, chunk("a", 0));
            feed(h, chunk("a", 2));
            feed(h, chunk("a", 3));
            assertThat(handedOn(h)).containsExactly("a0");
            h.processWatermark(TestChunks.T0 + 2000); // seq 2 starts at T0 + 2 s: its gap will not fill in time
            assertThat(handedOn(h)).containsExactly("a0", "a2", "a3");
            feed(h, chunk("a", 1));
            feed(h, chunk("a", 3));
            assertThat(deadLetters(h)).containsExactly("LATE_CHUNK a1", "DUPLICATE_CHUNK a3");
        }
    }

    @Test
    void aStreamFirstSeenMidwayWaitsForTheWatermarkOnce() throws Exception {
        try (var h = harness()) {
            feed(h, chunk("a", 7));
            feed(h, chunk("a", 8));
            assertThat(handedOn(h)).isEmpty();
            h.processWatermark(TestChunks.T0 + 7000);
            assertThat(handedOn(h)).containsExactly("a7", "a8");
            feed(h, chunk("a", 9));
            assertThat(handedOn(h)).containsExactly("a7", "a8", "a9");
        }
    }

    @Test
    void bufferedChunksSurviveASnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            feed(h, chunk("a", 0));
            feed(h, chunk("a", 2));
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OrderChunks(Duration.ofMinutes(10), 1 << 20)), SourcedChunk::streamId, Types.STRING)) {
            restored.setup();
            restored.initializeState(snapshot);
            restored.open();
            feed(restored, chunk("a", 1));
            feed(restored, chunk("a", 0));
            assertThat(handedOn(restored)).containsExactly("a1", "a2");
            assertThat(deadLetters(restored)).containsExactly("DUPLICATE_CHUNK a0");
        }
    }

    @Test
    void bufferedChunksAreAFlinkPojoWithAnAvroChunkNotAGenericBlob() {
        assertThat(OrderChunks.chunkType()).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<SourcedChunk> pojo = (PojoTypeInfo<SourcedChunk>) OrderChunks.chunkType();
        assertThat(pojo.getTypeAt("chunk").getClass().getSimpleName()).isEqualTo("AvroTypeInfo");
        assertThat(pojo.getTypeAt("origin")).isInstanceOf(PojoTypeInfo.class);
    }
}
