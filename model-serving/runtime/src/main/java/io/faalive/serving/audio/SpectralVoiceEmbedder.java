package io.faalive.serving.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The project's own speaker embedding, computed in Java with no trained weights, so a fresh
 * machine has a voice vector. {@value #DIMENSION} dimensions, from the window's voiced-energy
 * frames (within 30 dB of the loudest frame):
 * <ul>
 *   <li>0-19: mean of MFCC c1..c20 (40 mel bands, 25 ms / 10 ms, liftered): the average vocal-tract envelope;</li>
 *   <li>20-39: their standard deviation;</li>
 *   <li>40-59: the standard deviation of their deltas (dynamics);</li>
 *   <li>60-63: pitch: median log2(f0 / 100 Hz) x 10, its interquartile range x 10, the voiced
 *       share x 10, the median absolute step of log2 f0 between voiced frames x 100.</li>
 * </ul>
 * The vector is not normalised: compare vectors after centring them on a population
 * (see {@link VoiceVectors#centre}), as a cosine of raw statistics is dominated by their mean.
 */
public final class SpectralVoiceEmbedder implements VoiceEmbedder {

    public static final int DIMENSION = 64;
    private static final int CEPS = 20;

    private final ThreadLocal<Spectra> spectra = ThreadLocal.withInitial(
            () -> new Spectra(new Spectra.Config(16000, 400, 160, 512, 40, true, 0.97f, false)));
    private final ThreadLocal<Pitch> pitch = ThreadLocal.withInitial(Pitch::new);

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[][] embed(List<float[]> windows) {
        float[][] out = new float[windows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embedOne(windows.get(i));
        }
        return out;
    }

    public float[] embedOne(float[] samples) {
        Spectra s = spectra.get();
        float[][] power = s.power(samples);
        float[] energy = Spectra.logEnergy(power);
        float max = Float.NEGATIVE_INFINITY;
        for (float e : energy) {
            max = Math.max(max, e);
        }
        float[][] ceps = Spectra.cepstra(s.logMel(power), CEPS + 1, 22);
        List<float[]> kept = new ArrayList<>();
        for (int f = 0; f < ceps.length; f++) {
            if (energy[f] >= max - 6.9f) { // 30 dB below the loudest frame
                kept.add(Arrays.copyOfRange(ceps[f], 1, CEPS + 1));
            }
        }
        float[] v = new float[DIMENSION];
        int n = kept.size();
        for (float[] c : kept) {
            for (int k = 0; k < CEPS; k++) {
                v[k] += c[k] / n;
            }
        }
        for (float[] c : kept) {
            for (int k = 0; k < CEPS; k++) {
                v[CEPS + k] += (c[k] - v[k]) * (c[k] - v[k]) / n;
            }
        }
        for (int f = 2; f < n - 2; f++) {
            for (int k = 0; k < CEPS; k++) {
                float d = (2 * (kept.get(f + 2)[k] - kept.get(f - 2)[k]) + kept.get(f + 1)[k] - kept.get(f - 1)[k]) / 10f;
                v[2 * CEPS + k] += d * d / Math.max(1, n - 4);
            }
        }
        for (int k = 0; k < CEPS; k++) {
            v[CEPS + k] = (float) Math.sqrt(v[CEPS + k]);
            v[2 * CEPS + k] = (float) Math.sqrt(v[2 * CEPS + k]);
        }
        pitchStats(pitch.get().track(samples), v, 3 * CEPS);
        return v;
    }

    private static void pitchStats(float[] f0, float[] v, int at) {
        float[] voiced = new float[f0.length];
        int n = 0;
        double steps = 0;
        int stepCount = 0;
        float previous = Float.NaN;
        for (float f : f0) {
            if (f > 0) {
                float l = (float) (Math.log(f / 100.0) / Math.log(2));
                voiced[n++] = l;
                if (!Float.isNaN(previous)) {
                    steps += Math.abs(l - previous);
                    stepCount++;
                }
                previous = l;
            } else {
                previous = Float.NaN;
            }
        }
        if (n == 0) {
            return;
        }
        float[] sorted = Arrays.copyOf(voiced, n);
        Arrays.sort(sorted);
        v[at] = 10 * sorted[n / 2];
        v[at + 1] = 10 * (sorted[(3 * n) / 4] - sorted[n / 4]);
        v[at + 2] = 10f * n / f0.length;
        v[at + 3] = stepCount == 0 ? 0 : (float) (100 * steps / stepCount);
    }
}
