package io.faalive.serving.audio;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.faalive.serving.runtime.NetModel;
import java.util.Arrays;

/**
 * Silero VAD at 16 kHz: each 512-sample frame (32 ms) is fed with the previous 64 samples of
 * context and the recurrent state; the output is the frame's speech probability. The state
 * of a stream lives in {@link State}, so a keyed operator can checkpoint it.
 */
public final class SileroVad implements AutoCloseable {

    public static final int SAMPLE_RATE = 16000;
    public static final int FRAME = 512;
    public static final int CONTEXT = 64;
    public static final double FRAME_MS = FRAME * 1000.0 / SAMPLE_RATE;

    /** The per-stream state: recurrent state, context samples and samples not yet framed. */
    public static final class State {
        public float[] rnn = new float[2 * 128];
        public float[] context = new float[CONTEXT];
        public float[] pending = new float[0];

        public State() {}
    }

    private final NetModel model;

    public SileroVad(NetModel model) {
        this.model = model;
    }

    /** Appends {@code samples} (in [-1, 1]) and returns the probability of each completed frame. */
    public float[] process(State state, float[] samples) {
        float[] all = new float[state.pending.length + samples.length];
        System.arraycopy(state.pending, 0, all, 0, state.pending.length);
        System.arraycopy(samples, 0, all, state.pending.length, samples.length);
        int frames = all.length / FRAME;
        float[] probs = new float[frames];
        for (int f = 0; f < frames; f++) {
            float[] input = new float[CONTEXT + FRAME];
            System.arraycopy(state.context, 0, input, 0, CONTEXT);
            System.arraycopy(all, f * FRAME, input, CONTEXT, FRAME);
            float[] rnn = state.rnn;
            float[][] out = model.run(m -> new NDList(
                            NetModel.named(m.create(input, new Shape(1, CONTEXT + FRAME)), "input"),
                            NetModel.named(m.create(rnn, new Shape(2, 1, 128)), "state"),
                            NetModel.named(m.create((long) SAMPLE_RATE), "sr")),
                    list -> new float[][] {list.get("output").toFloatArray(), list.get("stateN").toFloatArray()});
            probs[f] = out[0][0];
            state.rnn = out[1];
            state.context = Arrays.copyOfRange(input, input.length - CONTEXT, input.length);
        }
        state.pending = Arrays.copyOfRange(all, frames * FRAME, all.length);
        return probs;
    }

    @Override
    public void close() {
        model.close();
    }
}
