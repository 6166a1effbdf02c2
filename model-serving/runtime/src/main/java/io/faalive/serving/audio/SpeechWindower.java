package io.faalive.serving.audio;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts analysis windows of {@code lengthMs} every {@code hopMs} on a fixed grid and keeps those
 * whose speech share (from the closed segments and the open one) is at least
 * {@code minSpeechShare}. A window is decided only once the audio behind it is processed.
 * The state of one stream is a {@link State} of plain public fields.
 */
public final class SpeechWindower {

    /**
     * A window in ms from the audio origin, its speech share, and the speech inside it as
     * start and end pairs (ms from the origin, clipped to the window, in order).
     */
    public record Window(long startMs, long endMs, float speechShare, long[] speech) implements Serializable {}

    private final int lengthMs;
    private final int hopMs;
    private final float minSpeechShare;
    private final List<SpeechSegmenter.Segment> segments = new ArrayList<>();
    private long nextStartMs;

    /** Where a stream's windower stands: the next window's start and the segments it still needs. */
    public static final class State {
        public long nextStartMs;
        public long[] segmentStartMs = new long[0];
        public long[] segmentEndMs = new long[0];

        public State() {}
    }

    public SpeechWindower(int lengthMs, int hopMs, float minSpeechShare) {
        this.lengthMs = lengthMs;
        this.hopMs = hopMs;
        this.minSpeechShare = minSpeechShare;
    }

    /** A windower that continues from a state taken by {@link #state()}. */
    public SpeechWindower(int lengthMs, int hopMs, float minSpeechShare, State state) {
        this(lengthMs, hopMs, minSpeechShare);
        this.nextStartMs = state.nextStartMs;
        for (int i = 0; i < state.segmentStartMs.length; i++) {
            segments.add(new SpeechSegmenter.Segment(state.segmentStartMs[i], state.segmentEndMs[i]));
        }
    }

    public State state() {
        State s = new State();
        s.nextStartMs = nextStartMs;
        s.segmentStartMs = segments.stream().mapToLong(SpeechSegmenter.Segment::startMs).toArray();
        s.segmentEndMs = segments.stream().mapToLong(SpeechSegmenter.Segment::endMs).toArray();
        return s;
    }

    /**
     * Adds closed segments and returns the windows ending by {@code processedMs};
     * {@code openSinceMs} (or -1) is the segment still in progress.
     */
    public List<Window> advance(List<SpeechSegmenter.Segment> closed, long openSinceMs, long processedMs) {
        segments.addAll(closed);
        List<Window> out = new ArrayList<>();
        while (nextStartMs + lengthMs <= processedMs) {
            long s = nextStartMs;
            long e = s + lengthMs;
            long speech = 0;
            List<Long> spans = new ArrayList<>();
            for (SpeechSegmenter.Segment seg : segments) {
                speech += clip(spans, s, e, seg.startMs(), seg.endMs());
            }
            if (openSinceMs >= 0) {
                speech += clip(spans, s, e, openSinceMs, e);
            }
            float share = speech / (float) lengthMs;
            if (share >= minSpeechShare) {
                out.add(new Window(s, e, share, spans.stream().mapToLong(Long::longValue).toArray()));
            }
            nextStartMs += hopMs;
        }
        segments.removeIf(seg -> seg.endMs() <= nextStartMs);
        return out;
    }

    /** Adds the part of [from, to) inside the window [s, e) to {@code spans}; returns its length. */
    private static long clip(List<Long> spans, long s, long e, long from, long to) {
        long a = Math.max(s, from);
        long b = Math.min(e, to);
        if (b <= a) {
            return 0;
        }
        spans.add(a);
        spans.add(b);
        return b - a;
    }
}
