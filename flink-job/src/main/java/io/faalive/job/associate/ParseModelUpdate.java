package io.faalive.job.associate;

import io.faalive.job.deadletter.DeadLetters;
import io.faalive.job.source.RawRecord;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.ModelUpdate;
import io.faalive.schemas.RecordDecodeException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Records of the model-updates topic to model requests; a record that is not a ModelUpdate, or
 * that names no version, path or checksum, goes to the dead letters with the reason. Whether the
 * model itself is usable is checked where it is loaded ({@link Associate}).
 */
public final class ParseModelUpdate extends ProcessFunction<RawRecord, ControlUpdate> {

    public static final String STAGE = "ParseModelUpdate";

    private final long maxOriginalBytes;
    private transient AvroCodec<ModelUpdate> codec;
    private transient Counter deadLetters;

    public ParseModelUpdate(long maxOriginalBytes) {
        this.maxOriginalBytes = maxOriginalBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = AvroCodec.of(ModelUpdate.class);
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ControlUpdate> out) {
        ModelUpdate u;
        try {
            u = codec.decode(raw.value);
        } catch (RecordDecodeException e) {
            reject(raw, e.kind().name(), e.getMessage(), ctx);
            return;
        }
        String version = u.getVersion().toString();
        String path = u.getPath().toString();
        String sha = u.getSha256().toString();
        if (version.isBlank() || path.isBlank() || !sha.matches("[0-9a-fA-F]{64}")) {
            reject(raw, "INVALID_MODEL_UPDATE", "a model update needs a version, a path and a 64-hex-digit sha256 (got version '"
                    + version + "', path '" + path + "', sha256 '" + sha + "')", ctx);
            return;
        }
        out.collect(ControlUpdate.of(new ModelRequest(version, path, sha, raw)));
    }

    private void reject(RawRecord raw, String errorClass, String reason, Context ctx) {
        ctx.output(DeadLetters.TAG, DeadLetters.of(raw, STAGE, errorClass, reason, null, null, maxOriginalBytes));
        deadLetters.inc();
    }
}
