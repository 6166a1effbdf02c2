package io.faalive.serving.associate;

/**
 * A track visible in a window: its sync score (NaN when the cue cannot tell) and its last box,
 * normalised to the frame.
 */
public record Candidate(long trackId, float sync, float x, float y, float width, float height) {}
