package io.faalive.serving.speaker;

/**
 * Kaldi's {@code LinearResample} for an integer rate ratio (16 kHz to 8 kHz here): a
 * Hann-windowed sinc low-pass filter with its cutoff at the lower Nyquist frequency and
 * {@code numZeros} zero crossings on each side, as Vosk's online features use it with
 * {@code allow-downsample}. Output sample {@code k} sits at time {@code k / outRate}; the
 * signal is zero outside the input; the output has Kaldi's flushed length
 * {@code ceil(N * outRate / inRate)}. Immutable and thread-safe.
 */
public final class LinearResampler {

    private final int step;
    private final int firstOffset;
    private final float[] weights;

    public LinearResampler(int inRate, int outRate, int numZeros) {
        if (inRate % outRate != 0) {
            throw new IllegalArgumentException("resampling needs an integer ratio, not " + inRate + " -> " + outRate + " Hz");
        }
        this.step = inRate / outRate;
        double cutoff = Math.min(inRate, outRate) / 2.0;
        double windowWidth = numZeros / (2.0 * cutoff);
        int min = (int) Math.ceil(-windowWidth * inRate);
        int max = (int) Math.floor(windowWidth * inRate);
        this.firstOffset = min;
        this.weights = new float[max - min + 1];
        for (int j = 0; j < weights.length; j++) {
            double t = (min + j) / (double) inRate;
            weights[j] = (float) (filter(t, cutoff, windowWidth, numZeros) / inRate);
        }
    }

    /** Kaldi's 16 kHz to 8 kHz resampler (cutoff 4 kHz, 6 zero crossings). */
    public static LinearResampler to8k() {
        return new LinearResampler(16000, 8000, 6);
    }

    private static double filter(double t, double cutoff, double windowWidth, int numZeros) {
        double window = Math.abs(t) < windowWidth ? 0.5 * (1 + Math.cos(2 * Math.PI * cutoff / numZeros * t)) : 0;
        double sinc = t != 0 ? Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t) : 2 * cutoff;
        return sinc * window;
    }

    public float[] resample(float[] in) {
        int n = (in.length + step - 1) / step;
        float[] out = new float[n];
        for (int k = 0; k < n; k++) {
            int first = k * step + firstOffset;
            int from = Math.max(0, -first);
            int to = Math.min(weights.length, in.length - first);
            double sum = 0;
            for (int j = from; j < to; j++) {
                sum += weights[j] * in[first + j];
            }
            out[k] = (float) sum;
        }
        return out;
    }
}
