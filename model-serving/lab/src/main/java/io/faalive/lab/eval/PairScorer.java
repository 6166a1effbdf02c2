package io.faalive.lab.eval;

/** Scores (face row, voice row) pairs of one split; higher means more likely the same person. */
public interface PairScorer {

    double[] score(int[] faceRows, int[] voiceRows);

    /**
     * Scores one probe against a gallery for retrieval. The default scores every item;
     * {@code rerank} scorers override it to pre-rank by cosine and re-score only the top.
     */
    default double[] rank(int probe, boolean voiceProbe, int[] gallery) {
        int[] probes = new int[gallery.length];
        java.util.Arrays.fill(probes, probe);
        return voiceProbe ? score(gallery, probes) : score(probes, gallery);
    }
}
