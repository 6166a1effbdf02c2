package io.faalive.serving.faa;

import io.faalive.serving.faa.Linalg;

/**
 * A Gaussian likelihood ratio between face and voice vectors, fitted in closed form from pairs
 * known to show one person (a face frame and a voice window of the same video: no identity
 * label is needed). On the states the multimodal encoder reads (the encoders' inputs, their
 * hidden states or both) it is that encoder's skip path after alignment; on the input vectors
 * alone, with no model, it is the {@code linear} evaluation scorer.
 *
 * <p>Why: cosine in the aligned space throws away how reliable each direction is and how
 * typical a vector is; the Bayes-optimal score of a pair under a Gaussian model keeps both.
 * The states are reduced to the {@code rank} canonical directions that the two
 * modalities share (canonical correlation analysis on the same-video pairs); on those,
 * "same person" is a joint Gaussian with the cross-covariance of the pairs and "different
 * people" is the product of the two marginals. The score is
 * <pre>
 *   log p(a, b | same) - log p(a) p(b) = a'Cross b + a'FaceQuad a + b'VoiceQuad b + constant,
 *   a = faceProj' h_face + faceBias,   b = voiceProj' h_voice + voiceBias
 * </pre>
 * Directions beyond the chosen rank have zero weights, so one fixed-size set of arrays holds
 * any rank up to {@link #maxRank}.
 */
public record PairLikelihoodRatio(float[][] faceProj, float[] faceBias, float[][] voiceProj, float[] voiceBias,
        float[][] cross, float[][] faceQuad, float[][] voiceQuad, float constant, int rank) {

    /** Covariance regularisation, relative to the mean variance (hidden ReLU units can be dead). */
    private static final double RIDGE = 1e-2;

    /** Canonical directions of face and voice hidden states, shared by every rank. */
    public record Directions(double[] faceMean, double[] voiceMean, double[][] faceProj, double[][] voiceProj,
            double[] correlations, double[][] faceHidden, double[][] voiceHidden, int[] faceVideo, int[] voiceVideo) {

        public int maxRank() {
            return correlations.length;
        }
    }

    /**
     * Canonical correlation analysis of same-video face/voice pairs: every face row of a video
     * is paired with every voice row of it.
     */
    public static Directions directions(float[][] faceHidden, int[] faceVideo, float[][] voiceHidden, int[] voiceVideo,
            int maxRank) {
        int hf = faceHidden[0].length;
        int hv = voiceHidden[0].length;
        double[][] f = toDouble(faceHidden);
        double[][] v = toDouble(voiceHidden);
        double[] mf = mean(f);
        double[] mv = mean(v);
        center(f, mf);
        center(v, mv);
        double[][] lf = Linalg.cholesky(regularised(covariance(f)));
        double[][] lv = Linalg.cholesky(regularised(covariance(v)));
        double[][] cross = pairCrossCovariance(f, faceVideo, v, voiceVideo);
        // M = Lf^-1 Cross Lv^-T [hf, hv]: its singular vectors are the canonical directions in
        // whitened coordinates; the right ones from the eigenvectors of M'M, the left ones M w / s
        double[][] m = transpose(Linalg.lowerSolve(lv, transpose(Linalg.lowerSolve(lf, cross))));
        Linalg.Eigen right = Linalg.symmetricEigen(multiply(transpose(m), m));
        int r = Math.min(maxRank, Math.min(hf, hv));
        double[][] u = new double[hf][r];
        double[][] w = new double[hv][r];
        double[] corr = new double[r];
        double[][] mw = multiply(m, right.vectors());
        for (int c = 0; c < r; c++) {
            corr[c] = Math.sqrt(Math.max(right.values()[c], 0));
            double norm = 0;
            for (int i = 0; i < hf; i++) {
                norm += mw[i][c] * mw[i][c];
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            for (int i = 0; i < hf; i++) {
                u[i][c] = mw[i][c] / norm;
            }
            for (int i = 0; i < hv; i++) {
                w[i][c] = right.vectors()[i][c];
            }
        }
        // back from whitened coordinates: projection = L^-T u
        return new Directions(mf, mv, Linalg.upperSolve(lf, u), Linalg.upperSolve(lv, w), corr, f, v, faceVideo, voiceVideo);
    }

    /** The likelihood ratio on the first {@code rank} canonical directions, padded to {@code d.maxRank()}. */
    public static PairLikelihoodRatio fit(Directions d, int rank) {
        int hf = d.faceMean().length;
        int hv = d.voiceMean().length;
        int full = d.maxRank();
        if (rank < 1 || rank > full) {
            throw new IllegalArgumentException("rank " + rank + " outside 1.." + full);
        }
        double[][] a = project(d.faceHidden(), d.faceProj(), rank);
        double[][] b = project(d.voiceHidden(), d.voiceProj(), rank);
        double[][] caa = covariance(a);
        double[][] cbb = covariance(b);
        // joint covariance of [a, b] over same-video pairs
        double[][] joint = pairJointCovariance(a, d.faceVideo(), b, d.voiceVideo());
        double[][] ji = Linalg.inverse(joint);
        double[][] cai = Linalg.inverse(caa);
        double[][] cbi = Linalg.inverse(cbb);
        float[][] cross = new float[full][full];
        float[][] faceQuad = new float[full][full];
        float[][] voiceQuad = new float[full][full];
        for (int i = 0; i < rank; i++) {
            for (int j = 0; j < rank; j++) {
                cross[i][j] = (float) -ji[i][rank + j];
                faceQuad[i][j] = (float) (-0.5 * (ji[i][j] - cai[i][j]));
                voiceQuad[i][j] = (float) (-0.5 * (ji[rank + i][rank + j] - cbi[i][j]));
            }
        }
        double constant = -0.5 * (Linalg.logDet(joint) - Linalg.logDet(caa) - Linalg.logDet(cbb));
        float[][] fp = new float[hf][full];
        float[][] vp = new float[hv][full];
        float[] fb = new float[full];
        float[] vb = new float[full];
        for (int c = 0; c < rank; c++) {
            double sf = 0;
            double sv = 0;
            for (int i = 0; i < hf; i++) {
                fp[i][c] = (float) d.faceProj()[i][c];
                sf += d.faceMean()[i] * d.faceProj()[i][c];
            }
            for (int i = 0; i < hv; i++) {
                vp[i][c] = (float) d.voiceProj()[i][c];
                sv += d.voiceMean()[i] * d.voiceProj()[i][c];
            }
            fb[c] = (float) -sf;
            vb[c] = (float) -sv;
        }
        return new PairLikelihoodRatio(fp, fb, vp, vb, cross, faceQuad, voiceQuad, (float) constant, rank);
    }

    /**
     * The same ratio over wider state rows of which it reads a slice (zero projection rows for
     * the other columns): {@code faceBefore} columns before the face values it was fitted on and
     * {@code faceAfter} after them, likewise for voices. A ratio fitted on the tail's hidden
     * state, or on the inputs, installed in a block whose state is [input, tail].
     */
    public PairLikelihoodRatio padded(int faceBefore, int faceAfter, int voiceBefore, int voiceAfter) {
        return new PairLikelihoodRatio(padRows(faceProj, faceBefore, faceAfter), faceBias,
                padRows(voiceProj, voiceBefore, voiceAfter), voiceBias, cross, faceQuad, voiceQuad, constant, rank);
    }

    private static float[][] padRows(float[][] m, int before, int after) {
        float[][] out = new float[before + m.length + after][];
        for (int i = 0; i < out.length; i++) {
            out[i] = i >= before && i < before + m.length ? m[i - before].clone() : new float[m[0].length];
        }
        return out;
    }

    /** The log likelihood ratio of one pair (the reference the block's arrays are tested against). */
    public double score(float[] faceHidden, float[] voiceHidden) {
        return score(projectFace(faceHidden), projectVoice(voiceHidden));
    }

    /** The log likelihood ratio of projected vectors (project each vector once when it meets many). */
    public double score(double[] a, double[] b) {
        int r = a.length;
        double s = constant;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                s += a[i] * cross[i][j] * b[j] + a[i] * faceQuad[i][j] * a[j] + b[i] * voiceQuad[i][j] * b[j];
            }
        }
        return s;
    }

    public double[] projectFace(float[] face) {
        return project(face, faceProj, faceBias);
    }

    public double[] projectVoice(float[] voice) {
        return project(voice, voiceProj, voiceBias);
    }

    private static double[] project(float[] x, float[][] proj, float[] bias) {
        double[] out = new double[bias.length];
        for (int c = 0; c < out.length; c++) {
            double s = bias[c];
            for (int i = 0; i < x.length; i++) {
                s += x[i] * proj[i][c];
            }
            out[c] = s;
        }
        return out;
    }

    private static double[][] project(double[][] centred, double[][] proj, int rank) {
        double[][] out = new double[centred.length][rank];
        for (int r = 0; r < centred.length; r++) {
            for (int i = 0; i < centred[r].length; i++) {
                double x = centred[r][i];
                if (x == 0) {
                    continue;
                }
                for (int c = 0; c < rank; c++) {
                    out[r][c] += x * proj[i][c];
                }
            }
        }
        return out;
    }

    /** Sum over videos of (sum of its face rows)(sum of its voice rows)', over the number of pairs. */
    private static double[][] pairCrossCovariance(double[][] f, int[] faceVideo, double[][] v, int[] voiceVideo) {
        int videos = Math.max(max(faceVideo), max(voiceVideo)) + 1;
        int d = f[0].length;
        int e = v[0].length;
        double[][] fs = new double[videos][d];
        double[][] vs = new double[videos][e];
        int[] nf = new int[videos];
        int[] nv = new int[videos];
        for (int r = 0; r < f.length; r++) {
            nf[faceVideo[r]]++;
            add(fs[faceVideo[r]], f[r]);
        }
        for (int r = 0; r < v.length; r++) {
            nv[voiceVideo[r]]++;
            add(vs[voiceVideo[r]], v[r]);
        }
        long pairs = 0;
        for (int k = 0; k < videos; k++) {
            pairs += (long) nf[k] * nv[k];
        }
        double[][] c = new double[d][e];
        for (int k = 0; k < videos; k++) {
            for (int i = 0; i < d; i++) {
                double x = fs[k][i];
                if (x == 0) {
                    continue;
                }
                for (int j = 0; j < e; j++) {
                    c[i][j] += x * vs[k][j];
                }
            }
        }
        scale(c, 1.0 / Math.max(pairs, 1));
        return c;
    }

    /** Covariance of [a, b] over all same-video pairs (rows centred already). */
    private static double[][] pairJointCovariance(double[][] a, int[] faceVideo, double[][] b, int[] voiceVideo) {
        int k = a[0].length;
        int videos = Math.max(max(faceVideo), max(voiceVideo)) + 1;
        int[] nf = new int[videos];
        int[] nv = new int[videos];
        for (int fv : faceVideo) {
            nf[fv]++;
        }
        for (int vv : voiceVideo) {
            nv[vv]++;
        }
        long pairs = 0;
        for (int x = 0; x < videos; x++) {
            pairs += (long) nf[x] * nv[x];
        }
        double[][] joint = new double[2 * k][2 * k];
        // each face row appears in nv[video] pairs, each voice row in nf[video]
        for (int r = 0; r < a.length; r++) {
            outer(joint, 0, 0, a[r], a[r], nv[faceVideo[r]]);
        }
        for (int r = 0; r < b.length; r++) {
            outer(joint, k, k, b[r], b[r], nf[voiceVideo[r]]);
        }
        double[][] cross = pairCrossCovariance(a, faceVideo, b, voiceVideo);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                joint[i][j] /= pairs;
                joint[k + i][k + j] /= pairs;
                joint[i][k + j] = cross[i][j];
                joint[k + j][i] = cross[i][j];
            }
        }
        return joint;
    }

    private static void outer(double[][] into, int row0, int col0, double[] x, double[] y, double weight) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                into[row0 + i][col0 + j] += weight * x[i] * y[j];
            }
        }
    }

    private static double[][] regularised(double[][] c) {
        double trace = 0;
        for (int i = 0; i < c.length; i++) {
            trace += c[i][i];
        }
        double ridge = RIDGE * Math.max(trace / c.length, 1e-12);
        for (int i = 0; i < c.length; i++) {
            c[i][i] += ridge;
        }
        return c;
    }

    private static double[][] covariance(double[][] centred) {
        int d = centred[0].length;
        double[][] c = new double[d][d];
        for (double[] row : centred) {
            for (int i = 0; i < d; i++) {
                double x = row[i];
                if (x == 0) {
                    continue;
                }
                double[] ci = c[i];
                for (int j = i; j < d; j++) {
                    ci[j] += x * row[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                c[i][j] /= centred.length - 1;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double x = a[i][p];
                if (x == 0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    c[i][j] += x * b[p][j];
                }
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double[][] toDouble(float[][] x) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = new double[x[r].length];
            for (int i = 0; i < x[r].length; i++) {
                out[r][i] = x[r][i];
            }
        }
        return out;
    }

    private static double[] mean(double[][] x) {
        double[] m = new double[x[0].length];
        for (double[] r : x) {
            add(m, r);
        }
        for (int i = 0; i < m.length; i++) {
            m[i] /= x.length;
        }
        return m;
    }

    private static void center(double[][] x, double[] m) {
        for (double[] r : x) {
            for (int i = 0; i < m.length; i++) {
                r[i] -= m[i];
            }
        }
    }

    private static void add(double[] into, double[] x) {
        for (int i = 0; i < x.length; i++) {
            into[i] += x[i];
        }
    }

    private static void scale(double[][] c, double s) {
        for (double[] row : c) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= s;
            }
        }
    }

    private static int max(int[] x) {
        int m = 0;
        for (int v : x) {
            m = Math.max(m, v);
        }
        return m;
    }
}
