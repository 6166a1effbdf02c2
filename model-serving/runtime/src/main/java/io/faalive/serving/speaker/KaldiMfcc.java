package io.faalive.serving.speaker;

import io.faalive.serving.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Kaldi's MFCC ({@code compute-mfcc-feats}) with the options of an {@code mfcc.conf} and
 * Kaldi's defaults for the rest: frames of 25 ms every 10 ms with snip-edges
 * ({@code T = 1 + (N - window) / shift}); per frame the DC offset removed, the raw log energy
 * taken, pre-emphasis 0.97, the Povey window, a power spectrum over the next power of two,
 * triangular mel filters between the low and high frequency, their log, a DCT-II and the
 * cepstral lifter; c0 is replaced by the raw log energy. No dither (Kaldi's default dither is
 * random; turning it off changes vectors by about 0.001 in cosine). Samples are at int16
 * scale. One instance per thread (it keeps FFT buffers).
 */
public final class KaldiMfcc {

    /** The options this implementation honours; {@link #read} refuses any other. */
    public record Options(int sampleRate, int numMelBins, int numCeps, float lowFreq, float highFreq, float lifter) {

        /** Kaldi's defaults at a sample rate, with {@code mfcc.conf}'s settings over them. */
        static Options of(Map<String, String> conf, Path file) {
            int rate = (int) number(conf, "sample-frequency", 16000, file);
            float high = number(conf, "high-freq", 0, file);
            return new Options(rate, (int) number(conf, "num-mel-bins", 23, file), (int) number(conf, "num-ceps", 13, file),
                    number(conf, "low-freq", 20, file), high > 0 ? high : rate / 2f + high, number(conf, "cepstral-lifter", 22, file));
        }

        private static float number(Map<String, String> conf, String key, float fallback, Path file) {
            String v = conf.get(key);
            try {
                return v == null ? fallback : Float.parseFloat(v);
            } catch (NumberFormatException e) {
                throw new ModelLoadException(file.toAbsolutePath() + ": --" + key + " must be a number, found " + v);
            }
        }
    }

    private static final java.util.Set<String> HONOURED = java.util.Set.of(
            "sample-frequency", "num-mel-bins", "num-ceps", "low-freq", "high-freq", "cepstral-lifter", "allow-downsample");

    private final Options options;
    private final int windowSize;
    private final int shift;
    private final int fftSize;
    private final float[] povey;
    /** Per mel bin: first FFT bin and weights. */
    private final int[] melFirst;
    private final float[][] melWeights;
    private final float[][] dct;
    private final float[] lifter;
    private final FloatFFT_1D fft;
    private final float[] frame;
    private final float[] mel;

    public KaldiMfcc(Options options) {
        this.options = options;
        this.windowSize = options.sampleRate() * 25 / 1000;
        this.shift = options.sampleRate() * 10 / 1000;
        this.fftSize = Integer.highestOneBit(windowSize - 1) << 1;
        this.povey = new float[windowSize];
        for (int i = 0; i < windowSize; i++) {
            povey[i] = (float) Math.pow(0.5 - 0.5 * Math.cos(2 * Math.PI * i / (windowSize - 1)), 0.85);
        }
        int bins = options.numMelBins();
        this.melFirst = new int[bins];
        this.melWeights = new float[bins][];
        melBanks();
        this.dct = new float[options.numCeps()][bins];
        for (int k = 0; k < options.numCeps(); k++) {
            double norm = Math.sqrt((k == 0 ? 1.0 : 2.0) / bins);
            for (int n = 0; n < bins; n++) {
                dct[k][n] = (float) (norm * Math.cos(Math.PI / bins * (n + 0.5) * k));
            }
        }
        this.lifter = new float[options.numCeps()];
        for (int i = 0; i < lifter.length; i++) {
            lifter[i] = options.lifter() == 0 ? 1f : (float) (1 + 0.5 * options.lifter() * Math.sin(Math.PI * i / options.lifter()));
        }
        this.fft = new FloatFFT_1D(fftSize);
        this.frame = new float[fftSize];
        this.mel = new float[bins];
    }

    /** Reads an {@code mfcc.conf} ({@code --key=value} lines), refusing options this class does not implement. */
    public static Options read(Path conf) {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(conf)) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (!line.startsWith("--") || eq < 0) {
                    throw new ModelLoadException(conf.toAbsolutePath() + ": expected --key=value lines, found " + line);
                }
                String key = line.substring(2, eq);
                if (!HONOURED.contains(key)) {
                    throw new ModelLoadException(conf.toAbsolutePath() + ": option --" + key + " is not implemented (expected one of " + HONOURED + ")");
                }
                values.put(key, line.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + conf.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return Options.of(values, conf);
    }

    public Options options() {
        return options;
    }

    /** Frames in {@code n} samples (snip-edges): {@code 1 + (n - 200) / 80} at 8 kHz, 0 when shorter than a frame. */
    public int frames(int n) {
        return n < windowSize ? 0 : 1 + (n - windowSize) / shift;
    }

    /** MFCCs, one row of {@code numCeps} per frame, c0 the raw log energy. */
    public float[][] compute(float[] samples) {
        float[][] out = new float[frames(samples.length)][];
        for (int f = 0; f < out.length; f++) {
            out[f] = frame(samples, f * shift);
        }
        return out;
    }

    private float[] frame(float[] samples, int start) {
        double mean = 0;
        for (int i = 0; i < windowSize; i++) {
            mean += samples[start + i];
        }
        mean /= windowSize;
        float energy = 0;
        for (int i = 0; i < windowSize; i++) {
            frame[i] = (float) (samples[start + i] - mean);
            energy += frame[i] * frame[i];
        }
        float logEnergy = (float) Math.log(Math.max(energy, Math.ulp(1f)));
        for (int i = windowSize - 1; i > 0; i--) {
            frame[i] -= 0.97f * frame[i - 1];
        }
        frame[0] -= 0.97f * frame[0];
        for (int i = 0; i < windowSize; i++) {
            frame[i] *= povey[i];
        }
        java.util.Arrays.fill(frame, windowSize, fftSize, 0f);
        fft.realForward(frame);
        // realForward packs Re[0], Re[n/2], then Re[k], Im[k]; the mel filters read bins 0..n/2-1.
        frame[1] = 0;
        for (int b = 0; b < mel.length; b++) {
            float sum = 0;
            float[] w = melWeights[b];
            for (int j = 0; j < w.length; j++) {
                int k = melFirst[b] + j;
                float re = frame[2 * k];
                float im = frame[2 * k + 1];
                sum += w[j] * (re * re + im * im);
            }
            mel[b] = (float) Math.log(Math.max(sum, Math.ulp(1f)));
        }
        float[] ceps = new float[dct.length];
        for (int k = 0; k < ceps.length; k++) {
            float s = 0;
            for (int n = 0; n < mel.length; n++) {
                s += dct[k][n] * mel[n];
            }
            ceps[k] = s * lifter[k];
        }
        ceps[0] = logEnergy;
        return ceps;
    }

    private void melBanks() {
        int bins = options.numMelBins();
        double binWidth = options.sampleRate() / (double) fftSize;
        double low = melScale(options.lowFreq());
        double high = melScale(options.highFreq());
        double delta = (high - low) / (bins + 1);
        for (int b = 0; b < bins; b++) {
            double left = low + b * delta;
            double centre = low + (b + 1) * delta;
            double right = low + (b + 2) * delta;
            float[] w = new float[fftSize / 2];
            int first = -1;
            int last = -1;
            for (int i = 0; i < fftSize / 2; i++) {
                double m = melScale(binWidth * i);
                if (m > left && m < right) {
                    w[i] = (float) (m <= centre ? (m - left) / (centre - left) : (right - m) / (right - centre));
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            melFirst[b] = Math.max(first, 0);
            melWeights[b] = first < 0 ? new float[0] : java.util.Arrays.copyOfRange(w, first, last + 1);
        }
    }

    private static double melScale(double hz) {
        return 1127.0 * Math.log(1 + hz / 700.0);
    }
}
