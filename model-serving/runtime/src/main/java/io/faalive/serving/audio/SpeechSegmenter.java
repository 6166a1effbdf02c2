package io.faalive.serving.audio;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns VAD frame probabilities into speech segments with hysteresis: speech starts when a
 * frame reaches {@code onThreshold}, and ends only after {@code hangoverMs} of frames below
 * {@code offThreshold}; segments shorter than {@code minSpeechMs} are dropped. Streaming and
 * serialisable (the state of one stream).
 */
public final class SpeechSegmenter implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A speech segment in ms from the stream's audio origin. */
    public record Segment(long startMs, long endMs) implements Serializable {}

    /** Thresholds and durations. */
    public record Settings(float onThreshold, float offThreshold, int hangoverMs, int minSpeechMs) implements Serializable {
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
