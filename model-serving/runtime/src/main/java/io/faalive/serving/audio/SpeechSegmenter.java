package io.faalive.serving.audio;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns VAD frame probabilities into speech segments with hysteresis: speech starts when a
 * frame reaches {@code onThreshold}, and ends only after {@code hangoverMs} of frames below
 * {@code offThreshold}; segments shorter than {@code minSpeechMs} are dropped. Streaming; the
 * state of one stream is a {@link State} of plain public fields.
 */
public final class SpeechSegmenter {

    /** A speech segment in ms from the stream's audio origin. */
    public record Segment(long startMs, long endMs) implements Serializable {}

    /** Thresholds and durations. */
    public record Settings(float onThreshold, float offThreshold, int hangoverMs, int minSpeechMs) implements Serializable {
    }

    /** Where a stream's segmenter stands: frames seen, and the open segment's first and last speech frame (or -1). */
    public static final class State {
        public long frame;
        public long startFrame = -1;
        public long lastSpeechFrame = -1;

        public State() {}
    }

    private final Settings settings;
    private final double frameMs;
    private long frame;
    private long startFrame = -1;
    private long lastSpeechFrame = -1;

    public SpeechSegmenter(Settings settings, double frameMs) {
        this.settings = settings;
        this.frameMs = frameMs;
    }

    /** A segmenter that continues from a state taken by {@link #state()}. */
    public SpeechSegmenter(Settings settings, double frameMs, State state) {
        this(settings, frameMs);
        this.frame = state.frame;
        this.startFrame = state.startFrame;
        this.lastSpeechFrame = state.lastSpeechFrame;
    }

    public State state() {
        State s = new State();
        s.frame = frame;
        s.startFrame = startFrame;
        s.lastSpeechFrame = lastSpeechFrame;
        return s;
    }

    /** Feeds the next frames' probabilities; returns the segments that closed. */
    public List<Segment> push(float[] probs) {
        List<Segment> closed = new ArrayList<>();
        for (float p : probs) {
            if (startFrame < 0) {
                if (p >= settings.onThreshold()) {
                    startFrame = frame;
                    lastSpeechFrame = frame;
                }
            } else if (p >= settings.offThreshold()) {
                lastSpeechFrame = frame;
            } else if ((frame - lastSpeechFrame) * frameMs >= settings.hangoverMs()) {
                close(closed);
            }
            frame++;
        }
        return closed;
    }

    /** The speech segments of a whole clip: a fresh VAD state and segmenter over all of it. */
    public static List<Segment> segmentsOf(SileroVad vad, Settings settings, float[] audio) {
        SpeechSegmenter segmenter = new SpeechSegmenter(settings, SileroVad.FRAME_MS);
        List<Segment> segments = new ArrayList<>(segmenter.push(vad.process(new SileroVad.State(), audio)));
        segments.addAll(segmenter.flush());
        return segments;
    }

    /** Closes an open segment at the end of the stream. */
    public List<Segment> flush() {
        List<Segment> closed = new ArrayList<>();
        if (startFrame >= 0) {
            close(closed);
        }
        return closed;
    }

    /** The open segment's start in ms, or -1 when not in speech. */
    public long openSinceMs() {
        return startFrame < 0 ? -1 : Math.round(startFrame * frameMs);
    }

    /** Audio time covered so far, in ms. */
    public long processedMs() {
        return Math.round(frame * frameMs);
    }

    private void close(List<Segment> closed) {
        long start = Math.round(startFrame * frameMs);
        long end = Math.round((lastSpeechFrame + 1) * frameMs);
        if (end - start >= settings.minSpeechMs()) {
            closed.add(new Segment(start, end));
        }
        startFrame = -1;
        lastSpeechFrame = -1;
    }
}
