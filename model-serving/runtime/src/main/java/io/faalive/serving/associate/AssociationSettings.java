package io.faalive.serving.associate;

import java.io.Serializable;

/**
 * How the association decides. Scores are sync scores (the cue's scale: envelope correlation
 * by default).
 *
 * @param hopMs the window hop: the length of the span each window decides
 * @param lookaheadMs how far behind a window's end the span it decides ends (more evidence after the span, more latency)
 * @param minSync below this sync score no visible face is taken to speak: the speech is off screen
 * @param takeoverMargin how much a challenger's score must exceed the current speaker's to take over
 * @param minHoldMs the least time a speaker holds the floor before another can take over
 * @param silenceHangoverMs silences shorter than this do not end a turn: the same speaker resumes
 * @param bindingBonus added to the score of the track bound to the turn's session speaker
 * @param clearMargin how far a track's sync must lead the next one for its speech to count as binding evidence
 * @param minBindingMs speech of a voice credited to one track before they are bound
 * @param minTurnSpeechMs pooled speech a turn needs before its voice is matched to the session's speakers
 * @param voiceJoin cosine at or above which a turn's pooled voice joins an existing session speaker
 * @param voiceKeep cosine at or above which a turn keeps the speaker already bound to its track
 * @param voiceMerge cosine at or above which two session speakers are merged into the older
 * @param trackForgetMs a track unseen this long loses its binding evidence
 */
public record AssociationSettings(long hopMs, long lookaheadMs, float minSync, float takeoverMargin, long minHoldMs,
        long silenceHangoverMs, float bindingBonus, float clearMargin, long minBindingMs, long minTurnSpeechMs,
        float voiceJoin, float voiceKeep, float voiceMerge, long trackForgetMs) implements Serializable {}
