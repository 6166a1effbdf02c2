package io.faalive.serving.audio;

/** Helpers for comparing voice vectors. */
public final class VoiceVectors {

    private VoiceVectors() {}

    /**
     * Centres each dimension on the population's mean, scales it by the population's standard
     * deviation and L2-normalises each vector, so that cosine compares speakers rather than
     * the feature's typical values. Unsupervised: uses no speaker labels.
     */
    public static float[][] centre(float[][] vectors) {
        int d = vectors[0].length;
        double[] mean = new double[d];
        double[] sq = new double[d];
        for (float[] v : vectors) {
            for (int k = 0; k < d; k++) {
                mean[k] += v[k] / (double) vectors.length;
            }
        }
        for (float[] v : vectors) {
            for (int k = 0; k < d; k++) {
                sq[k] += (v[k] - mean[k]) * (v[k] - mean[k]) / vectors.length;
            }
        }
        float[][] out = new float[vectors.length][d];
        for (int i = 0; i < vectors.length; i++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                double std = Math.sqrt(sq[k]);
                out[i][k] = std > 1e-9 ? (float) ((vectors[i][k] - mean[k]) / std) : 0f;
                norm += out[i][k] * out[i][k];
            }
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int k = 0; k < d; k++) {
                out[i][k] *= inv;
            }
        }
        return out;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
