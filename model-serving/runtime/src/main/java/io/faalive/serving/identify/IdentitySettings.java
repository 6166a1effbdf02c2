package io.faalive.serving.identify;

import java.io.Serializable;

/**
 * How speakers are named from the enrolled gallery and when a voice is said not to fit its face.
 *
 * @param faceAccept face cosine (track against enrolled face) at or above which the face is that person's
 * @param voiceAccept voice cosine (session voice against enrolled voice) at or above which the voice is that person's
 * @param voiceReject voice cosine below which the voice is not that person's (between the two: undecided)
 * @param margin how far the best person's cosine must lead the next one's to name them
 * @param minVoiceMs speech pooled in a session voice before it names anyone or speaks against a face
 * @param mismatchMs speech of a voice on a face that does not fit, before a mismatch alert is raised
 */
public record IdentitySettings(float faceAccept, float voiceAccept, float voiceReject, float margin, long minVoiceMs,
        long mismatchMs) implements Serializable {

    public IdentitySettings {
        if (voiceReject > voiceAccept) {
            throw new IllegalArgumentException("voiceReject (" + voiceReject + ") must not exceed voiceAccept (" + voiceAccept + ")");
        }
    }
}
