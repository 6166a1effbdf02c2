package io.faalive.lab.train;

import io.faalive.serving.faa.FaaConfig;
import io.faalive.serving.faa.FaaScorer;
import io.faalive.serving.faa.PairLikelihoodRatio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.faalive.serving.faa.Linalg;
import io.faalive.serving.metrics.Metrics;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The likelihood-ratio skip on a world whose answer is known: face and voice "hidden states"
 * share two latent directions with known correlations, hidden among noisy dimensions of
 * unequal scale.
 */
class PairLikelihoodRatioTest {

    static final int HIDDEN = 256;
    static final int RANKS = 8;

    /** Rows of one split: face and voice states per video (4 each), and the pair ground truth. */
    record States(float[][] face, int[] faceVideo, float[][] voice, int[] voiceVideo) {}

    /**
     * Each video's person has latent z (2-d, N(0,1)); a face state is A z + noise, a voice
     * state B z + noise, with per-dimension noise scales from 0.5 to 3 (so raw cosine
     * mis-weights them) and a constant offset (so centring matters).
     */
    static States states(int videos, long seed, int voiceDim) {
        Random r = new Random(seed);
        Random fixed = new Random(99); // the maps are the world's, the same for every split
        double[][] a = new double[HIDDEN][2];
        double[][] b = new double[voiceDim][2];
        double[] noiseF = new double[HIDDEN];
        double[] noiseV = new double[voiceDim];
        for (int i = 0; i < HIDDEN; i++) {
            for (int k = 0; k < 2; k++) {
                a[i][k] = fixed.nextGaussian() * (i < 40 ? 0.6 : 0.05);
            }
            noiseF[i] = 0.5 + 2.5 * fixed.nextDouble();
        }
        for (int i = 0; i < voiceDim; i++) {
            for (int k = 0; k < 2; k++) {
                b[i][k] = fixed.nextGaussian() * (i % 3 == 0 ? 0.6 : 0.05);
            }
            noiseV[i] = 0.5 + 2.5 * fixed.nextDouble();
        }
        int per = 4;
        float[][] f = new float[videos * per][HIDDEN];
        float[][] v = new float[videos * per][voiceDim];
        int[] fv = new int[videos * per];
        int[] vv = new int[videos * per];
        for (int video = 0; video < videos; video++) {
            double[] z = {r.nextGaussian(), r.nextGaussian()};
            for (int k = 0; k < per; k++) {
                int row = video * per + k;
                fv[row] = video;
                vv[row] = video;
                for (int i = 0; i < HIDDEN; i++) {
                    f[row][i] = (float) (2 + 4 * (a[i][0] * z[0] + a[i][1] * z[1]) + noiseF[i] * r.nextGaussian());
                }
                for (int i = 0; i < voiceDim; i++) {
                    v[row][i] = (float) (1 + 4 * (b[i][0] * z[0] + b[i][1] * z[1]) + noiseV[i] * r.nextGaussian());
                }
            }
        }
        return new States(f, fv, v, vv);
    }

    @Test
    void findsTheSharedDirectionsAndScoresSamePeopleAboveStrangersBetterThanAnInnerProduct() {
        // faces and voices of different sizes, as the input vectors of the linear reference are
        States train = states(3000, 1, 96);
        PairLikelihoodRatio.Directions d = PairLikelihoodRatio.directions(train.face(), train.faceVideo(), train.voice(),
                train.voiceVideo(), RANKS);
        // two shared directions stand out; the rest is chance correlation
        assertThat(d.correlations()[1]).isGreaterThan(0.5);
        assertThat(d.correlations()[2]).isLessThan(0.2);
        PairLikelihoodRatio lr = PairLikelihoodRatio.fit(d, 2);

        States test = states(400, 2, 96);
        int n = 4000;
        Random r = new Random(3);
        double[] lrScore = new double[n];
        double[] inner = new double[n];
        boolean[] same = new boolean[n];
        for (int t = 0; t < n; t++) {
            int fr = r.nextInt(test.face().length);
            same[t] = t % 2 == 0;
            int vr = same[t] ? test.faceVideo()[fr] * 4 + r.nextInt(4) : r.nextInt(test.voice().length);
            lrScore[t] = lr.score(test.face()[fr], test.voice()[vr]);
            inner[t] = cosine(java.util.Arrays.copyOf(test.face()[fr], 96), test.voice()[vr]);
        }
        double aucLr = Metrics.auc(lrScore, same);
        double aucInner = Metrics.auc(inner, same);
        assertThat(aucLr).isGreaterThan(0.8).isGreaterThan(aucInner + 0.1);
    }

    @Test
    void theBlockAndTheScoringPathComputeTheFittedRatioOnTheTailTheInputsOrBoth() {
        States train = states(600, 4, HIDDEN);
        FaaConfig config = new FaaConfig();
        int faceDim = 64;
        int voiceDim = 32;
        assertThat(config.stateDim(faceDim)).isEqualTo(faceDim + HIDDEN);
        assertThat(config.stateDim(voiceDim)).isEqualTo(voiceDim + HIDDEN);
        // state rows as the block builds them: [input, tail]; here the "inputs" are noisy copies of tail columns
        float[][] faceInputs = noisyColumns(train.face(), faceDim, 11);
        float[][] voiceInputs = noisyColumns(train.voice(), voiceDim, 12);
        float[][] faces = concat(faceInputs, train.face());
        float[][] voices = concat(voiceInputs, train.voice());
        int rank = 16;
        int max = config.likelihoodRatioMaxRank();
        PairLikelihoodRatio tailFit = PairLikelihoodRatio.fit(PairLikelihoodRatio.directions(train.face(), train.faceVideo(),
                train.voice(), train.voiceVideo(), max), rank);
        PairLikelihoodRatio inputFit = PairLikelihoodRatio.fit(PairLikelihoodRatio.directions(faceInputs, train.faceVideo(),
                voiceInputs, train.voiceVideo(), max), rank);
        PairLikelihoodRatio tail = tailFit.padded(faceDim, 0, voiceDim, 0);
        PairLikelihoodRatio inputs = inputFit.padded(0, HIDDEN, 0, HIDDEN);
        PairLikelihoodRatio both = PairLikelihoodRatio.fit(PairLikelihoodRatio.directions(faces, train.faceVideo(), voices,
                train.voiceVideo(), max), rank);
        for (int i = 0; i < 50; i++) {
            // padding ignores the other columns
            assertThat(tail.score(faces[i], voices[i])).isCloseTo(tailFit.score(train.face()[i], train.voice()[i]), within(1e-6));
            assertThat(inputs.score(faces[i], voices[i])).isCloseTo(inputFit.score(faceInputs[i], voiceInputs[i]), within(1e-6));
        }
        for (PairLikelihoodRatio lr : java.util.List.of(tail, inputs, both)) {
            try (FaaScorer model = FaaScorer.untrained(config, faceDim, voiceDim)) {
                model.block().setLikelihoodRatio(lr, 0f);
                model.resetStore();
                float[][] f = java.util.Arrays.copyOf(faces, 200);
                float[][] v = new float[200][];
                for (int i = 0; i < 200; i++) {
                    v[i] = voices[(i * 37) % voices.length];
                }
                // the untrained head adds nothing, the cosine skip is switched off (so its
                // embeddings, zeros here, are not read into the logit): logits = the ratio
                float[][] noEmbeddings = new float[200][config.embedding];
                float[] fast = model.fusionLogits(new FaaScorer.Encoded(f, noEmbeddings), new FaaScorer.Encoded(v, noEmbeddings));
                float[] reference = model.fusionLogitsReference(f, v);
                for (int i = 0; i < 200; i++) {
                    double expected = lr.score(f[i], v[i]);
                    assertThat((double) reference[i]).isCloseTo(expected, within(1e-3 * Math.max(1, Math.abs(expected))));
                    assertThat((double) fast[i]).isCloseTo(expected, within(1e-3 * Math.max(1, Math.abs(expected))));
                }
            }
        }
    }

    /** The first {@code d} columns of {@code x} plus Gaussian noise. */
    private static float[][] noisyColumns(float[][] x, int d, long seed) {
        Random r = new Random(seed);
        float[][] out = new float[x.length][d];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < d; k++) {
                out[i][k] = (float) (x[i][k] + r.nextGaussian());
            }
        }
        return out;
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new float[a[i].length + b[i].length];
            System.arraycopy(a[i], 0, out[i], 0, a[i].length);
            System.arraycopy(b[i], 0, out[i], a[i].length, b[i].length);
        }
        return out;
    }

    @Test
    void jacobiEigenvectorsReconstructTheMatrix() {
        Random r = new Random(5);
        int n = 30;
        double[][] x = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                x[i][j] = x[j][i] = r.nextGaussian();
            }
        }
        Linalg.Eigen e = Linalg.symmetricEigen(x);
        for (int c = 1; c < n; c++) {
            assertThat(e.values()[c]).isLessThanOrEqualTo(e.values()[c - 1]);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += e.vectors()[i][k] * e.values()[k] * e.vectors()[j][k];
                }
                assertThat(s).isCloseTo(x[i][j], within(1e-8));
            }
        }
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
