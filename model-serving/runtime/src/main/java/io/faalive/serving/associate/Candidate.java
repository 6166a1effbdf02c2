package io.faalive.serving.associate;

/**
 * A track visible in a window: its sync score (NaN when the cue cannot tell), how much its mouth
 * moved (the standard deviation of the mouth cue over the window, 0 when still or unknown) and
 * its last box, normalised to the frame.
 */
public record Candidate(long trackId, float sync, float activity, float x, float y, float width, float height) {

    /** The same track with another score. */
    Candidate withSync(float score) {
        return new Candidate(trackId, score, activity, x, y, width, height);
    }
}
