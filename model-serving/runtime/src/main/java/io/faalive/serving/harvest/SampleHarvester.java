package io.faalive.serving.harvest;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Collects single-speaker segments of one stream as unlabeled FAA training material: runs of
 * consecutive windows in which one session speaker speaks on the one face it is bound to. A run
 * ends when the speaker, the face or the speech changes, or when it reaches {@code maxSpeechMs};
 * it becomes a {@link Sample} when it holds at least {@code minSpeechMs} of speech and the
 * face's sync over it averages at least {@code minSync}. Vectors only, never pixels or audio.
 * The state is a {@link State} of plain public fields.
 */
public final class SampleHarvester {

    /**
     * @param minSpeechMs least speech in a sample
     * @param maxSpeechMs a run this long is cut into a sample and a new run starts
     * @param minSync least mean sync (the cue's scale) of the face over the run
     * @param hopMs speech each window adds (the window hop)
     */
    public record Settings(long minSpeechMs, long maxSpeechMs, float minSync, long hopMs) implements Serializable {}

    /** A harvested segment: the face's vector and the window's voice vector, one pair per window. */
    public record Sample(long speaker, long track, long startMs, long endMs, float[][] faces, float[][] voices, float meanSync) {}

    /** The run being collected. */
    public static final class State {
        public long speaker = -1;
        public long track = -1;
        public long startMs;
        public long endMs;
        public float[][] faces = new float[0][];
        public float[][] voices = new float[0][];
        public double syncSum;

        public State() {}
    }

    private final Settings settings;
    private final State s;

    public SampleHarvester(Settings settings, State state) {
        this.settings = settings;
        this.s = state;
    }

    public State state() {
        return s;
    }

    /**
     * One window; {@code speaker} and {@code track} are -1 unless the window is one bound
     * speaker's speech on its face. Returns the sample a run ended with, or null.
     */
    public Sample accept(long startMs, long endMs, long speaker, long track, float[] voice, float[] face, float sync) {
        boolean qualifies = speaker >= 0 && track >= 0 && voice != null && face != null && !Float.isNaN(sync);
        boolean continues = s.speaker == speaker && s.track == track && startMs <= s.endMs;
        Sample out = null;
        if (s.voices.length > 0 && !(qualifies && continues)) {
            out = finish();
        }
        if (qualifies) {
            if (s.voices.length == 0) {
                s.speaker = speaker;
                s.track = track;
                s.startMs = startMs;
            }
            s.endMs = endMs;
            s.voices = append(s.voices, voice);
            s.faces = append(s.faces, face);
            s.syncSum += sync;
            if (s.voices.length * settings.hopMs() >= settings.maxSpeechMs()) {
                Sample full = finish();
                out = out != null ? out : full;
            }
        }
        return out;
    }

    /** Ends the current run (the stream ended or is idle); its sample or null. */
    public Sample finish() {
        int n = s.voices.length;
        Sample out = null;
        if (n > 0 && n * settings.hopMs() >= settings.minSpeechMs() && s.syncSum / n >= settings.minSync()) {
            out = new Sample(s.speaker, s.track, s.startMs, s.endMs, s.faces, s.voices, (float) (s.syncSum / n));
        }
        s.speaker = -1;
        s.track = -1;
        s.faces = new float[0][];
        s.voices = new float[0][];
        s.syncSum = 0;
        return out;
    }

    private static float[][] append(float[][] rows, float[] row) {
        float[][] out = Arrays.copyOf(rows, rows.length + 1);
        out[rows.length] = row.clone();
        return out;
    }
}
