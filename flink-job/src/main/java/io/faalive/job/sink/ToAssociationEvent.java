package io.faalive.job.sink;

import io.faalive.job.associate.VoiceBinding;
import io.faalive.schemas.AssociationEvent;
import io.faalive.serving.associate.Binding;
import org.apache.flink.api.common.functions.MapFunction;

/** The Avro {@link AssociationEvent} of a binding, made just before the sink. */
public final class ToAssociationEvent implements MapFunction<VoiceBinding, AssociationEvent> {

    @Override
    public AssociationEvent map(VoiceBinding v) {
        Binding b = v.binding();
        return AssociationEvent.newBuilder()
                .setEventId(v.streamId() + "/binding/" + b.atMs() + "/S" + b.sessionSpeakerId())
                .setStreamId(v.streamId())
                .setStartTsMs(b.atMs())
                .setEndTsMs(b.atMs())
                .setVoiceId("S" + b.sessionSpeakerId())
                .setTrackId(Long.toString(b.trackId()))
                .setPreviousTrackId(b.previousTrackId() < 0 ? null : Long.toString(b.previousTrackId()))
                .setScore(b.confidence())
                .setEvidenceSeconds(b.evidenceMs() / 1000f)
                .setModelVersion(v.modelVersion())
                .setEmitTimeMs(System.currentTimeMillis())
                .build();
    }
}
