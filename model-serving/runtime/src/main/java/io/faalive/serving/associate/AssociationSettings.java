package io.faalive.serving.associate;

import java.io.Serializable;

/**
 * How the association decides.
 *
 * @param hopMs the window hop: the length of the span each window decides
 * @param lookaheadMs how far behind a window's end the span it decides ends (more evidence after the span, more latency)
 * @param minSync the sync score (the cue's scale) at which a face is taken to speak: a lone face is measured
 *     against it, and an unbound voice is shown on the best face only at or above it
 * @param takeoverMargin how much closer (voice cosine) another session speaker must be to take over inside continuous
 *     speech; a voice this far below {@code voiceJoin} for every speaker starts a new one, and a voice less than this
 *     above it is ambiguous enough for a face to take over
 * @param faceTakeoverMargin how far another face's sync must lead the shown face's to start a turn when the voice is ambiguous
 * @param minHoldMs the least time a session speaker holds continuous speech before another can take over
 * @param silenceHangoverMs silences shorter than this are not speech onsets: the speaker goes on without a fresh decision
 * @param minBindingMs speech of a voice with a face in view before the two can be bound
 * @param bindingT evidence (t statistic of the face's relative sync over the voice's speech) at which a voice is bound to a face
 * @param voiceJoin voice cosine to a session speaker's centroid at or above which a window is that speaker's
 * @param voiceMerge cosine between two session speakers' voices at or above which they are merged into the older
 * @param trackForgetMs a track unseen this long loses its binding evidence
 */
public record AssociationSettings(long hopMs, long lookaheadMs, float minSync, float takeoverMargin, float faceTakeoverMargin, long minHoldMs,
        long silenceHangoverMs, long minBindingMs, float bindingT, float voiceJoin, float voiceMerge, long trackForgetMs)
        implements Serializable {}
