package io.faalive.serving.audio;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Fundamental frequency by normalised autocorrelation (computed with an FFT) on 40 ms frames
 * every 10 ms, searched between 60 and 400 Hz. A frame is voiced when its autocorrelation
 * peak reaches {@code 0.5} and it is not much quieter than the loudest frame.
 */
public final class Pitch {

    private static final int SR = 16000;
    private static final int FRAME = 640;
    private static final int HOP = 160;
    private static final int N = 2048;
    private static final int MIN_LAG = SR / 400;
    private static final int MAX_LAG = SR / 60;
    private final FloatFFT_1D fft = new FloatFFT_1D(N);
    private final float[] buf = new float[N];

    /** f0 in Hz per frame, 0 for unvoiced frames. */
    public float[] track(float[] samples) {
        int frames = samples.length < FRAME ? 0 : 1 + (samples.length - FRAME) / HOP;
        float[] f0 = new float[frames];
        float[] energy = new float[frames];
        float maxEnergy = 0;
        for (int f = 0; f < frames; f++) {
            double e = 0;
            for (int i = 0; i < FRAME; i++) {
                float v = samples[f * HOP + i];
                e += v * v;
            }
            energy[f] = (float) e;
            maxEnergy = Math.max(maxEnergy, energy[f]);
        }
        for (int f = 0; f < frames; f++) {
            if (energy[f] < maxEnergy * 1e-3 || energy[f] <= 0) {
                continue;
            }
            java.util.Arrays.fill(buf, 0f);
            double mean = 0;
            for (int i = 0; i < FRAME; i++) {
                mean += samples[f * HOP + i];
            }
            mean /= FRAME;
            for (int i = 0; i < FRAME; i++) {
                double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (FRAME - 1));
                buf[i] = (float) ((samples[f * HOP + i] - mean) * hann);
            }
            fft.realForward(buf);
            // power spectrum in place, then the inverse transform gives the autocorrelation
            buf[0] = buf[0] * buf[0];
            buf[1] = buf[1] * buf[1];
            for (int k = 1; k < N / 2; k++) {
                float re = buf[2 * k];
                float im = buf[2 * k + 1];
                buf[2 * k] = re * re + im * im;
                buf[2 * k + 1] = 0;
            }
            fft.realInverse(buf, false);
            float r0 = buf[0];
            if (r0 <= 0) {
                continue;
            }
            int best = -1;
            float bestValue = 0;
            for (int lag = MIN_LAG; lag <= MAX_LAG; lag++) {
                // unbiased by the Hann window's own autocorrelation, approximately (1 - lag/FRAME)
                float r = buf[lag] / r0 / (1f - lag / (float) FRAME);
                if (r > bestValue) {
                    bestValue = r;
                    best = lag;
                }
            }
            if (best > 0 && bestValue >= 0.5f) {
                // the shortest lag whose local peak comes within 10% of the best avoids octave-down errors
                for (int lag = MIN_LAG + 1; lag < best; lag++) {
                    float r = buf[lag] / r0 / (1f - lag / (float) FRAME);
                    if (r >= 0.9f * bestValue && r >= buf[lag - 1] / r0 / (1f - (lag - 1) / (float) FRAME)
                            && r >= buf[lag + 1] / r0 / (1f - (lag + 1) / (float) FRAME)) {
                        best = lag;
                        break;
                    }
                }
                f0[f] = SR / (float) best;
            }
        }
        return f0;
    }
}
