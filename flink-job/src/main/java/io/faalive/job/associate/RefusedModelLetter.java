package io.faalive.job.associate;

import io.faalive.job.deadletter.DeadLetters;
import io.faalive.schemas.DeadLetter;
import org.apache.flink.api.common.functions.MapFunction;

/** A model update the job refused (missing files, wrong checksum, other encoders): its dead letter, with the reason. */
public final class RefusedModelLetter implements MapFunction<RefusedModel, DeadLetter> {

    public static final String STAGE = "ModelUpdate";

    private final long maxOriginalBytes;

    public RefusedModelLetter(long maxOriginalBytes) {
        this.maxOriginalBytes = maxOriginalBytes;
    }

    @Override
    public DeadLetter map(RefusedModel refused) {
        ModelRequest r = refused.request();
        return DeadLetters.of(r.origin(), STAGE, "MODEL_REFUSED", "model " + r.version() + " refused, the job keeps its model: "
                + refused.reason(), null, null, maxOriginalBytes);
    }
}
