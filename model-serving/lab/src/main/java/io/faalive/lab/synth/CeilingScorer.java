package io.faalive.lab.synth;

import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.data.Split;
import io.faalive.serving.faa.Linalg;
import java.util.SplittableRandom;

/**
 * The reference scorer of a synthetic world, which knows the identities' shared latents:
 * ridge-regression readouts of the shared latent from face vectors and from voice vectors,
 * fitted on the training identities, and a Gaussian likelihood ratio on the two readouts
 * (same identity: the readouts are correlated as measured on training pairs; different
 * identities: independent). A conservative stand-in for the Bayes-optimal scorer.
 */
public final class CeilingScorer {

    private static final double RIDGE = 1e-2;

    private final double[][] faceReadout;
    private final double[][] voiceReadout;
    private final double[] meanF;
    private final double[] meanV;
    private final double[][] jointInverse;
    private final double[][] faceInverse;
    private final double[][] voiceInverse;
    private final double constant;

    public CeilingScorer(EmbeddingDataset data) {
        float[][] latents = data.latents().orElseThrow(() -> new IllegalArgumentException(
                "The ceiling scorer needs a synthetic world: this dataset (" + data.source() + ") has no latents"));
        Split train = data.split("train");
        faceReadout = ridge(train.faces(), train.faceIdentity(), latents);
        voiceReadout = ridge(train.voices(), train.voiceIdentity(), latents);
        double[][] zf = readAll(train.faces(), faceReadout);
        double[][] zv = readAll(train.voices(), voiceReadout);
        meanF = mean(zf);
        meanV = mean(zv);
        int d = meanF.length;
        double[][] cff = covariance(zf, meanF, zf, meanF);
        double[][] cvv = covariance(zv, meanV, zv, meanV);
        double[][] cfv = sameIdentityCrossCovariance(train, zf, zv);
        double[][] joint = new double[2 * d][2 * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                joint[i][j] = cff[i][j];
                joint[d + i][d + j] = cvv[i][j];
                joint[i][d + j] = cfv[i][j];
                joint[d + j][i] = cfv[i][j];
            }
        }
        jointInverse = Linalg.inverse(joint);
        faceInverse = Linalg.inverse(cff);
        voiceInverse = Linalg.inverse(cvv);
        constant = -0.5 * (Linalg.logDet(joint) - Linalg.logDet(cff) - Linalg.logDet(cvv));
    }

    /** log p(face, voice | same) - log p(face, voice | different). */
    public double score(float[] face, float[] voice) {
        double[] f = sub(read(face, faceReadout), meanF);
        double[] v = sub(read(voice, voiceReadout), meanV);
        double[] fv = new double[f.length + v.length];
        System.arraycopy(f, 0, fv, 0, f.length);
        System.arraycopy(v, 0, fv, f.length, v.length);
        return constant - 0.5 * (Linalg.quadratic(fv, jointInverse) - Linalg.quadratic(f, faceInverse)
                - Linalg.quadratic(v, voiceInverse));
    }

    private static double[][] ridge(float[][] x, int[] identity, float[][] latents) {
        int n = x.length;
        int d = x[0].length;
        int k = latents[0].length;
        double[][] xtx = new double[d + 1][d + 1];
        double[][] xtz = new double[d + 1][k];
        double[] row = new double[d + 1];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                row[i] = x[r][i];
            }
            row[d] = 1;
            for (int i = 0; i <= d; i++) {
                double xi = row[i];
                if (xi == 0) {
                    continue;
                }
                double[] xtxi = xtx[i];
                for (int j = i; j <= d; j++) {
                    xtxi[j] += xi * row[j];
                }
                for (int c = 0; c < k; c++) {
                    xtz[i][c] += xi * latents[identity[r]][c];
                }
            }
        }
        for (int i = 0; i <= d; i++) {
            for (int j = 0; j < i; j++) {
                xtx[i][j] = xtx[j][i];
            }
            xtx[i][i] += RIDGE * n / d;
        }
        return Linalg.solve(Linalg.cholesky(xtx), xtz);
    }

    private static double[] read(float[] x, double[][] w) {
        int k = w[0].length;
        double[] z = new double[k];
        for (int c = 0; c < k; c++) {
            double s = w[x.length][c];
            for (int i = 0; i < x.length; i++) {
                s += x[i] * w[i][c];
            }
            z[c] = s;
        }
        return z;
    }

    private static double[][] readAll(float[][] x, double[][] w) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = read(x[i], w);
        }
        return out;
    }

    /** Cross-covariance of face and voice readouts of the same identity, from random pairs across videos. */
    private static double[][] sameIdentityCrossCovariance(Split train, double[][] zf, double[][] zv) {
        int maxId = java.util.Arrays.stream(train.faceIdentity()).max().orElse(0);
        var voicesById = Split.rowsByVideo(train.voiceIdentity(), maxId + 1);
        SplittableRandom random = new SplittableRandom(7);
        double[][] pf = new double[zf.length][];
        double[][] pv = new double[zf.length][];
        for (int r = 0; r < zf.length; r++) {
            int[] voices = voicesById.get(train.faceIdentity()[r]);
            pf[r] = zf[r];
            pv[r] = zv[voices[random.nextInt(voices.length)]];
        }
        return covariance(pf, mean(pf), pv, mean(pv));
    }

    private static double[] mean(double[][] x) {
        double[] m = new double[x[0].length];
        for (double[] r : x) {
            for (int i = 0; i < m.length; i++) {
                m[i] += r[i] / x.length;
            }
        }
        return m;
    }

    private static double[][] covariance(double[][] a, double[] ma, double[][] b, double[] mb) {
        int d = ma.length;
        double[][] c = new double[d][d];
        for (int r = 0; r < a.length; r++) {
            for (int i = 0; i < d; i++) {
                double ai = a[r][i] - ma[i];
                for (int j = 0; j < d; j++) {
                    c[i][j] += ai * (b[r][j] - mb[j]) / (a.length - 1);
                }
            }
        }
        return c;
    }

    private static double[] sub(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }
}
