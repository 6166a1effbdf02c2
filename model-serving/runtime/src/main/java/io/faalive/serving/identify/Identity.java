package io.faalive.serving.identify;

/**
 * Who a session speaker is in the gallery.
 *
 * @param score the cosine of the deciding modality
 * @param basis what named them
 */
public record Identity(String personId, String displayName, float score, Basis basis) {

    /** What named a speaker: the voice, the face it is bound to, or both agreeing. */
    public enum Basis { VOICE, FACE, VOICE_AND_FACE }
}
