package io.faalive.job.ingest;

import io.faalive.job.source.RawRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.faalive.job.TestChunks;
import io.faalive.job.deadletter.DeadLetters;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.DeadLetter;
import io.faalive.schemas.MediaChunk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParseChunkTest {

    private final AvroCodec<MediaChunk> codec = AvroCodec.of(MediaChunk.class);
    private OneInputStreamOperatorTestHarness<RawRecord, SourcedChunk> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ParseChunk(1024)));
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void aValidChunkPassesWithItsOrigin() throws Exception {
        MediaChunk chunk = TestChunks.chunk("s", 3, new byte[] {1, 2, 3}, "mpegts", 1000);
        harness.processElement(TestChunks.raw(11, "s", codec.encode(chunk)), 0);
        List<SourcedChunk> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).chunk).isEqualTo(chunk);
        assertThat(out.get(0).origin.offset).isEqualTo(11);
    }

    @Test
    void garbageForeignSchemasAndBrokenContractsAreDeadLetteredWithTheirBytes() throws Exception {
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        byte[] foreign = foreignFingerprint();
        byte[] noDuration = codec.encode(TestChunks.chunk("s", 0, new byte[] {1}, "mpegts", 0));
        byte[] tooBig = codec.encode(TestChunks.chunk("s", 1, new byte[2048], "mpegts", 1000));
        harness.processElement(TestChunks.raw(1, "k", garbage), 0);
        harness.processElement(TestChunks.raw(2, "k", foreign), 0);
        harness.processElement(TestChunks.raw(3, "k", noDuration), 0);
        harness.processElement(TestChunks.raw(4, "k", tooBig), 0);
        harness.processElement(TestChunks.raw(5, null, null), 0);

        assertThat(harness.extractOutputValues()).isEmpty();
        List<DeadLetter> dead = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
        assertThat(dead).extracting(DeadLetter::getErrorClass).containsExactly(
                "MALFORMED_RECORD", "UNKNOWN_SCHEMA", "INVALID_CHUNK", "INVALID_CHUNK", "MALFORMED_RECORD");
        assertThat(dead.get(0).getOriginalBytes().array()).isEqualTo(garbage);
        assertThat(dead.get(1).getOriginalBytes().array()).isEqualTo(foreign);
        assertThat(dead.get(1).getReason()).contains("fingerprint");
        assertThat(dead.get(2).getReason()).contains("durationMs 0");
        assertThat(dead.get(3).getReason()).contains("faa.decode.max-chunk-size");
        assertThat(dead.get(3).getStreamId()).isEqualTo("s");
        assertThat(dead).allSatisfy(d -> assertThat(d.getStage()).isEqualTo(ParseChunk.STAGE));
    }

    /** A MediaChunk written by a producer whose schema evolved incompatibly and was never released. */
    private static byte[] foreignFingerprint() throws Exception {
        Schema schema = SchemaBuilder.record("MediaChunk").namespace("io.faalive.schemas").fields()
                .requiredString("streamId").requiredInt("seq").requiredBytes("payload").endRecord();
        GenericRecord r = new GenericData.Record(schema);
        r.put("streamId", "s");
        r.put("seq", 1);
        r.put("payload", java.nio.ByteBuffer.wrap(new byte[] {1}));
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r).array();
    }
}
