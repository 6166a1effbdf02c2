package io.faalive.job;

import io.faalive.job.source.RawRecord;
import io.faalive.job.ingest.SourcedChunk;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.MediaChunk;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds chunks and raw Kafka records for tests. */
public final class TestChunks {

    public static final long T0 = 1_700_000_000_000L;
    private static final AvroCodec<MediaChunk> CODEC = AvroCodec.of(MediaChunk.class);

    private TestChunks() {}

    public static MediaChunk chunk(String streamId, long seq, byte[] payload, String container, int durationMs) {
        return MediaChunk.newBuilder().setStreamId(streamId).setSeq(seq).setStartTsMs(T0 + seq * 1000)
                .setDurationMs(durationMs).setContainer(container == null ? "" : container)
                .setPayload(ByteBuffer.wrap(payload)).setProducerTimeMs(T0).build();
    }

    public static RawRecord raw(long offset, String key, byte[] value) {
        return new RawRecord("media.chunks", 0, offset, T0, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    public static SourcedChunk sourced(long offset, MediaChunk chunk) {
        return new SourcedChunk(chunk, raw(offset, chunk.getStreamId(), CODEC.encode(chunk)));
    }
}
