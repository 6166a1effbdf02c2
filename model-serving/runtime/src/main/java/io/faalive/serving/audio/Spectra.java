package io.faalive.serving.audio;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Short-time spectra: framing, optional pre-emphasis and window, power spectrum by JTransforms'
 * real FFT, triangular mel filter banks and the DCT-II. One instance per configuration; not
 * thread-safe (it reuses its FFT buffer).
 */
public final class Spectra {

    /** Frame and filter-bank settings. {@code hamming} false means a rectangular window. */
    public record Config(int sampleRate, int frameLength, int hop, int fftSize, int melBins, boolean hamming,
            float preEmphasis, boolean kaldiBins) {
        /** Kaldi-style 80-bin log filter bank (25 ms / 10 ms, Hamming), the ECAPA contract's input. */
        public static Config fbank80() {
            return new Config(16000, 400, 160, 512, 80, true, 0.97f, false);
        }

        /** python_speech_features' mfcc defaults (25 ms / 10 ms, rectangular, 26 filters), as Light-ASD was trained. */
        public static Config psf() {
            return new Config(16000, 400, 160, 512, 26, false, 0.97f, true);
        }
    }

    private final Config c;
    private final FloatFFT_1D fft;
    private final float[] buffer;
    private final float[] window;
    private final float[][] filters;

    public Spectra(Config config) {
        this.c = config;
        this.fft = new FloatFFT_1D(config.fftSize());
        this.buffer = new float[config.fftSize()];
        this.window = new float[config.frameLength()];
        for (int i = 0; i < window.length; i++) {
            window[i] = config.hamming() ? (float) (0.54 - 0.46 * Math.cos(2 * Math.PI * i / (window.length - 1))) : 1f;
        }
        this.filters = melFilters(config);
    }

    public Config config() {
        return c;
    }

    /** Number of frames for {@code n} samples: the last partial frame is zero-padded. */
    public int frames(int n) {
        return n <= c.frameLength() ? 1 : 1 + (int) Math.ceil((n - c.frameLength()) / (double) c.hop());
    }

    /** Power spectra {@code |FFT|^2 / fftSize}, one row of {@code fftSize/2+1} bins per frame. */
    public float[][] power(float[] samples) {
        float[] x = preEmphasis(samples);
        int frames = frames(x.length);
        int bins = c.fftSize() / 2 + 1;
        float[][] out = new float[frames][bins];
        for (int f = 0; f < frames; f++) {
            java.util.Arrays.fill(buffer, 0f);
            int start = f * c.hop();
            for (int i = 0; i < c.frameLength() && start + i < x.length; i++) {
                buffer[i] = x[start + i] * window[i];
            }
            fft.realForward(buffer);
            float[] row = out[f];
            float norm = 1f / c.fftSize();
            row[0] = buffer[0] * buffer[0] * norm;
            row[bins - 1] = buffer[1] * buffer[1] * norm;
            for (int k = 1; k < bins - 1; k++) {
                float re = buffer[2 * k];
                float im = buffer[2 * k + 1];
                row[k] = (re * re + im * im) * norm;
            }
        }
        return out;
    }

    /** Natural log of the mel filter-bank energies, floored at 1e-10. */
    public float[][] logMel(float[][] power) {
        float[][] out = new float[power.length][c.melBins()];
        for (int f = 0; f < power.length; f++) {
            for (int m = 0; m < c.melBins(); m++) {
                double e = 0;
                float[] w = filters[m];
                for (int k = 0; k < w.length; k++) {
                    e += w[k] * power[f][k];
                }
                out[f][m] = (float) Math.log(Math.max(e, 1e-10));
            }
        }
        return out;
    }

    /** Log of the total power of each frame. */
    public static float[] logEnergy(float[][] power) {
        float[] out = new float[power.length];
        for (int f = 0; f < power.length; f++) {
            double e = 0;
            for (float p : power[f]) {
                e += p;
            }
            out[f] = (float) Math.log(Math.max(e, 1e-10));
        }
        return out;
    }

    /**
     * Cepstra: orthonormal DCT-II of each log-mel row, first {@code count} coefficients,
     * sinusoidal liftering with {@code lifter} (0 = none).
     */
    public static float[][] cepstra(float[][] logMel, int count, int lifter) {
        int m = logMel[0].length;
        float[][] basis = new float[count][m];
        for (int k = 0; k < count; k++) {
            double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / m);
            double lift = lifter > 0 ? 1 + lifter / 2.0 * Math.sin(Math.PI * k / lifter) : 1;
            for (int n = 0; n < m; n++) {
                basis[k][n] = (float) (scale * lift * Math.cos(Math.PI * k * (2 * n + 1) / (2.0 * m)));
            }
        }
        float[][] out = new float[logMel.length][count];
        for (int f = 0; f < logMel.length; f++) {
            for (int k = 0; k < count; k++) {
                double s = 0;
                for (int n = 0; n < m; n++) {
                    s += basis[k][n] * logMel[f][n];
                }
                out[f][k] = (float) s;
            }
        }
        return out;
    }

    private float[] preEmphasis(float[] s) {
        if (c.preEmphasis() == 0 || s.length == 0) {
            return s;
        }
        float[] y = new float[s.length];
        y[0] = s[0];
        for (int i = 1; i < s.length; i++) {
            y[i] = s[i] - c.preEmphasis() * s[i - 1];
        }
        return y;
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /**
     * Triangular filters on the mel scale from 0 Hz to Nyquist. {@code kaldiBins} places the
     * corners on FFT bins the way python_speech_features does ({@code floor((N+1) f / sr)}),
     * otherwise the triangles are evaluated at each bin's exact frequency.
     */
    private static float[][] melFilters(Config c) {
        int bins = c.fftSize() / 2 + 1;
        int m = c.melBins();
        double lo = mel(0);
        double hi = mel(c.sampleRate() / 2.0);
        double[] corners = new double[m + 2];
        for (int i = 0; i < m + 2; i++) {
            corners[i] = hz(lo + (hi - lo) * i / (m + 1));
        }
        float[][] w = new float[m][bins];
        for (int j = 0; j < m; j++) {
            if (c.kaldiBins()) {
                int b0 = (int) Math.floor((c.fftSize() + 1) * corners[j] / c.sampleRate());
                int b1 = (int) Math.floor((c.fftSize() + 1) * corners[j + 1] / c.sampleRate());
                int b2 = (int) Math.floor((c.fftSize() + 1) * corners[j + 2] / c.sampleRate());
                for (int i = b0; i < b1; i++) {
                    w[j][i] = (i - b0) / (float) (b1 - b0);
                }
                for (int i = b1; i < b2 && i < bins; i++) {
                    w[j][i] = (b2 - i) / (float) (b2 - b1);
                }
            } else {
                for (int k = 0; k < bins; k++) {
                    double f = k * c.sampleRate() / (double) c.fftSize();
                    double up = (f - corners[j]) / (corners[j + 1] - corners[j]);
                    double down = (corners[j + 2] - f) / (corners[j + 2] - corners[j + 1]);
                    w[j][k] = (float) Math.max(0, Math.min(up, down));
                }
            }
        }
        return w;
    }
}
