package io.faalive.job.sink;

import io.faalive.job.associate.SpeakerDecision;
import io.faalive.schemas.Box;
import io.faalive.schemas.CandidateScore;
import io.faalive.schemas.SpeakerEvent;
import io.faalive.schemas.SpeakerState;
import io.faalive.serving.associate.Candidate;
import io.faalive.serving.associate.SpeakerSpan;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The Avro {@link SpeakerEvent} of a decision, made just before the sink. The event id is the
 * stream and the span, so a decision replayed after a failure carries the same id.
 */
public final class ToSpeakerEvent implements MapFunction<SpeakerDecision, SpeakerEvent> {

    @Override
    public SpeakerEvent map(SpeakerDecision d) {
        SpeakerSpan s = d.span();
        List<CandidateScore> candidates = new ArrayList<>();
        for (Candidate c : s.candidates()) {
            if (c.sync() != Float.NEGATIVE_INFINITY) {
                candidates.add(new CandidateScore(c.trackId() < 0 ? null : Long.toString(c.trackId()), c.sync()));
            }
        }
        Candidate b = s.box();
        return SpeakerEvent.newBuilder()
                .setEventId(d.streamId() + "/" + s.startMs() + "-" + s.endMs())
                .setStreamId(d.streamId())
                .setStartTsMs(s.startMs())
                .setEndTsMs(s.endMs())
                .setState(SpeakerState.valueOf(s.state().name()))
                .setTrackId(s.trackId() < 0 ? null : Long.toString(s.trackId()))
                .setBox(b == null ? null : new Box(b.x(), b.y(), b.width(), b.height()))
                .setSessionSpeakerId(s.sessionSpeakerId() < 0 ? null : "S" + s.sessionSpeakerId())
                .setConfidence(s.confidence())
                .setPersonId(d.identity() == null ? null : d.identity().personId())
                .setDisplayName(d.identity() == null ? null : d.identity().displayName())
                .setPersonScore(d.identity() == null ? null : d.identity().score())
                .setFaaScore(d.faaScore())
                .setModelVersion(d.modelVersion())
                .setSourceProducerTimeMs(d.producerTimeMs())
                .setEmitTimeMs(System.currentTimeMillis())
                .setCandidates(candidates)
                .build();
    }
}
