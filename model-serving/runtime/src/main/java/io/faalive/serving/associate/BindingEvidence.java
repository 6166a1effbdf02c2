package io.faalive.serving.associate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How strongly each session speaker's speech goes with each face track, accumulated over the
 * whole session. Every speech window adds, for each visible track, its sync score relative to
 * the other faces in view (so a cue's offset and scale matter less) to the (speaker, track) pair;
 * a pair's evidence is the t statistic of those samples against the same face's samples under
 * the other speakers. A per-window cue that ranks the speaker first only half of the time still gives a clear t
 * after a few seconds of speech, and a voice with no face on screen gives no track a high t.
 * Speakers are bound to tracks one to one (one person, one face), strongest evidence first.
 * The state is a {@link State} of plain public fields.
 */
public final class BindingEvidence {

    /** One row per (speaker, track) pair: count, sum and sum of squares of the relative sync. */
    public static final class State {
        public long[] speaker = new long[0];
        public long[] track = new long[0];
        public int[] n = new int[0];
        public double[] sum = new double[0];
        public double[] sumSq = new double[0];

        public State() {}
    }

    private static final double MIN_VARIANCE = 1e-4;

    private final State s;

    public BindingEvidence(State state) {
        this.s = state;
    }

    public State state() {
        return s;
    }

    /** Adds one window of speaker {@code speaker}'s speech: each candidate's sync relative to the others in view. */
    public void add(long speaker, Candidate[] visible, float singleFaceBaseline) {
        int scored = 0;
        double total = 0;
        for (Candidate c : visible) {
            if (!Float.isNaN(c.sync())) {
                scored++;
                total += c.sync();
            }
        }
        if (scored == 0) {
            return;
        }
        for (Candidate c : visible) {
            if (Float.isNaN(c.sync())) {
                continue;
            }
            // against the mean of the other faces; a face alone is measured against the cue's "speaks" level
            double others = scored > 1 ? (total - c.sync()) / (scored - 1) : singleFaceBaseline;
            int i = row(speaker, c.trackId());
            double x = c.sync() - others;
            s.n[i]++;
            s.sum[i] += x;
            s.sumSq[i] += x * x;
        }
    }

    /**
     * The evidence that {@code speaker}'s voice is {@code track}'s: the t statistic (below), 0 with under two samples
     * and never above 0 for a face that does not lead the others on average under this voice. A listener lags the
     * speaker under every on-screen voice and merely keeps level with the others under a voice with no face in view;
     * the contrast alone would count that as evidence that the off-screen voice is the listener's.
     */
    public double t(long speaker, long track) {
        int i = find(speaker, track);
        return i < 0 ? 0 : t(i);
    }

    /** Windows of {@code speaker}'s speech with {@code track} in view. */
    public int windows(long speaker, long track) {
        int i = find(speaker, track);
        return i < 0 ? 0 : s.n[i];
    }

    /**
     * Speaker to track, one to one: pairs with at least {@code minWindows} samples and a t of at
     * least {@code minT}, taken strongest first.
     */
    public Map<Long, Long> assign(int minWindows, double minT) {
        Integer[] order = new Integer[s.speaker.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(t(b), t(a)));
        Map<Long, Long> out = new HashMap<>();
        Set<Long> taken = new HashSet<>();
        for (int i : order) {
            if (s.n[i] < minWindows || t(i) < minT) {
                continue;
            }
            if (!out.containsKey(s.speaker[i]) && taken.add(s.track[i])) {
                out.put(s.speaker[i], s.track[i]);
            }
        }
        return out;
    }

    /** Speaker {@code from} was merged into {@code to}: its samples join {@code to}'s. */
    public void rename(long from, long to) {
        for (int i = 0; i < s.speaker.length; i++) {
            if (s.speaker[i] == from) {
                int j = row(to, s.track[i]);
                s.n[j] += s.n[i];
                s.sum[j] += s.sum[i];
                s.sumSq[j] += s.sumSq[i];
                s.n[i] = 0;
            }
        }
        keep(i -> s.n[i] > 0);
    }

    /** Drops every pair of a track that ended. */
    public void forgetTrack(long track) {
        keep(i -> s.track[i] != track);
    }

    /**
     * Welch's t of the pair's samples against the same track's samples under the other speakers
     * (against 0 while there are fewer than two of those): a face that moves with every voice,
     * a lively one or one the cue favours, is not bound to each of them.
     */
    private double t(int i) {
        int n = s.n[i];
        if (n < 2) {
            return 0;
        }
        double mean = s.sum[i] / n;
        double ceiling = mean > 0 ? Double.POSITIVE_INFINITY : 0;
        // a floor on the spread: a handful of near-identical samples must not look certain
        double varOverN = Math.max(variance(s.sum[i], s.sumSq[i], n), MIN_VARIANCE) / n;
        int on = 0;
        double oSum = 0;
        double oSq = 0;
        for (int j = 0; j < s.speaker.length; j++) {
            if (j != i && s.track[j] == s.track[i]) {
                on += s.n[j];
                oSum += s.sum[j];
                oSq += s.sumSq[j];
            }
        }
        if (on >= 2) {
            mean -= oSum / on;
            varOverN += Math.max(variance(oSum, oSq, on), MIN_VARIANCE) / on;
        }
        return Math.min(ceiling, mean / Math.sqrt(varOverN));
    }

    private static double variance(double sum, double sumSq, int n) {
        double mean = sum / n;
        return Math.max(0, (sumSq - n * mean * mean) / (n - 1));
    }

    private int find(long speaker, long track) {
        for (int i = 0; i < s.speaker.length; i++) {
            if (s.speaker[i] == speaker && s.track[i] == track) {
                return i;
            }
        }
        return -1;
    }

    private int row(long speaker, long track) {
        int i = find(speaker, track);
        if (i >= 0) {
            return i;
        }
        int n = s.speaker.length;
        s.speaker = Arrays.copyOf(s.speaker, n + 1);
        s.track = Arrays.copyOf(s.track, n + 1);
        s.n = Arrays.copyOf(s.n, n + 1);
        s.sum = Arrays.copyOf(s.sum, n + 1);
        s.sumSq = Arrays.copyOf(s.sumSq, n + 1);
        s.speaker[n] = speaker;
        s.track[n] = track;
        return n;
    }

    private void keep(java.util.function.IntPredicate keep) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < s.speaker.length; i++) {
            if (keep.test(i)) {
                rows.add(i);
            }
        }
        s.speaker = rows.stream().mapToLong(i -> s.speaker[i]).toArray();
        s.track = rows.stream().mapToLong(i -> s.track[i]).toArray();
        s.n = rows.stream().mapToInt(i -> s.n[i]).toArray();
        s.sum = rows.stream().mapToDouble(i -> s.sum[i]).toArray();
        s.sumSq = rows.stream().mapToDouble(i -> s.sumSq[i]).toArray();
    }
}
