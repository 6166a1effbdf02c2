package io.faalive.serving.audio;

import java.util.List;

/** Embeds windows of 16 kHz mono speech (samples in [-1, 1]) into fixed-size vectors. */
public interface VoiceEmbedder extends AutoCloseable {

    int dimension();

    float[][] embed(List<float[]> windows);

    @Override
    default void close() {}
}
