package io.faalive.serving.sync;

import java.util.List;

/**
 * The audio-visual sync cue without a model: the Pearson correlation between a track's mouth
 * opening and the speech energy envelope (log RMS over 40 ms) at the same media times, taking
 * the best over small audio lags (speech energy may lead or trail the visible opening).
 * Near 1 when the mouth moves with the voice, near 0 for a listener.
 */
public final class EnvelopeSync {

    private final int maxLagMs;
    private final int lagStepMs;

    public EnvelopeSync(int maxLagMs, int lagStepMs) {
        this.maxLagMs = maxLagMs;
        this.lagStepMs = lagStepMs;
    }

    public static EnvelopeSync defaults() {
        return new EnvelopeSync(120, 40);
    }

    /**
     * @param mouth rows of (media ms, opening)
     * @param audio 16 kHz mono samples starting at {@code audioStartMs}
     * @return the score in [-1, 1], or NaN when there are fewer than 4 samples or no variation
     */
    public double score(List<float[]> mouth, float[] audio, long audioStartMs) {
        if (mouth.size() < 4) {
            return Double.NaN;
        }
        double best = Double.NaN;
        for (int lag = -maxLagMs; lag <= maxLagMs; lag += lagStepMs) {
            double[] x = new double[mouth.size()];
            double[] y = new double[mouth.size()];
            int n = 0;
            for (float[] m : mouth) {
                double e = logRms(audio, (long) m[0] + lag - audioStartMs);
                if (!Double.isNaN(e)) {
                    x[n] = m[1];
                    y[n] = e;
                    n++;
                }
            }
            double r = pearson(x, y, n);
            if (!Double.isNaN(r) && (Double.isNaN(best) || r > best)) {
                best = r;
            }
        }
        return best;
    }

    /** log RMS of 40 ms of audio centred at {@code ms} from the audio start, NaN outside the audio. */
    static double logRms(float[] audio, long ms) {
        int centre = (int) (ms * 16);
        int from = centre - 320;
        int to = centre + 320;
        if (from < 0 || to > audio.length) {
            return Double.NaN;
        }
        double sq = 0;
        for (int i = from; i < to; i++) {
            sq += audio[i] * audio[i];
        }
        return 0.5 * Math.log(sq / (to - from) + 1e-8);
    }

    static double pearson(double[] x, double[] y, int n) {
        if (n < 4) {
            return Double.NaN;
        }
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx <= 1e-12 || syy <= 1e-12 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
}
