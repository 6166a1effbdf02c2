package io.faalive.lab.train;

import io.faalive.serving.faa.FaaScorer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.faalive.lab.data.Split;

/**
 * Pseudo-labels of the training videos, without identity labels: each video's mean voice and
 * mean face embedding, concatenated and normalised (dual-modality pooling), clustered by
 * spherical k-means.
 */
final class PseudoLabels {

    private PseudoLabels() {}

    /**
     * Dual-modality pooling per video: mean voice and mean face embedding, concatenated and
     * L2-normalised, one row per video ([videos, 2 x embedding], flattened).
     */
    static float[] pooledVideos(FaaScorer model, Split train, float[][] faces, float[][] voices, int videos) {
        float[][] fe = model.embedFaces(faces);
        float[][] ve = model.embedVoices(voices);
        int d = fe[0].length;
        float[][] pooled = new float[videos][2 * d];
        accumulate(pooled, ve, train.voiceVideo(), 0);
        accumulate(pooled, fe, train.faceVideo(), d);
        float[] flat = new float[videos * 2 * d];
        for (int v = 0; v < videos; v++) {
            double norm = 0;
            for (float x : pooled[v]) {
                norm += x * x;
            }
            norm = Math.max(Math.sqrt(norm), 1e-8);
            for (int i = 0; i < 2 * d; i++) {
                flat[v * 2 * d + i] = (float) (pooled[v][i] / norm);
            }
        }
        return flat;
    }

    /** Pseudo-labels of the videos: spherical k-means of their pooled embeddings. */
    static int[] cluster(FaaScorer model, float[] pooled, int videos, int k, int iterations, long seed) {
        try (NDManager m = model.manager().newSubManager()) {
            return SphericalKMeans.cluster(m.create(pooled, new Shape(videos, pooled.length / videos)), k, iterations,
                    seed);
        }
    }

    private static void accumulate(float[][] pooled, float[][] emb, int[] videoOfRow, int offset) {
        int d = emb[0].length;
        int[] counts = new int[pooled.length];
        for (int r = 0; r < emb.length; r++) {
            counts[videoOfRow[r]]++;
            for (int i = 0; i < d; i++) {
                pooled[videoOfRow[r]][offset + i] += emb[r][i];
            }
        }
        for (int v = 0; v < pooled.length; v++) {
            for (int i = 0; counts[v] > 0 && i < d; i++) {
                pooled[v][offset + i] /= counts[v];
            }
        }
    }
}
