package io.faalive.serving.track;

import io.faalive.serving.runtime.Vectors;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-stream face tracker: detections are matched to live tracks by IoU (greedy, best overlap
 * first); a detection that overlaps no live track but whose embedding is close to the
 * embedding of a track lost less than {@code maxGapMs} ago continues that track (a short
 * occlusion or missed detections), else it starts a new track. Track embeddings are running
 * means of the embeddings of good-quality frames. The state of one stream is a {@link State}
 * of plain public fields, so a streaming job can store it with its own serializer.
 */
public final class FaceTracker {

    /** Matching thresholds. */
    public record Settings(float iouThreshold, long maxGapMs, float bridgeSimilarity, long mouthHistoryMs) implements Serializable {
    }

    /**
     * One detection to place: box in pixels, unit embedding or null, quality gate, and the mouth
     * samples it brings: a series ({@code mouthTsMs}, {@code mouth}: motion measured on the frames
     * around this one) or, without a series, one opening at the detection's time.
     */
    public record Detection(float x1, float y1, float x2, float y2, float[] embedding, boolean good, float mouthOpening,
            long[] mouthTsMs, float[] mouth) {

        public Detection(float x1, float y1, float x2, float y2, float[] embedding, boolean good, float mouthOpening) {
            this(x1, y1, x2, y2, embedding, good, mouthOpening, null, null);
        }
    }

    /** A track and what is known of it. */
    public static final class Track {
        public long id;
        public float x1, y1, x2, y2;
        public long firstTsMs;
        public long lastTsMs;
        public int hits;
        public int goodFrames;
        public float[] embeddingSum;
        /** Mouth samples (media times and values: motion, or opening), oldest first, bounded by the history length. */
        public long[] mouthTsMs = new long[0];
        public float[] mouth = new float[0];

        public Track() {}

        /** The running mean of good-frame embeddings, L2-normalised, or null before the first good frame. */
        public float[] embedding() {
            return embeddingSum == null ? null : Vectors.normalise(embeddingSum.clone());
        }

        /** Mouth opening at or after {@code fromMs} and before {@code toMs}: rows of (ts, value). */
        public List<float[]> mouthBetween(long fromMs, long toMs) {
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < mouthTsMs.length; i++) {
                if (mouthTsMs[i] >= fromMs && mouthTsMs[i] < toMs) {
                    out.add(new float[] {mouthTsMs[i], mouth[i]});
                }
            }
            return out;
        }
    }

    /** What the tracker knows of one stream: the next id to give and the live tracks. */
    public static final class State {
        public long nextId = 1;
        public Track[] tracks = new Track[0];

        public State() {}
    }

    private final Settings settings;
    private final List<Track> tracks = new ArrayList<>();
    private long nextId = 1;

    public FaceTracker(Settings settings) {
        this.settings = settings;
    }

    /** A tracker that continues from a state taken by {@link #state()}. */
    public FaceTracker(Settings settings, State state) {
        this.settings = settings;
        this.nextId = state.nextId;
        this.tracks.addAll(Arrays.asList(state.tracks));
    }

    /** The stream's state; the tracks are shared with this tracker, not copied. */
    public State state() {
        State s = new State();
        s.nextId = nextId;
        s.tracks = tracks.toArray(new Track[0]);
        return s;
    }

    /** Places one frame's detections; returns the track id of each, in order. */
    public long[] update(long tsMs, List<Detection> detections) {
        tracks.removeIf(t -> tsMs - t.lastTsMs > settings.maxGapMs());
        long[] ids = new long[detections.size()];
        boolean[] placed = new boolean[detections.size()];
        List<Track> free = new ArrayList<>(tracks);
        // 1) IoU, best pairs first
        while (true) {
            float best = settings.iouThreshold();
            int bestD = -1;
            Track bestT = null;
            for (int d = 0; d < detections.size(); d++) {
                if (placed[d]) {
                    continue;
                }
                for (Track t : free) {
                    float iou = iou(t, detections.get(d));
                    if (iou >= best) {
                        best = iou;
                        bestD = d;
                        bestT = t;
                    }
                }
            }
            if (bestT == null) {
                break;
            }
            assign(bestT, detections.get(bestD), tsMs);
            ids[bestD] = bestT.id;
            placed[bestD] = true;
            free.remove(bestT);
        }
        // 2) embedding bridge to tracks not seen in this frame
        for (int d = 0; d < detections.size(); d++) {
            if (placed[d] || detections.get(d).embedding() == null) {
                continue;
            }
            Track bestT = null;
            double best = settings.bridgeSimilarity();
            for (Track t : free) {
                float[] e = t.embedding();
                if (e != null && t.lastTsMs < tsMs) {
                    double s = dot(e, detections.get(d).embedding());
                    if (s >= best) {
                        best = s;
                        bestT = t;
                    }
                }
            }
            if (bestT != null) {
                assign(bestT, detections.get(d), tsMs);
                ids[d] = bestT.id;
                placed[d] = true;
                free.remove(bestT);
            }
        }
        // 3) new tracks
        for (int d = 0; d < detections.size(); d++) {
            if (!placed[d]) {
                Track t = new Track();
                t.id = nextId++;
                t.firstTsMs = tsMs;
                tracks.add(t);
                assign(t, detections.get(d), tsMs);
                ids[d] = t.id;
            }
        }
        return ids;
    }

    public List<Track> tracks() {
        return tracks;
    }

    public Track track(long id) {
        for (Track t : tracks) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }

    private void assign(Track t, Detection d, long tsMs) {
        t.x1 = d.x1();
        t.y1 = d.y1();
        t.x2 = d.x2();
        t.y2 = d.y2();
        t.lastTsMs = tsMs;
        t.hits++;
        if (d.good() && d.embedding() != null) {
            if (t.embeddingSum == null) {
                t.embeddingSum = new float[d.embedding().length];
            }
            for (int i = 0; i < t.embeddingSum.length; i++) {
                t.embeddingSum[i] += d.embedding()[i];
            }
            t.goodFrames++;
        }
        if (d.mouthTsMs() != null) {
            for (int i = 0; i < d.mouthTsMs().length; i++) {
                if (!Float.isNaN(d.mouth()[i])) {
                    appendMouth(t, d.mouthTsMs()[i], d.mouth()[i]);
                }
            }
        } else if (!Float.isNaN(d.mouthOpening())) {
            appendMouth(t, tsMs, d.mouthOpening());
        }
    }

    /** Appends one mouth sample (samples arrive in media order) and drops those older than the history. */
    private void appendMouth(Track t, long tsMs, float value) {
        int first = 0;
        while (first < t.mouthTsMs.length && tsMs - t.mouthTsMs[first] > settings.mouthHistoryMs()) {
            first++;
        }
        int n = t.mouthTsMs.length - first;
        long[] ts = Arrays.copyOfRange(t.mouthTsMs, first, first + n + 1);
        float[] values = Arrays.copyOfRange(t.mouth, first, first + n + 1);
        ts[n] = tsMs;
        values[n] = value;
        t.mouthTsMs = ts;
        t.mouth = values;
    }

    private static float iou(Track t, Detection d) {
        float ix = Math.max(0, Math.min(t.x2, d.x2()) - Math.max(t.x1, d.x1()));
        float iy = Math.max(0, Math.min(t.y2, d.y2()) - Math.max(t.y1, d.y1()));
        float inter = ix * iy;
        float union = (t.x2 - t.x1) * (t.y2 - t.y1) + (d.x2() - d.x1()) * (d.y2() - d.y1()) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
