package io.faalive.serving.audio;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.faalive.serving.runtime.NetModel;
import io.faalive.serving.runtime.Vectors;
import java.util.List;

/**
 * A speaker-embedding network with the ECAPA-TDNN contract: input {@code [1, T, 80]} log
 * mel filter bank (25 ms / 10 ms frames, Hamming, means removed per utterance), output
 * {@code [1, D]}; the vector is L2-normalised. Windows are run one by one (T varies); the
 * single input is bound by position, whatever the network calls it.
 */
public final class NetVoiceEmbedder implements VoiceEmbedder {

    private final NetModel model;
    private final int dimension;
    private final ThreadLocal<Spectra> spectra = ThreadLocal.withInitial(() -> new Spectra(Spectra.Config.fbank80()));

    public NetVoiceEmbedder(NetModel model, int dimension) {
        this.model = model;
        this.dimension = dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The network's input for one window: mean-normalised 80-bin log filter bank, T x 80. */
    public float[][] fbank(float[] samples) {
        Spectra s = spectra.get();
        float[] scaled = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            scaled[i] = samples[i] * 32768f; // Kaldi feature scale (16-bit sample values)
        }
        float[][] fb = s.logMel(s.power(scaled));
        for (int m = 0; m < 80; m++) {
            double mean = 0;
            for (float[] row : fb) {
                mean += row[m] / fb.length;
            }
            for (float[] row : fb) {
                row[m] -= (float) mean;
            }
        }
        return fb;
    }

    @Override
    public float[][] embed(List<float[]> windows) {
        float[][] out = new float[windows.size()][];
        for (int i = 0; i < out.length; i++) {
            float[][] fb = fbank(windows.get(i));
            int t = fb.length;
            float[] flat = new float[t * 80];
            for (int f = 0; f < t; f++) {
                System.arraycopy(fb[f], 0, flat, f * 80, 80);
            }
            float[] v = model.run(m -> new NDList(m.create(flat, new Shape(1, t, 80))),
                    list -> list.get(0).toFloatArray());
            if (v.length != dimension) {
                throw new IllegalStateException("voice embedding network " + model.file().path() + " gives "
                        + v.length + "-d vectors, configured for " + dimension);
            }
            out[i] = Vectors.normalise(v);
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
