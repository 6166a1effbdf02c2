package io.faalive.job.ingest;

import io.faalive.job.source.RawRecord;
import io.faalive.job.deadletter.DeadLetters;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.MediaChunk;
import io.faalive.schemas.RecordDecodeException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Kafka bytes to {@link MediaChunk}. Values that are not single-object Avro, carry an
 * unknown schema fingerprint or break the chunk contract go to the dead-letter output.
 */
public final class ParseChunk extends ProcessFunction<RawRecord, SourcedChunk> {

    private static final long serialVersionUID = 1L;
    public static final String STAGE = "ParseChunk";

    /**
     * Bytes a chunk record may hold beside its payload; with it, every chunk that passes fits
     * a dead letter under the producer's request size (start-up keeps 64 kb of headroom).
     */
    static final int MAX_ENVELOPE_BYTES = 16 * 1024;

    private final long maxPayloadBytes;
    private transient AvroCodec<MediaChunk> codec;
    private transient Counter deadLetters;

    public ParseChunk(long maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = AvroCodec.of(MediaChunk.class);
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<SourcedChunk> out) {
        MediaChunk chunk;
        try {
            chunk = codec.decode(raw.value);
        } catch (RecordDecodeException e) {
            reject(raw, e.kind().name(), e.getMessage(), null, null, ctx);
            return;
        }
        String violation = contractViolation(chunk, raw.value.length);
        if (violation != null) {
            reject(raw, "INVALID_CHUNK", violation, chunk.getStreamId(), chunk.getSeq(), ctx);
            return;
        }
        out.collect(new SourcedChunk(chunk, raw));
    }

    private String contractViolation(MediaChunk chunk, int recordBytes) {
        if (chunk.getStreamId().isBlank()) {
            return "streamId is empty";
        }
        if (chunk.getStreamId().length() > DeadLetters.MAX_STREAM_ID_CHARS) {
            return "streamId of " + chunk.getStreamId().length() + " characters is longer than " + DeadLetters.MAX_STREAM_ID_CHARS;
        }
        if (chunk.getSeq() < 0) {
            return "seq " + chunk.getSeq() + " is negative";
        }
        if (chunk.getDurationMs() <= 0) {
            return "durationMs " + chunk.getDurationMs() + " is not positive";
        }
        int payload = chunk.getPayload().remaining();
        if (payload == 0) {
            return "payload is empty";
        }
        if (payload > maxPayloadBytes) {
            return "payload of " + payload + " bytes exceeds faa.decode.max-chunk-size (" + maxPayloadBytes + ")";
        }
        if (recordBytes > maxPayloadBytes + MAX_ENVELOPE_BYTES) {
            return "record of " + recordBytes + " bytes exceeds faa.decode.max-chunk-size (" + maxPayloadBytes
                    + ") plus " + MAX_ENVELOPE_BYTES + " bytes of fields";
        }
        return null;
    }

    private void reject(RawRecord raw, String errorClass, String reason, String streamId, Long seq, Context ctx) {
        deadLetters.inc();
        ctx.output(DeadLetters.TAG, DeadLetters.of(raw, STAGE, errorClass, reason, streamId, seq, maxPayloadBytes));
    }
}
