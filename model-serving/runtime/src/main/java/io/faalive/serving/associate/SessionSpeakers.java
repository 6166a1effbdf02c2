package io.faalive.serving.associate;

import io.faalive.serving.audio.VoiceVectors;
import java.util.Arrays;

/**
 * The voices of one session, clustered online: each speaker is the sum of the voice vectors
 * credited to it (so its centroid sharpens as it speaks) and how much speech that is. A pooled
 * vector joins the closest speaker at or above a cosine threshold, else founds a new one; two
 * speakers whose centroids come closer than the merge threshold become one, under the older
 * (smaller) id, so ids stay stable. The state is a {@link State} of plain public fields.
 */
public final class SessionSpeakers {

    /** All speakers of a session: parallel arrays, one entry per live speaker id. */
    public static final class State {
        public long nextId = 1;
        public long[] ids = new long[0];
        public float[][] sums = new float[0][];
        public long[] speechMs = new long[0];

        public State() {}
    }

    private final State s;

    public SessionSpeakers(State state) {
        this.s = state;
    }

    public State state() {
        return s;
    }

    /** A fresh id, not yet backed by any voice (for a turn whose speaker is not known yet). */
    public long reserve() {
        return s.nextId++;
    }

    /** The speaker, other than {@code excluded}, whose centroid is closest to {@code voice}, or -1 below {@code minCosine}. */
    public long closest(float[] voice, float minCosine, java.util.Set<Long> excluded) {
        long best = -1;
        double bestCos = minCosine;
        for (int i = 0; i < s.ids.length; i++) {
            if (excluded.contains(s.ids[i])) {
                continue;
            }
            double c = VoiceVectors.cosine(s.sums[i], voice);
            if (c >= bestCos) {
                bestCos = c;
                best = s.ids[i];
            }
        }
        return best;
    }

    /** Cosine between {@code voice} and speaker {@code id}'s centroid (NaN for an unknown id). */
    public double cosineTo(long id, float[] voice) {
        int i = index(id);
        return i < 0 ? Double.NaN : VoiceVectors.cosine(s.sums[i], voice);
    }

    /** Credits {@code voice} (a sum over {@code ms} of speech) to speaker {@code id}, creating it if new. */
    public void add(long id, float[] voice, long ms) {
        int i = index(id);
        if (i < 0) {
            s.ids = append(s.ids, id);
            s.sums = Arrays.copyOf(s.sums, s.sums.length + 1);
            s.sums[s.sums.length - 1] = voice.clone();
            s.speechMs = append(s.speechMs, ms);
            s.nextId = Math.max(s.nextId, id + 1);
            return;
        }
        for (int k = 0; k < voice.length; k++) {
            s.sums[i][k] += voice[k];
        }
        s.speechMs[i] += ms;
    }

    /** Speaker {@code id}'s pooled voice (the sum of its vectors; compare by cosine), or null for an unknown id. */
    public float[] voice(long id) {
        int i = index(id);
        return i < 0 ? null : s.sums[i];
    }

    /** Speech pooled in speaker {@code id}'s voice, ms (0 for an unknown id). */
    public long speechMs(long id) {
        int i = index(id);
        return i < 0 ? 0 : s.speechMs[i];
    }

    public boolean known(long id) {
        return index(id) >= 0;
    }

    /**
     * Merges the closest pair of speakers at or above {@code minCosine}, if any, into the older
     * id; returns {@code {kept, merged}} or null.
     */
    public long[] mergeClosest(float minCosine) {
        int bestI = -1;
        int bestJ = -1;
        double best = minCosine;
        for (int i = 0; i < s.ids.length; i++) {
            for (int j = i + 1; j < s.ids.length; j++) {
                double c = VoiceVectors.cosine(s.sums[i], s.sums[j]);
                if (c >= best) {
                    best = c;
                    bestI = i;
                    bestJ = j;
                }
            }
        }
        if (bestI < 0) {
            return null;
        }
        int keep = s.ids[bestI] < s.ids[bestJ] ? bestI : bestJ;
        int drop = keep == bestI ? bestJ : bestI;
        long kept = s.ids[keep];
        long dropped = s.ids[drop];
        add(kept, s.sums[drop], s.speechMs[drop]);
        remove(drop);
        return new long[] {kept, dropped};
    }

    private void remove(int i) {
        int n = s.ids.length - 1;
        long[] ids = new long[n];
        float[][] sums = new float[n][];
        long[] ms = new long[n];
        for (int k = 0, o = 0; k <= n; k++) {
            if (k != i) {
                ids[o] = s.ids[k];
                sums[o] = s.sums[k];
                ms[o++] = s.speechMs[k];
            }
        }
        s.ids = ids;
        s.sums = sums;
        s.speechMs = ms;
    }

    private int index(long id) {
        for (int i = 0; i < s.ids.length; i++) {
            if (s.ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    private static long[] append(long[] a, long v) {
        long[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = v;
        return out;
    }
}
