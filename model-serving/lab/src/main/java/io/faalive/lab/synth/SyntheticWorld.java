package io.faalive.lab.synth;

import io.faalive.lab.data.EmbeddingDataset;
import io.faalive.lab.data.Split;
import io.faalive.lab.data.TrialGenerator;
import io.faalive.lab.data.Trials;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Generates a synthetic identity world (DESIGN.md, "Data the project can use").
 *
 * <p>Each identity has a binary gender g = +/-1, shared attributes s (seen by both faces and
 * voices), face-only and voice-only factors. A face frame is F(x_face), a voice window
 * V(x_voice), where F and V are fixed random two-layer tanh networks and
 * <pre>
 *   x_face  = [ c g,  a * s,                 u_face,  video nuisance + sample nuisance ]
 *   x_voice = [ c g,  b * s * (1 + k g m),   u_voice, video nuisance + sample nuisance ]
 * </pre>
 * a and b are per-attribute loadings drawn independently for each modality (attributes
 * differ in reliability between the modalities), m selects every other shared dimension
 * (a gender-dependent voice interaction), and isotropic output noise is added before L2
 * normalisation. The shared latent [g, s] of every identity is kept for the ceiling scorer.
 */
public final class SyntheticWorld {

    private final WorldConfig config;
    private final Random random;

    public SyntheticWorld(WorldConfig config, long seed) {
        config.validate();
        this.config = config;
        this.random = new Random(seed);
    }

    public EmbeddingDataset generate() {
        WorldConfig c = config;
        int n = c.identities();
        int latentDim = 1 + c.sharedDim;
        int inFace = latentDim + c.faceOnlyDim + c.nuisanceDim;
        int inVoice = latentDim + c.voiceOnlyDim + c.nuisanceDim;
        RandomMlp faceMap = new RandomMlp(inFace, c.hiddenUnits, c.faceDim, random);
        RandomMlp voiceMap = new RandomMlp(inVoice, c.hiddenUnits, c.voiceDim, random);
        double[] a = loadings(c.sharedDim);
        double[] b = loadings(c.sharedDim);

        float[][] latents = new float[n][latentDim];
        char[] gender = new char[n];
        double[][] faceOnly = new double[n][];
        double[][] voiceOnly = new double[n][];
        for (int id = 0; id < n; id++) {
            boolean male = random.nextBoolean();
            gender[id] = male ? 'M' : 'F';
            latents[id][0] = male ? 1 : -1;
            for (int k = 0; k < c.sharedDim; k++) {
                latents[id][1 + k] = (float) random.nextGaussian();
            }
            faceOnly[id] = gaussian(c.faceOnlyDim, 1);
            voiceOnly[id] = gaussian(c.voiceOnlyDim, 1);
        }

        Map<String, Split> splits = new LinkedHashMap<>();
        int[][] ranges = {{0, c.trainIdentities}, {c.trainIdentities, c.trainIdentities + c.valIdentities},
                {c.trainIdentities + c.valIdentities, n}};
        String[] names = {"train", "val", "test"};
        for (int s = 0; s < 3; s++) {
            splits.put(names[s], split(names[s], ranges[s][0], ranges[s][1], latents, faceOnly, voiceOnly, a, b,
                    faceMap, voiceMap));
        }
        Map<String, Trials> trials = new LinkedHashMap<>();
        long trialSeed = random.nextLong();
        trials.put("val", new TrialGenerator(splits.get("val"), gender, trialSeed)
                .generate(c.verificationPairs / 2, c.matchingTrials / 5, c.trialsPerN / 5));
        trials.put("test", new TrialGenerator(splits.get("test"), gender, trialSeed + 1)
                .generate(c.verificationPairs, c.matchingTrials, c.trialsPerN));
        return new EmbeddingDataset("synthetic world", c.faceDim, c.voiceDim, splits, gender, trials,
                Optional.of(latents));
    }

    private Split split(String name, int from, int to, float[][] latents, double[][] faceOnly, double[][] voiceOnly,
            double[] a, double[] b, RandomMlp faceMap, RandomMlp voiceMap) {
        WorldConfig c = config;
        int videos = (to - from) * c.videosPerIdentity;
        int faces = videos * c.framesPerVideo;
        int voices = videos * c.windowsPerVideo;
        float[][] faceVec = new float[faces][];
        float[][] voiceVec = new float[voices][];
        int[] faceId = new int[faces];
        int[] faceVideo = new int[faces];
        int[] voiceId = new int[voices];
        int[] voiceVideo = new int[voices];
        int video = 0;
        int fr = 0;
        int vr = 0;
        for (int id = from; id < to; id++) {
            double g = latents[id][0];
            for (int v = 0; v < c.videosPerIdentity; v++, video++) {
                double[] faceNuisance = gaussian(c.nuisanceDim, c.videoNoise);
                double[] voiceNuisance = gaussian(c.nuisanceDim, c.videoNoise);
                for (int f = 0; f < c.framesPerVideo; f++, fr++) {
                    double[] x = new double[faceMap.inputs()];
                    x[0] = c.genderStrength * g;
                    for (int k = 0; k < c.sharedDim; k++) {
                        x[1 + k] = a[k] * latents[id][1 + k];
                    }
                    System.arraycopy(faceOnly[id], 0, x, 1 + c.sharedDim, c.faceOnlyDim);
                    addNuisance(x, 1 + c.sharedDim + c.faceOnlyDim, faceNuisance);
                    faceVec[fr] = output(faceMap, x);
                    faceId[fr] = id;
                    faceVideo[fr] = video;
                }
                for (int w = 0; w < c.windowsPerVideo; w++, vr++) {
                    double[] x = new double[voiceMap.inputs()];
                    x[0] = c.genderStrength * g;
                    for (int k = 0; k < c.sharedDim; k++) {
                        double interaction = k % 2 == 0 ? 1 + c.genderInteraction * g : 1;
                        x[1 + k] = b[k] * latents[id][1 + k] * interaction;
                    }
                    System.arraycopy(voiceOnly[id], 0, x, 1 + c.sharedDim, c.voiceOnlyDim);
                    addNuisance(x, 1 + c.sharedDim + c.voiceOnlyDim, voiceNuisance);
                    voiceVec[vr] = output(voiceMap, x);
                    voiceId[vr] = id;
                    voiceVideo[vr] = video;
                }
            }
        }
        return new Split(name, faceVec, faceId, faceVideo, voiceVec, voiceId, voiceVideo);
    }

    private void addNuisance(double[] x, int offset, double[] videoNuisance) {
        for (int k = 0; k < videoNuisance.length; k++) {
            x[offset + k] = videoNuisance[k] + config.sampleNoise * random.nextGaussian();
        }
    }

    private float[] output(RandomMlp map, double[] x) {
        double[] y = map.apply(x);
        double rms = 0;
        for (double v : y) {
            rms += v * v;
        }
        rms = Math.sqrt(rms / y.length);
        double norm = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] += config.outputNoise * rms * random.nextGaussian();
            norm += y[i] * y[i];
        }
        norm = Math.sqrt(norm);
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (float) (y[i] / norm);
        }
        return out;
    }

    private double[] loadings(int n) {
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = config.minLoading + (1 - config.minLoading) * random.nextDouble();
        }
        return l;
    }

    private double[] gaussian(int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * random.nextGaussian();
        }
        return v;
    }

    /** A fixed random network y = W2 tanh(W1 x + b1). */
    static final class RandomMlp {
        private final double[][] w1;
        private final double[] b1;
        private final double[][] w2;

        RandomMlp(int in, int hidden, int out, Random random) {
            w1 = new double[hidden][in];
            b1 = new double[hidden];
            w2 = new double[out][hidden];
            double s1 = 1.0 / Math.sqrt(in);
            double s2 = 1.0 / Math.sqrt(hidden);
            for (int h = 0; h < hidden; h++) {
                for (int i = 0; i < in; i++) {
                    w1[h][i] = s1 * random.nextGaussian();
                }
                b1[h] = 0.5 * random.nextGaussian();
            }
            for (int o = 0; o < out; o++) {
                for (int h = 0; h < hidden; h++) {
                    w2[o][h] = s2 * random.nextGaussian();
                }
            }
        }

        int inputs() {
            return w1[0].length;
        }

        double[] apply(double[] x) {
            double[] h = new double[w1.length];
            for (int j = 0; j < h.length; j++) {
                double acc = b1[j];
                for (int i = 0; i < x.length; i++) {
                    acc += w1[j][i] * x[i];
                }
                h[j] = Math.tanh(acc);
            }
            double[] y = new double[w2.length];
            for (int o = 0; o < y.length; o++) {
                double acc = 0;
                for (int j = 0; j < h.length; j++) {
                    acc += w2[o][j] * h[j];
                }
                y[o] = acc;
            }
            return y;
        }
    }
}
