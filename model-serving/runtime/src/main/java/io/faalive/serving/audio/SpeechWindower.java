package io.faalive.serving.audio;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts analysis windows of {@code lengthMs} every {@code hopMs} on a fixed grid and keeps those
 * whose speech share (from the closed segments and the open one) is at least
 * {@code minSpeechShare}. A window is decided only once the audio behind it is processed.
 * Serialisable: the state of one stream.
 */
public final class SpeechWindower implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A window in ms from the audio origin and its speech share. */
    public record Window(long startMs, long endMs, float speechShare) implements Serializable {}

    private final int lengthMs;
    private final int hopMs;
    private final float minSpeechShare;
    private final List<SpeechSegmenter.Segment> segments = new ArrayList<>();
    private long nextStartMs;

    public SpeechWindower(int lengthMs, int hopMs, float minSpeechShare) {
        this.lengthMs = lengthMs;
        this.hopMs = hopMs;
        this.minSpeechShare = minSpeechShare;
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
            for (SpeechSegmenter.Segment seg : segments) {
                speech += Math.max(0, Math.min(e, seg.endMs()) - Math.max(s, seg.startMs()));
            }
            if (openSinceMs >= 0) {
                speech += Math.max(0, e - Math.max(s, openSinceMs));
            }
            float share = speech / (float) lengthMs;
            if (share >= minSpeechShare) {
                out.add(new Window(s, e, share));
            }
            nextStartMs += hopMs;
        }
        segments.removeIf(seg -> seg.endMs() <= nextStartMs);
        return out;
    }
}
