package io.faalive.lab.eval;

import io.faalive.serving.metrics.Metrics;
import io.faalive.lab.data.Split;
import io.faalive.serving.faa.FaaScorer;

/**
 * A trained model as a {@link PairScorer} over one split: every row is encoded once, pairs
 * are then scored by cosine, fusion, or (for retrieval) cosine top-k re-ranked by fusion.
 */
public final class ModelPairScorer implements PairScorer {

    /** How pairs are scored. */
    public enum Mode { COSINE, FUSION, RERANK }

    /** Candidates re-scored by fusion per retrieval query in RERANK mode. */
    public static final int RERANK_TOP_K = 100;

    private final FaaScorer model;
    private final Mode mode;
    private final FaaScorer.Encoded faces;
    private final FaaScorer.Encoded voices;

    public ModelPairScorer(FaaScorer model, Split split, Mode mode) {
        if (mode != Mode.COSINE && !model.hasFusion()) {
            throw new IllegalArgumentException("Scorer " + mode.name().toLowerCase() + " needs a model with the "
                    + "multimodal encoder; this one (" + model.info().config.method + ") has none: use cosine");
        }
        this.model = model;
        this.mode = mode;
        // cosine reads the embeddings alone: the hidden states are not copied out
        this.faces = mode == Mode.COSINE ? new FaaScorer.Encoded(null, model.embedFaces(split.faces()))
                : model.encodeFaces(split.faces());
        this.voices = mode == Mode.COSINE ? new FaaScorer.Encoded(null, model.embedVoices(split.voices()))
                : model.encodeVoices(split.voices());
    }

    @Override
    public double[] score(int[] faceRows, int[] voiceRows) {
        return mode == Mode.COSINE ? cosine(faceRows, voiceRows) : fusion(faceRows, voiceRows);
    }

    @Override
    public double[] rank(int probe, boolean voiceProbe, int[] gallery) {
        if (mode != Mode.RERANK) {
            return PairScorer.super.rank(probe, voiceProbe, gallery);
        }
        int[] probes = new int[gallery.length];
        java.util.Arrays.fill(probes, probe);
        double[] cos = voiceProbe ? cosine(gallery, probes) : cosine(probes, gallery);
        Integer[] order = Metrics.order(cos, true);
        int k = Math.min(RERANK_TOP_K, gallery.length);
        int[] top = new int[k];
        int[] topProbe = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = gallery[order[i]];
            topProbe[i] = probe;
        }
        double[] fused = voiceProbe ? fusion(top, topProbe) : fusion(topProbe, top);
        // Re-ranked items stay above the rest; the rest keep their cosine order below.
        double[] out = new double[gallery.length];
        for (int i = 0; i < gallery.length; i++) {
            out[i] = cos[i] - 10;
        }
        for (int i = 0; i < k; i++) {
            out[order[i]] = fused[i] + 10;
        }
        return out;
    }

    private double[] cosine(int[] faceRows, int[] voiceRows) {
        double[] out = new double[faceRows.length];
        for (int i = 0; i < out.length; i++) {
            float[] f = faces.embedding()[faceRows[i]];
            float[] v = voices.embedding()[voiceRows[i]];
            double s = 0;
            for (int d = 0; d < f.length; d++) {
                s += f[d] * v[d];
            }
            out[i] = s;
        }
        return out;
    }

    private static FaaScorer.Encoded rows(FaaScorer.Encoded encoded, int[] rows) {
        float[][] hidden = new float[rows.length][];
        float[][] embedding = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            hidden[i] = encoded.hidden()[rows[i]];
            embedding[i] = encoded.embedding()[rows[i]];
        }
        return new FaaScorer.Encoded(hidden, embedding);
    }

    private double[] fusion(int[] faceRows, int[] voiceRows) {
        float[] p = model.fusionLogits(rows(faces, faceRows), rows(voices, voiceRows));
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i];
        }
        return out;
    }
}
