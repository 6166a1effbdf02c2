package io.faalive.serving.speaker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The x-vector recipe between MFCCs and the network (Kaldi's {@code apply-cmvn-sliding} and
 * {@code compute-vad} with the callhome recipe's settings): sliding mean normalisation over a
 * centred window of 300 frames computed over every frame, then the energy-based selection of
 * speech frames on the raw c0 (threshold 5.5 + 0.5 x the clip's mean c0; a frame is kept when
 * at least 12% of the frames within two of it exceed it), and the split of the kept frames
 * into the chunks the network pools.
 */
public final class SpeakerFrames {

    static final int CMN_WINDOW = 300;
    static final float VAD_THRESHOLD = 5.5f;
    static final float VAD_MEAN_SCALE = 0.5f;
    static final int VAD_CONTEXT = 2;
    static final float VAD_PROPORTION = 0.12f;

    private SpeakerFrames() {}

    /** Frames the network pools into one vector; {@code weight} is the frame count before padding. */
    public record Chunk(float[][] frames, int weight) {}

    /** Sliding-window mean normalisation (centred, no variance normalisation), as a new matrix. */
    public static float[][] slidingCmn(float[][] feats) {
        int t = feats.length;
        if (t == 0) {
            return new float[0][];
        }
        int d = feats[0].length;
        // prefix sums in double: windows slide over thousands of frames
        double[][] prefix = new double[t + 1][d];
        for (int f = 0; f < t; f++) {
            for (int k = 0; k < d; k++) {
                prefix[f + 1][k] = prefix[f][k] + feats[f][k];
            }
        }
        float[][] out = new float[t][d];
        for (int f = 0; f < t; f++) {
            int start = f - CMN_WINDOW / 2;
            int end = start + CMN_WINDOW;
            if (start < 0) {
                end -= start;
                start = 0;
            }
            if (end > t) {
                start = Math.max(0, start - (end - t));
                end = t;
            }
            int n = end - start;
            for (int k = 0; k < d; k++) {
                out[f][k] = (float) (feats[f][k] - (prefix[end][k] - prefix[start][k]) / n);
            }
        }
        return out;
    }

    /** Kaldi's energy VAD on column 0 (the raw log energy) of the MFCCs. */
    public static boolean[] energyVad(float[][] feats) {
        int t = feats.length;
        boolean[] voiced = new boolean[t];
        if (t == 0) {
            return voiced;
        }
        double sum = 0;
        for (float[] row : feats) {
            sum += row[0];
        }
        double threshold = VAD_THRESHOLD + VAD_MEAN_SCALE * sum / t;
        for (int f = 0; f < t; f++) {
            int num = 0;
            int den = 0;
            for (int g = Math.max(0, f - VAD_CONTEXT); g <= Math.min(t - 1, f + VAD_CONTEXT); g++) {
                den++;
                if (feats[g][0] > threshold) {
                    num++;
                }
            }
            voiced[f] = num >= den * VAD_PROPORTION;
        }
        return voiced;
    }

    /** The rows where {@code keep} is true. */
    public static float[][] select(float[][] feats, boolean[] keep) {
        List<float[]> out = new ArrayList<>();
        for (int f = 0; f < feats.length; f++) {
            if (keep[f]) {
                out.add(feats[f]);
            }
        }
        return out.toArray(new float[0][]);
    }

    /**
     * Splits frames into chunks of at most {@code maxFrames}; a chunk shorter than
     * {@code minFrames} is padded by repeating its first frame before and its last frame after
     * it (half each, the extra one after), as Kaldi's {@code nnet3-xvector-compute} does.
     */
    public static List<Chunk> chunks(float[][] frames, int maxFrames, int minFrames) {
        List<Chunk> out = new ArrayList<>();
        for (int start = 0; start < frames.length; start += maxFrames) {
            float[][] chunk = Arrays.copyOfRange(frames, start, Math.min(frames.length, start + maxFrames));
            int weight = chunk.length;
            if (chunk.length < minFrames) {
                int left = (minFrames - chunk.length) / 2;
                float[][] padded = new float[minFrames][];
                for (int i = 0; i < minFrames; i++) {
                    int src = Math.min(chunk.length - 1, Math.max(0, i - left));
                    padded[i] = chunk[src];
                }
                chunk = padded;
            }
            out.add(new Chunk(chunk, weight));
        }
        return out;
    }
}
