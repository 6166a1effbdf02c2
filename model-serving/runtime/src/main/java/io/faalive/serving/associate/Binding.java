package io.faalive.serving.associate;

/**
 * A session speaker bound to a face track, or moved to another one.
 *
 * @param previousTrackId the track it was bound to before, -1 for a first binding
 * @param evidenceMs the speech of that voice with this track in view
 * @param confidence the strength of that evidence in [0, 1): t / (t + bindingT) for its t statistic
 */
public record Binding(long atMs, long sessionSpeakerId, long trackId, long previousTrackId, long evidenceMs, float confidence) {}
