package io.faalive.serving.associate;

/**
 * A decided stretch of the media timeline. Spans of one stream tile it without overlap.
 *
 * @param trackId the speaking track, -1 unless {@code SPEAKING}
 * @param box the speaking track's box, null unless {@code SPEAKING}
 * @param sessionSpeakerId the session speaker, -1 in silence
 * @param candidates the candidates' scores (the off-screen candidate has track id -1)
 */
public record SpeakerSpan(long startMs, long endMs, SpeakerState state, long trackId, Candidate box, long sessionSpeakerId,
        float confidence, Candidate[] candidates) {

    /** Who speaks. */
    public enum SpeakerState { SPEAKING, OFF_SCREEN, SILENCE }
}
