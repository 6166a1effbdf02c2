package io.faalive.serving.runtime;

/** Small vector helpers shared by the embedders, the tracker and the FAA trainer and scorers. */
public final class Vectors {

    private Vectors() {}

    /** Scales {@code v} in place to unit length (a zero vector stays zero) and returns it. */
    public static float[] normalise(float[] v) {
        double sq = 0;
        for (float x : v) {
            sq += x * x;
        }
        float inv = sq > 0 ? (float) (1 / Math.sqrt(sq)) : 0f;
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    /** Unit-length copies of the rows of {@code x} (the input is left as it is). */
    public static float[][] normalisedRows(float[][] x) {
        float[][] out = new float[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = normalise(x[r].clone());
        }
        return out;
    }
}
