package io.faalive.serving.associate;

/**
 * What the association reads of one analysis window.
 *
 * @param voice the window's voice vector, null without speech
 * @param speechSpans the VAD's speech inside the window: start and end pairs in ms, in order
 */
public record Observation(long startMs, long endMs, boolean speech, float[] voice, Candidate[] tracks, long[] speechSpans) {}
