package io.faalive.job.associate;

import io.faalive.job.deadletter.DeadLetters;
import io.faalive.job.source.RawRecord;
import io.faalive.schemas.AvroCodec;
import io.faalive.schemas.Enrollment;
import io.faalive.schemas.RecordDecodeException;
import io.faalive.serving.perception.PerceptionConfig;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Records of the enrollments topic to gallery updates: an Enrollment adds or replaces a person,
 * a tombstone (no value) or {@code deleted: true} removes one. Records that are not enrollments,
 * or whose vectors the job's encoders cannot compare, go to the dead letters with the reason.
 */
public final class ParseEnrollment extends ProcessFunction<RawRecord, ControlUpdate> {

    public static final String STAGE = "ParseEnrollment";

    private final PerceptionConfig encoders;
    private final long maxOriginalBytes;
    private transient AvroCodec<Enrollment> codec;
    private transient Counter deadLetters;

    public ParseEnrollment(PerceptionConfig encoders, long maxOriginalBytes) {
        this.encoders = encoders;
        this.maxOriginalBytes = maxOriginalBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = AvroCodec.of(Enrollment.class);
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ControlUpdate> out) {
        String key = raw.key == null ? null : new String(raw.key, StandardCharsets.UTF_8);
        if (raw.value == null) {
            if (key == null) {
                reject(raw, "INVALID_ENROLLMENT", "a tombstone without a key names nobody to remove", ctx);
            } else {
                out.collect(ControlUpdate.of(new GalleryUpdate(key, null)));
            }
            return;
        }
        Enrollment e;
        try {
            e = codec.decode(raw.value);
        } catch (RecordDecodeException ex) {
            reject(raw, ex.kind().name(), ex.getMessage(), ctx);
            return;
        }
        String id = e.getPersonId().toString();
        if (key != null && !key.equals(id)) {
            reject(raw, "INVALID_ENROLLMENT", "key " + key + " is not the record's personId " + id, ctx);
            return;
        }
        if (e.getDeleted()) {
            out.collect(ControlUpdate.of(new GalleryUpdate(id, null)));
            return;
        }
        try {
            out.collect(ControlUpdate.of(new GalleryUpdate(id, Enrollments.person(e, encoders))));
        } catch (IllegalArgumentException bad) {
            reject(raw, "INVALID_ENROLLMENT", bad.getMessage(), ctx);
        }
    }

    private void reject(RawRecord raw, String errorClass, String reason, Context ctx) {
        ctx.output(DeadLetters.TAG, DeadLetters.of(raw, STAGE, errorClass, reason, null, null, maxOriginalBytes));
        deadLetters.inc();
    }
}
