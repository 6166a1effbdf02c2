package io.faalive.job.deadletter;

import io.faalive.job.ingest.RawRecord;
import io.faalive.schemas.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.flink.util.OutputTag;

/** The side output every stage sends rejects to, and how a reject is described. */
public final class DeadLetters {

    /** Side output of every stage that can reject a record. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    private DeadLetters() {}

    public static DeadLetter of(RawRecord origin, String stage, String errorClass, String reason,
            String streamId, Long seq) {
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
                .setOriginalBytes(ByteBuffer.wrap(origin.value == null ? new byte[0] : origin.value))
                .setFailedAtMs(System.currentTimeMillis())
                .build();
    }
}
