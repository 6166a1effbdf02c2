package io.faalive.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    static MediaChunk chunk() {
        return MediaChunk.newBuilder()
                .setStreamId("room-1/alice").setSeq(42).setStartTsMs(1_700_000_000_000L).setDurationMs(1000)
                .setContainer("mpegts").setVideoCodec("h264").setAudioCodec(null)
                .setPayload(ByteBuffer.wrap(new byte[] {0x47, 1, 2, 3, (byte) 0xff}))
                .setProducerTimeMs(1_700_000_000_900L)
                .build();
    }

    @Test
    void everyRecordRoundTripsThroughSingleObjectEncoding() throws Exception {
        AvroCodec<MediaChunk> chunks = AvroCodec.of(MediaChunk.class);
        byte[] bytes = chunks.encode(chunk());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(chunks.decode(bytes)).isEqualTo(chunk());

        Enrollment enrollment = Enrollment.newBuilder().setPersonId("p-7").setDisplayName("Ada")
                .setFaceVector(List.of(0.6f, 0.8f)).setVoiceVector(null).setFaceEncoderId("fr_feature-512")
                .setEnrolledAtMs(5).build();
        assertThat(AvroCodec.of(Enrollment.class).decode(AvroCodec.of(Enrollment.class).encode(enrollment)))
                .isEqualTo(enrollment);

        SpeakerEvent event = SpeakerEvent.newBuilder().setEventId("e").setStreamId("s").setStartTsMs(1).setEndTsMs(2)
                .setState(SpeakerState.SPEAKING).setTrackId("t1").setConfidence(0.9f).setModelVersion("m1")
                .setSourceProducerTimeMs(1).setEmitTimeMs(3).build();
        assertThat(AvroCodec.of(SpeakerEvent.class).decode(AvroCodec.of(SpeakerEvent.class).encode(event)))
                .isEqualTo(event);

        HarvestedSample sample = HarvestedSample.newBuilder().setSampleId("x").setStreamId("s").setTrackId("t")
                .setStartTsMs(0).setEndTsMs(1500).setFaceVectors(List.of(List.of(1f, 0f), List.of(0f, 1f)))
                .setVoiceVectors(List.of(List.of(0.5f))).setSyncScore(0.7f).setFaceEncoderId("f")
                .setVoiceEncoderId("v").setHarvestedAtMs(9).build();
        assertThat(AvroCodec.of(HarvestedSample.class).decode(AvroCodec.of(HarvestedSample.class).encode(sample)))
                .isEqualTo(sample);
    }

    @Test
    void garbageIsRejectedAsMalformedWithAReadableReason() {
        AvroCodec<MediaChunk> codec = AvroCodec.of(MediaChunk.class);
        assertThatThrownBy(() -> codec.decode("hello world".getBytes()))
                .isInstanceOfSatisfying(RecordDecodeException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordDecodeException.Kind.MALFORMED_RECORD))
                .hasMessageContaining("not an Avro single-object encoded MediaChunk");
        assertThatThrownBy(() -> codec.decode(new byte[0]))
                .isInstanceOfSatisfying(RecordDecodeException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordDecodeException.Kind.MALFORMED_RECORD));
    }

    @Test
    void aTruncatedBodyIsMalformed() {
        AvroCodec<MediaChunk> codec = AvroCodec.of(MediaChunk.class);
        byte[] bytes = codec.encode(chunk());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 12);
        assertThatThrownBy(() -> codec.decode(truncated))
                .isInstanceOfSatisfying(RecordDecodeException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordDecodeException.Kind.MALFORMED_RECORD))
                .hasMessageContaining("corrupt MediaChunk body");
    }

    @Test
    void aRecordOfAnotherSchemaIsRejectedByFingerprint() {
        byte[] other = foreignRecord();
        assertThatThrownBy(() -> AvroCodec.of(MediaChunk.class).decode(other))
                .isInstanceOfSatisfying(RecordDecodeException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordDecodeException.Kind.UNKNOWN_SCHEMA))
                .hasMessageContaining("is not MediaChunk");
        // A valid record of a different product type is just as foreign.
        byte[] deadLetterBytes = AvroCodec.of(ChunkSummary.class).encode(ChunkSummary.newBuilder()
                .setStreamId("s").setSeq(0).setStartTsMs(0).setDurationMs(1).setVideoFrames(0).setSourceFrames(0)
                .setFrameWidth(0).setFrameHeight(0).setAudioSamples(0).setAudioSampleRate(16000)
                .setAudioRmsDbfs(-120).setMeanLuma(0).setDecodeMicros(0).setProducerTimeMs(0).setEmitTimeMs(0)
                .build());
        assertThatThrownBy(() -> AvroCodec.of(MediaChunk.class).decode(deadLetterBytes))
                .isInstanceOfSatisfying(RecordDecodeException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordDecodeException.Kind.UNKNOWN_SCHEMA));
    }

    @Test
    void dataWrittenWithAReleasedVersionStillDecodes() throws Exception {
        Schema released = ReleasedSchemas.releasedVersionsOf("MediaChunk").values().iterator().next();
        GenericRecord old = new GenericData.Record(released);
        for (Schema.Field f : released.getFields()) {
            old.put(f.name(), chunk().get(f.name()));
        }
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released).encode(old).array();
        assertThat(AvroCodec.of(MediaChunk.class).decode(bytes).getStreamId()).isEqualTo("room-1/alice");
    }

    /** What a producer with an unrelated, unregistered schema writes. */
    static byte[] foreignRecord() {
        Schema schema = SchemaBuilder.record("MediaChunk").namespace("com.example").fields()
                .requiredString("camera").requiredLong("frame").endRecord();
        GenericRecord record = new GenericData.Record(schema);
        record.put("camera", "cam-1");
        record.put("frame", 7L);
        try {
            return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record).array();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theCodecSurvivesJavaSerialisationAsFlinkFunctionsNeed() throws Exception {
        AvroCodec<MediaChunk> codec = AvroCodec.of(MediaChunk.class);
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(codec);
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            @SuppressWarnings("unchecked")
            AvroCodec<MediaChunk> copy = (AvroCodec<MediaChunk>) in.readObject();
            assertThat(copy.decode(codec.encode(chunk()))).isEqualTo(chunk());
            assertThat(copy.fingerprint()).isEqualTo(codec.fingerprint());
        }
    }
}
