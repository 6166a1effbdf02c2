package io.faalive.serving.sync;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.faalive.serving.audio.Spectra;
import io.faalive.serving.runtime.NetModel;

/**
 * The Light-ASD active-speaker network as the sync cue: 13 MFCC at 100 Hz (computed as
 * python_speech_features does, on 16-bit sample values) and 112x112 gray face crops at
 * 25 fps go in, a speaking logit per video frame comes out (above 0 = speaking).
 */
public final class LightAsdSync implements AutoCloseable {

    public static final int FPS = 25;
    public static final int CROP = 112;
    private final NetModel network;
    private final NetModel head;
    private final ThreadLocal<Spectra> spectra = ThreadLocal.withInitial(() -> new Spectra(Spectra.Config.psf()));

    public LightAsdSync(NetModel network, NetModel head) {
        this.network = network;
        this.head = head;
    }

    /** MFCC rows (100 per second) of 16 kHz audio in [-1, 1]. */
    public float[][] mfcc(float[] audio) {
        Spectra s = spectra.get();
        float[] scaled = new float[audio.length];
        for (int i = 0; i < audio.length; i++) {
            scaled[i] = audio[i] * 32768f;
        }
        float[][] power = s.power(scaled);
        float[][] ceps = Spectra.cepstra(s.logMel(power), 13, 22);
        float[] energy = Spectra.logEnergy(power);
        for (int f = 0; f < ceps.length; f++) {
            ceps[f][0] = energy[f];
        }
        return ceps;
    }

    /**
     * Speaking logits, one per frame.
     *
     * @param faces gray crops, {@value #CROP}x{@value #CROP} bytes each, at 25 fps
     * @param mfcc at least {@code 4 * faces.length} rows, aligned with the first frame
     */
    public float[] logits(byte[][] faces, float[][] mfcc) {
        int tv = faces.length;
        int ta = 4 * tv;
        float[] visual = new float[tv * CROP * CROP];
        for (int t = 0; t < tv; t++) {
            for (int i = 0; i < CROP * CROP; i++) {
                visual[t * CROP * CROP + i] = faces[t][i] & 0xff;
            }
        }
        float[] audio = new float[ta * 13];
        for (int t = 0; t < ta; t++) {
            System.arraycopy(mfcc[Math.min(t, mfcc.length - 1)], 0, audio, t * 13, 13);
        }
        float[] fused = network.run(m -> new NDList(
                        NetModel.named(m.create(audio, new Shape(1, ta, 13)), "audio"),
                        NetModel.named(m.create(visual, new Shape(1, tv, CROP, CROP)), "visual")),
                list -> list.get("output").toFloatArray());
        int n = fused.length / 128;
        return head.run(m -> new NDList(NetModel.named(m.create(fused, new Shape(n, 128)), "input")),
                list -> list.get(0).toFloatArray());
    }

    @Override
    public void close() {
        network.close();
        head.close();
    }
}
