package io.faalive.serving.associate;

/**
 * A session speaker bound to a face track, or moved to another one.
 *
 * @param previousTrackId the track it was bound to before, -1 for a first binding
 * @param evidenceMs the speech of that voice for which this track was the clear sync winner
 * @param confidence that evidence as a share of all the voice's binding evidence
 */
public record Binding(long atMs, long sessionSpeakerId, long trackId, long previousTrackId, long evidenceMs, float confidence) {}
