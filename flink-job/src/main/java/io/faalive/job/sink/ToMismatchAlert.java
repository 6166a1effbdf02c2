package io.faalive.job.sink;

import io.faalive.job.associate.VoiceMismatch;
import io.faalive.schemas.MismatchAlert;
import io.faalive.schemas.Severity;
import io.faalive.serving.identify.SpeakerIdentities.Mismatch;
import java.util.Locale;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The Avro {@link MismatchAlert} of a voice that does not fit its face, made just before the
 * sink. The event id is the stream, the episode's start and the pair, so a replay carries the same id.
 */
public final class ToMismatchAlert implements MapFunction<VoiceMismatch, MismatchAlert> {

    @Override
    public MismatchAlert map(VoiceMismatch v) {
        Mismatch m = v.mismatch();
        String reason = m.voicePersonId() != null
                ? String.format(Locale.ROOT, "face %s is enrolled as %s, but the voice bound to it sounds like %s (cosine %.2f to %s's enrolled voice) over %.1f s of speech",
                        m.trackId(), m.personId(), m.voicePersonId(), m.score(), m.personId(), m.evidenceMs() / 1000.0)
                : String.format(Locale.ROOT, "face %s is enrolled as %s, but the voice bound to it does not fit %s's enrolled voice (cosine %.2f, below %.2f) over %.1f s of speech",
                        m.trackId(), m.personId(), m.personId(), m.score(), m.threshold(), m.evidenceMs() / 1000.0);
        return MismatchAlert.newBuilder()
                .setEventId(v.streamId() + "/mismatch/" + m.startMs() + "/S" + m.sessionSpeakerId() + "/T" + m.trackId())
                .setStreamId(v.streamId())
                .setStartTsMs(m.startMs())
                .setEndTsMs(m.endMs())
                .setTrackId(Long.toString(m.trackId()))
                .setVoiceId("S" + m.sessionSpeakerId())
                .setScore(m.score())
                .setThreshold(m.threshold())
                .setSeverity(m.voicePersonId() != null ? Severity.CRITICAL : Severity.WARNING)
                .setReason(reason)
                .setModelVersion(v.modelVersion())
                .setEmitTimeMs(System.currentTimeMillis())
                .setPersonId(m.personId())
                .setVoicePersonId(m.voicePersonId())
                .setEvidenceMs(m.evidenceMs())
                .build();
    }
}
