package io.faalive.job.deadletter;

import io.faalive.job.source.RawRecord;
import io.faalive.schemas.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.flink.util.OutputTag;

/** The side output every stage sends rejects to, and how a reject is described. */
public final class DeadLetters {

    /** Side output of every stage that can reject a record. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    /** Longest stream id a chunk may have (ParseChunk refuses longer ones) and a dead letter repeats. */
    public static final int MAX_STREAM_ID_CHARS = 256;

    private DeadLetters() {}

    /**
     * A dead letter for {@code origin}. Its original bytes are kept whole up to
     * {@code maxOriginalBytes} (the job's faa.decode.max-chunk-size, which start-up checks
     * leaves room for under the producer's request size); a larger record keeps that prefix
     * and the reason says so, so that no input can make the dead-letter sink fail.
     */
    public static DeadLetter of(RawRecord origin, String stage, String errorClass, String reason,
            String streamId, Long seq, long maxOriginalBytes) {
        byte[] value = origin.value == null ? new byte[0] : origin.value;
        int kept = (int) Math.min(value.length, maxOriginalBytes);
        if (kept < value.length) {
            reason = reason + " [original truncated: " + value.length + " bytes, the first " + kept + " kept]";
        }
        // a stream id from a hostile record can be as long as the record: keep a readable prefix
        if (streamId != null && streamId.length() > MAX_STREAM_ID_CHARS) {
            streamId = streamId.substring(0, MAX_STREAM_ID_CHARS);
        }
        return DeadLetter.newBuilder()
                .setSourceTopic(origin.topic == null ? "" : origin.topic)
                .setSourcePartition(origin.partition)
                .setSourceOffset(origin.offset)
                .setSourceKey(origin.key == null ? null : ByteBuffer.wrap(origin.key))
                .setStage(stage)
                .setErrorClass(errorClass)
                .setReason(reason)
                .setStreamId(streamId)
                .setSeq(seq)
                .setOriginalBytes(ByteBuffer.wrap(value, 0, kept))
                .setFailedAtMs(System.currentTimeMillis())
                .build();
    }
}
