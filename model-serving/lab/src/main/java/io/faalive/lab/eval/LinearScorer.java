package io.faalive.lab.eval;

import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.data.Split;
import io.faalive.serving.faa.PairLikelihoodRatio;
import io.faalive.serving.runtime.Vectors;

/**
 * The unsupervised linear reference ({@code bin/faa eval --scorer linear}, no model): canonical
 * correlation analysis of the L2-normalised input vectors over same-video face/voice pairs of
 * the training split, and a Gaussian likelihood ratio on the shared directions, their number
 * (8, 16 or 32) chosen on the validation trials. No identity label is used. It tells how much
 * of what the learned encoders find a linear map of the inputs already finds.
 */
public final class LinearScorer {

    /** The rank grid of FAA's likelihood-ratio skip, whose "inputs" candidate is this scorer. */
    private static final io.faalive.serving.faa.FaaConfig SKIP = new io.faalive.serving.faa.FaaConfig();

    private LinearScorer() {}

    /** Fitted on the training split, rank chosen on validation, scoring pairs of {@code split}. */
    public static PairScorer fit(EmbeddingDataset data, Split split) {
        Split train = data.split("train");
        PairLikelihoodRatio.Directions directions = PairLikelihoodRatio.directions(Vectors.normalisedRows(train.faces()),
                train.faceVideo(), Vectors.normalisedRows(train.voices()), train.voiceVideo(), SKIP.likelihoodRatioMaxRank());
        Split val = data.split("val");
        float[][] valFaces = Vectors.normalisedRows(val.faces());
        float[][] valVoices = Vectors.normalisedRows(val.voices());
        PairLikelihoodRatio best = null;
        double bestAuc = Double.NEGATIVE_INFINITY;
        for (int rank : SKIP.likelihoodRatioRanks) {
            PairLikelihoodRatio lr = PairLikelihoodRatio.fit(directions, rank);
            double auc = Evaluation.verificationAucU(data.trials("val"), scorer(lr, valFaces, valVoices));
            if (auc > bestAuc) {
                bestAuc = auc;
                best = lr;
            }
        }
        return scorer(best, Vectors.normalisedRows(split.faces()), Vectors.normalisedRows(split.voices()));
    }

    /** Scores pairs of rows of normalised vectors, each row projected once. */
    private static PairScorer scorer(PairLikelihoodRatio lr, float[][] faces, float[][] voices) {
        double[][] a = new double[faces.length][];
        double[][] b = new double[voices.length][];
        for (int r = 0; r < a.length; r++) {
            a[r] = lr.projectFace(faces[r]);
        }
        for (int r = 0; r < b.length; r++) {
            b[r] = lr.projectVoice(voices[r]);
        }
        return (faceRows, voiceRows) -> {
            double[] s = new double[faceRows.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = lr.score(a[faceRows[i]], b[voiceRows[i]]);
            }
            return s;
        };
    }
}
